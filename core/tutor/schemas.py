from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from core.german import Article, CefrLevel, Gender, PartOfSpeechOrUnknown

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Sentence = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]


class WordAnalysis(BaseModel):
    """What the tutor knows about a German word; fields it cannot vouch for are left empty."""

    lemma: Short
    pos: PartOfSpeechOrUnknown = "unknown"
    gender: Gender | None = None
    plural: Short | None = None
    translations: list[Short] = Field(default_factory=list, max_length=5)
    example_de: Sentence | None = None
    example_en: Sentence | None = None
    source: Literal["claude", "offline"]
    note: Short | None = None


ErrorCategory = Literal[
    "gender_article",
    "case",
    "verb_conjugation",
    "verb_position",
    "tense",
    "preposition",
    "spelling",
    "word_choice",
]
ERROR_CATEGORIES: tuple[ErrorCategory, ...] = (
    "gender_article",
    "case",
    "verb_conjugation",
    "verb_position",
    "tense",
    "preposition",
    "spelling",
    "word_choice",
)


class Correction(BaseModel):
    """One mistake in what the learner wrote: the span as written and as it should be."""

    category: ErrorCategory
    original: Short = Field(description="The wrong span exactly as the learner wrote it.")
    corrected: Short = Field(description="The corrected span.")
    explanation: Sentence = Field(description="Why, briefly, in English.")
    topic_slug: Short | None = Field(
        default=None, description="The grammar topic that explains it (a slug), if one fits."
    )


class NewWord(BaseModel):
    lemma: Short = Field(description="Dictionary form, nouns capitalised, without article.")
    article: Article | None = None
    plural: Short | None = Field(default=None, description="Nominative plural, for nouns.")
    translation: Short
    example_de: Sentence | None = None


class TutorReply(BaseModel):
    """Everything one conversation turn produces, from one call."""

    reply: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1500)]
    corrections: list[Correction] = Field(default_factory=list, max_length=10)
    new_words: list[NewWord] = Field(default_factory=list, max_length=8)
    level_estimate: CefrLevel | None = None


class Judgement(BaseModel):
    """Is a learner's free answer (a translation, a corrected sentence) right?"""

    accept: bool = Field(description="True when the answer is correct, natural German.")
    reason: Sentence = Field(
        min_length=1, description="One short sentence in English: why it is right or wrong."
    )
