from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Sentence = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]


class WordAnalysis(BaseModel):
    """What the tutor knows about a German word; fields it cannot vouch for are left empty."""

    lemma: Short
    pos: Literal[
        "noun",
        "verb",
        "adjective",
        "adverb",
        "preposition",
        "conjunction",
        "pronoun",
        "determiner",
        "numeral",
        "particle",
        "interjection",
        "phrase",
        "unknown",
    ] = "unknown"
    gender: Literal["m", "f", "n", "pl"] | None = None
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
LevelCode = Literal["A1", "A2", "B1", "B2", "C1", "C2"]


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
    article: Literal["der", "die", "das"] | None = None
    translation: Short
    example_de: Sentence | None = None


class TutorReply(BaseModel):
    """Everything one conversation turn produces, from one call."""

    reply: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1500)]
    corrections: list[Correction] = Field(default_factory=list, max_length=10)
    new_words: list[NewWord] = Field(default_factory=list, max_length=8)
    level_estimate: LevelCode | None = None
