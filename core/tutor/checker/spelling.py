"""Spelling checks of the offline checker (core/tutor/checker/): nouns written lowercase, and
ß/ss and umlauts in known words.

Precision first, like the rest of the checker:

- A lowercase word is reported as a noun only when german-nouns knows its capitalised form as a
  noun (outside the genitive: "abends", "falls" are adverbs) and nothing says it is also a
  common non-noun: the vocabulary's adjectives, adverbs and function words, every verb form the
  checker knows (with imperatives: "schlaf gut"), declined adjectives, and nominalised
  infinitives ("das essen" may be "I can eat that"). The first word of a sentence is never
  reported (chat leniency).
- A word is respelled only when it is unknown as written and exactly one variant with the
  fewest changes (ss → ß, ß → ss, a/o/u → ä/ö/ü) is a known word: a noun form, a verb form, a
  vocabulary word or a declined adjective. "schon"/"schön" are both words: nothing is said.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from core.lexicon import noun_lexicon
from core.tutor.checker import data
from core.tutor.schemas import Correction

__all__ = ["noun_spelling_variants", "spelling_corrections"]

_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:…\n\"„“]\s*$")
_ADJECTIVE_ENDINGS = (
    "",
    "e",
    "en",
    "er",
    "es",
    "em",
    "ere",
    "eren",
    "erer",
    "eres",
    "erem",
    "r",
    "re",
    "ren",
)
_UMLAUT = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}
_GENITIVE = "genitiv"
_MAX_CHANGES = 3
# Determiners after which a word is a noun or an adjective, never a verb ("eine frage").
_NOUN_DETERMINERS = data.NOUN_DETERMINERS


_PREFIXES = tuple(
    sorted(data.SEPARABLE_PREFIXES | {"an", "auf", "aus", "ein", "mit", "vor", "zu", "ab"}, key=len)
)
_PARTICIPLE_RE = re.compile(r"[a-zäöü]{0,9}ge[a-zäöüß]{2,}(?:t|en)")


def _verb_like(word: str, verb_forms: frozenset[str]) -> bool:
    """A verb form, also with a separable prefix ("anrufe", "anzurufen"), or a participle."""
    if word in verb_forms or _PARTICIPLE_RE.fullmatch(word):
        return True
    for prefix in _PREFIXES:
        rest = word[len(prefix) :] if word.startswith(prefix) else ""
        if rest and (rest in verb_forms or (rest.startswith("zu") and rest[2:] in verb_forms)):
            return True
    return False


def _non_noun(word: str, verb_forms: frozenset[str]) -> bool:
    """A lowercase word that is (also) a common non-noun."""
    if word in data.CATALOGUE_NON_NOUNS or word in data.LOWERCASE_WORDS:
        return True
    return _verb_like(word, verb_forms) or _adjective_form(word)


def _adjective_form(word: str) -> bool:
    """A declined or compared form of an adjective the checker knows ("kleine", "größeren")."""
    adjectives = data.KNOWN_ADJECTIVES | data.CATALOGUE_NON_NOUNS | data.SHARP_S_WORDS
    for ending in _ADJECTIVE_ENDINGS:
        if ending and not word.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)] if ending else word
        superlative = stem.endswith("st") and stem[:-2] in data.KNOWN_ADJECTIVES
        if stem in adjectives or superlative:
            return True
    return False


def _readings(word: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = noun_lexicon()[word]
    return found


def _noun_form(word: str) -> bool:
    """german-nouns knows the capitalised `word` as a (non-genitive) form of a common noun."""
    return _noun_kind(word) == "noun"


@lru_cache(maxsize=8192)
def _noun_kind(word: str) -> str | None:
    """ "noun", "infinitive" (a nominalised infinitive: "Essen", "Lieblingsessen") or None."""
    for reading in _readings(word):
        pos = reading.get("pos", [])
        if "Substantiv" not in pos or "adjektivische Deklination" in pos:
            continue
        if set(pos) & {"Toponym", "Nachname", "Vorname", "Eigenname", "Familienname"}:
            continue
        flexion: dict[str, str] = reading.get("flexion", {})
        slots = [col for col, form in flexion.items() if form == word and "*" not in col]
        if not any(not col.startswith(_GENITIVE) for col in slots):
            continue
        lemma = str(reading.get("lemma", ""))
        infinitive = lemma.endswith("en") and not lemma.endswith("chen")
        if reading.get("genus") == "n" and lemma == word and infinitive:
            return "infinitive"
        return "noun"
    return None


@lru_cache(maxsize=8192)
def _any_reading(word: str) -> bool:
    return bool(_readings(word))


def _known(word: str, verb_forms: frozenset[str]) -> bool:
    """Is `word`, as written, a word of German the checker knows?"""
    low = word.lower()
    if word[:1].isupper() and _any_reading(word):
        return True
    if low in verb_forms or _non_noun(low, verb_forms):
        return True
    return low in data.SHARP_S_WORDS or _NUMBER.fullmatch(low) is not None


def _variants(word: str) -> Iterator[tuple[int, str]]:
    """(number of changes, variant) for every ss/ß/umlaut variant of `word`."""
    spots: list[tuple[int, int, str]] = []  # (start, length, replacement)
    for match in re.finditer("ss", word):
        spots.append((match.start(), 2, "ß"))
    for match in re.finditer("ß", word):
        spots.append((match.start(), 1, "ss"))
    for index, char in enumerate(word):
        if char in _UMLAUT and not (index > 0 and word[index - 1] in "eEaA"):
            spots.append((index, 1, _UMLAUT[char]))
    spots.sort()
    for size in range(1, min(_MAX_CHANGES, len(spots)) + 1):
        for chosen in itertools.combinations(spots, size):
            if any(a[0] + a[1] > b[0] for a, b in itertools.pairwise(chosen)):
                continue
            out, last = [], 0
            for start, length, replacement in chosen:
                out.append(word[last:start] + replacement)
                last = start + length
            yield size, "".join(out) + word[last:]


@lru_cache(maxsize=8192)
def _respelled(word: str, verb_forms: frozenset[str]) -> str | None:
    """The one known spelling with the fewest changes, or None."""
    if len(word) < 3 or _known(word, verb_forms):
        return None
    best: dict[int, set[str]] = {}
    for size, variant in _variants(word):
        if _known_spelling(variant, verb_forms):
            best.setdefault(size, set()).add(variant)
    if not best:
        return None
    options = best[min(best)]
    return options.pop() if len(options) == 1 else None


def _known_spelling(variant: str, verb_forms: frozenset[str]) -> bool:
    if variant[:1].isupper():
        return _noun_form(variant) or _toponym(variant)
    return _known(variant, verb_forms)


def noun_spelling_variants(word: str) -> list[str]:
    """Nouns one ss/ß/umlaut change away ("Strasse" → "Straße"): the learner may mean one."""
    return [variant for size, variant in _variants(word) if size == 1 and _noun_form(variant)]


@lru_cache(maxsize=4096)
def _toponym(word: str) -> bool:
    return any("Toponym" in reading.get("pos", []) for reading in _readings(word))


def _difference(word: str, fixed: str) -> str:
    changes = []
    for a, b in (("ss", "ß"), ("ß", "ss")):
        if a in word and word.count(a) > fixed.count(a):
            changes.append(f"{a} → {b}")
    for plain, umlaut in _UMLAUT.items():
        if fixed.count(umlaut) > word.count(umlaut):
            changes.append(f"{plain} → {umlaut}")
    return ", ".join(dict.fromkeys(changes))


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t'’(-–—*")
    return not before or _SENTENCE_END.search(before) is not None


def spelling_corrections(text: str, verb_forms: frozenset[str]) -> Iterator[Correction]:
    """Nouns written lowercase and misspelled ß/ss or umlauts, in text order; nothing in a
    message that is (partly) English ("how do you say dog in german?")."""
    if sum(m.group().lower() in data.ENGLISH_WORDS for m in _WORD_RE.finditer(text)) >= 2:
        return
    previous: re.Match[str] | None = None
    for match in _WORD_RE.finditer(text):
        word = match.group()
        found = _lowercase_noun(text, match, previous, verb_forms)
        if found is None:
            fixed = _respelled(word, verb_forms)
            if fixed is not None:
                found = Correction(
                    category="spelling",
                    original=word,
                    corrected=fixed,
                    explanation=f"'{word}' is spelled '{fixed}' ({_difference(word, fixed)}).",
                    topic_slug=None,
                )
        if found is not None:
            yield found
        previous = match


_CLAUSE_MARK = re.compile(r"[,;:.!?…()\n\"„“”–—]")
_ADJECTIVE_SUFFIX = re.compile(
    r".{2,}(?:iv|al|ell|isch|ig|lich|bar|sam|los|haft|ent|ant|ös|är)(?:e|en|er|es|em)?"
)
_NUMBER = re.compile(
    r"(?:ein|zwei|drei|vier|fünf|sech|sechs|sieb|sieben|acht|neun)?(?:und)?"
    r"(?:zehn|zig|ßig|hundert|tausend)(?:e|en|ste|sten)?"
)
_INSEPARABLE_PARTICIPLE = re.compile(r"(?:be|emp|ent|er|ge|miss|ver|zer)[a-zäöüß]{2,}(?:t|en)")


def _clause(text: str, match: re.Match[str]) -> tuple[list[str], int]:
    """The words of the clause around `match` (between punctuation marks) and its index."""
    start = max((m.end() for m in _CLAUSE_MARK.finditer(text, 0, match.start())), default=0)
    following = _CLAUSE_MARK.search(text, match.end())
    end = following.start() if following else len(text)
    words = [m for m in _WORD_RE.finditer(text, start, end)]
    index = next(i for i, m in enumerate(words) if m.start() == match.start())
    return [m.group() for m in words], index


def _attributive(text: str, match: re.Match[str]) -> bool:
    """ "eine positive Einstellung", "dichten Nebel": a declined adjective before a noun."""
    word = match.group()
    following = _WORD_RE.search(text, match.end())
    if following is None or text[match.end() : following.start()] != " ":
        return False
    if not following.group()[:1].isupper() or not word.endswith(("e", "en", "er", "es", "em")):
        return False
    return not _noun_lemma(word[0].upper() + word[1:])  # "am wochenende Tennis" is a noun


@lru_cache(maxsize=4096)
def _noun_lemma(word: str) -> bool:
    """`word` is the lemma of a common, non-adjectival noun ("Wochenende", not "Gute")."""
    for reading in _readings(word):
        pos = reading.get("pos", [])
        if "adjektivische Deklination" in pos:
            return False
        if reading.get("lemma") == word and reading.get("genus") and "Substantiv" in pos:
            return _noun_kind(word) == "noun"
    return False


def _maybe_not_noun(text: str, match: re.Match[str], verb_forms: frozenset[str]) -> bool:
    """Signs that a lowercase word with a noun homograph is an adjective or a verb this
    checker does not know: after "sehr", an adjective suffix (normal, aktiv), a participle
    (verboten), an imperative (ruf, schlaf) or the only verb-like word of its clause."""
    word = match.group()
    words, index = _clause(text, match)
    previous = words[index - 1].lower() if index > 0 else ""
    if (
        previous in data.INTENSIFIERS
        or _ADJECTIVE_SUFFIX.fullmatch(word)
        or _NUMBER.fullmatch(word)
    ):
        return True
    if _INSEPARABLE_PARTICIPLE.fullmatch(word):
        return True
    opens = index == 0 or previous in ("und", "oder", "aber")
    if opens and (word + "en" in verb_forms or word + "n" in verb_forms):
        return True  # an imperative
    others = [w.lower() for i, w in enumerate(words) if i != index]
    has_verb = any(w in verb_forms and w not in data.CATALOGUE_NON_NOUNS for w in others)
    return not has_verb and word.endswith(("en", "t", "e", "st"))


def _lowercase_noun(
    text: str, match: re.Match[str], previous: re.Match[str] | None, verb_forms: frozenset[str]
) -> Correction | None:
    word = match.group()
    if len(word) < 3 or not word.isalpha() or not word.islower():
        return None
    if _sentence_initial(text, match.start()) or _respelled(word, verb_forms) is not None:
        return None
    after_article = previous is not None and previous.group().lower() in _NOUN_DETERMINERS
    if after_article and _verb_like(word, verb_forms) and not _non_noun(word, frozenset()):
        pass  # "eine frage", "mein buch": the determiner makes the verb form a noun
    elif _non_noun(word, verb_forms):
        return None
    if _attributive(text, match) or (
        not after_article and _maybe_not_noun(text, match, verb_forms)
    ):
        return None
    noun = word[0].upper() + word[1:]
    kind = _noun_kind(noun)
    if kind is None or (kind == "infinitive" and not after_article):
        return None  # "das essen" may be "eat that"; "mein lieblingsessen" is a noun
    original, corrected = word, noun
    if previous is not None and text[previous.end() : match.start()] == " ":
        original = f"{previous.group()} {word}"  # "keine zeit" → "keine Zeit"
        corrected = f"{previous.group()} {noun}"
    return Correction(
        category="spelling",
        original=original,
        corrected=corrected,
        explanation=f"German nouns start with a capital letter: '{noun}'.",
        topic_slug="nouns-gender-definite-article",
    )
