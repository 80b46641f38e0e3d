"""German lexical data from the Wiktionary-derived `german-nouns` package, loaded once."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from core.german import SINGULAR_GENDERS, SingularGender
from core.heap import freeze_long_lived

_lock = threading.Lock()


@dataclass(frozen=True)
class NounFacts:
    lemma: str
    gender: SingularGender
    plural: str | None
    genitive: str | None


@cache
def _nouns() -> Any:
    with _lock:
        from german_nouns.lookup import Nouns

        nouns = Nouns()
        # ~390,000 lists and dicts the cyclic collector would otherwise walk at every full
        # collection for the rest of the process's life (~190 ms pauses under load).
        freeze_long_lived()
        return nouns


def noun_lexicon() -> Any:
    """The whole german-nouns lookup (every reading and its inflected forms)."""
    return _nouns()


def noun_facts(word: str) -> NounFacts | None:
    """The first reading of a capitalised noun with a gender; None when unknown.

    Blocking (the first call loads ~100k nouns); from async code use `noun_facts_async`.
    """
    if not word or not word[0].isupper():
        return None
    for reading in _nouns()[word]:
        gender = reading.get("genus")
        if reading.get("lemma") != word or gender not in SINGULAR_GENDERS:
            continue
        flexion: dict[str, str] = reading.get("flexion", {})
        plural = flexion.get("nominativ plural") or flexion.get("nominativ plural 1")
        return NounFacts(word, gender, plural, flexion.get("genitiv singular"))
    return None


async def noun_facts_async(word: str) -> NounFacts | None:
    return await asyncio.to_thread(noun_facts, word)


@cache
def lemma_dictionary() -> Any:
    """simplemma's German word forms and their lemmas (case-sensitive keys)."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    return DefaultDictionaryFactory().get_dictionary("de")


def typed_noun_facts(bare: str, *, with_article: bool) -> NounFacts | None:
    """The noun a learner typed, often in lowercase ("leuchtturm"): capitalised when it came
    with an article, or when it is lowercase and no other word is spelled so. A word that is
    its own lemma in lowercase stays what it is ("arm", "leben" are not "der Arm", "das
    Leben"); a form of another lemma does not ("haus" is also a form of "hausen").

    Blocking; from async code use `typed_noun_facts_async`."""
    if with_article or not bare[:1].islower():
        return noun_facts(bare[:1].upper() + bare[1:])
    if lemma_dictionary().get(bare) == bare:
        return None
    return noun_facts(bare[:1].upper() + bare[1:])


async def typed_noun_facts_async(bare: str, *, with_article: bool) -> NounFacts | None:
    return await asyncio.to_thread(typed_noun_facts, bare, with_article=with_article)


@cache
def noun_lemmas() -> tuple[str, ...]:
    """Every capitalised noun lemma of german-nouns, once (for "did you mean")."""
    rows = _nouns().data
    return tuple(sorted({row[0] for row in rows if row and row[0][:1].isupper()}))
