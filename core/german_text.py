"""German text helpers: umlaut-insensitive search keys, lemma keys, articles in text."""

from __future__ import annotations

import unicodedata

from core.german import ARTICLE_BY_GENDER, GENDER_BY_ARTICLE

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def fold(text: str) -> str:
    """Search key: case-, umlaut- and transliteration-insensitive ("Schön", "schoen" → "schon")."""
    folded = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    for pair, vowel in (("ae", "a"), ("oe", "o"), ("ue", "u")):
        folded = folded.replace(pair, vowel)
    return " ".join(folded.split())


def lemma_key(lemma: str, pos: str) -> str:
    """One deck entry per word and part of speech ("Essen" the noun, "essen" the verb)."""
    return f"{fold(lemma)}:{pos}"


def split_article(text: str) -> tuple[str | None, str]:
    """("der", "Hund") for "der Hund"; (None, text) when there is no leading article."""
    parts = text.strip().split(maxsplit=1)
    if len(parts) == 2 and parts[0].lower() in GENDER_BY_ARTICLE:
        return parts[0].lower(), parts[1].strip()
    return None, text.strip()


def with_article(lemma: str, gender: str | None) -> str:
    return f"{ARTICLE_BY_GENDER[gender]} {lemma}" if gender else lemma
