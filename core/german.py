"""German domain words, each spelled out once: CEFR levels, noun genders and their definite
articles, parts of speech. Core, seeds, the API and the bot use these types and tuples
instead of writing "A1" or ("der", "die", "das") again."""

from __future__ import annotations

from typing import Literal, get_args

# --- CEFR levels, easiest first -------------------------------------------------------------

CefrLevel = Literal["A1", "A2", "B1", "B2", "C1", "C2"]
CEFR_LEVELS: tuple[CefrLevel, ...] = get_args(CefrLevel)
CEFR_LEVEL_NAMES: dict[CefrLevel, str] = {
    "A1": "Beginner",
    "A2": "Elementary",
    "B1": "Intermediate",
    "B2": "Upper intermediate",
    "C1": "Advanced",
    "C2": "Proficient",
}
# Where a new learner starts until they choose.
BEGINNER_LEVEL: CefrLevel = CEFR_LEVELS[0]


def level_rank(level: CefrLevel) -> int:
    """0 for A1 up to 5 for C2: levels compare by rank, never as strings."""
    return CEFR_LEVELS.index(level)


# --- Genders and articles -------------------------------------------------------------------

SingularGender = Literal["m", "f", "n"]
# "pl": a plural-only noun (die Leute), which has no singular gender.
Gender = Literal[SingularGender, "pl"]
SINGULAR_GENDERS: tuple[SingularGender, ...] = get_args(SingularGender)
GENDERS: tuple[Gender, ...] = get_args(Gender)
GENDER_NAMES: dict[str, str] = {
    "m": "masculine",
    "f": "feminine",
    "n": "neuter",
    "pl": "plural",
}

Article = Literal["der", "die", "das"]
ARTICLES: tuple[Article, ...] = get_args(Article)
ARTICLE_BY_GENDER: dict[str, Article] = {"m": "der", "f": "die", "n": "das", "pl": "die"}
# Only singular genders: "die" is read as feminine, never as plural-only.
GENDER_BY_ARTICLE: dict[str, SingularGender] = {"der": "m", "die": "f", "das": "n"}


def article_of(gender: str | None) -> Article | None:
    """The definite article (nominative) of a noun of `gender`; None without a gender."""
    return ARTICLE_BY_GENDER.get(gender) if gender else None


# --- Parts of speech ------------------------------------------------------------------------

PartOfSpeech = Literal[
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
]
PARTS_OF_SPEECH: tuple[PartOfSpeech, ...] = get_args(PartOfSpeech)
# A word a learner typed outside the catalogue may not be classified (yet).
PartOfSpeechOrUnknown = Literal[PartOfSpeech, "unknown"]
# The open (lexical) word classes: plenty of words each, every one with a clear meaning.
OPEN_WORD_CLASSES: tuple[PartOfSpeech, ...] = ("noun", "verb", "adjective", "adverb")
