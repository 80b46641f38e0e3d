"""Articles and nouns: the article table with every gender/case reading, what german-nouns
says about a noun form, and where the noun of an article is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core.lexicon import noun_lexicon
from core.tutor.checker import data
from core.tutor.checker.tokens import Token
from core.tutor.checker.verbs import is_finite, verb_lexicon

Reading = tuple[str, str]  # (gender m/f/n/pl, case nom/acc/dat/gen)


_DEFINITE: dict[str, frozenset[Reading]] = {
    "der": frozenset({("m", "nom"), ("f", "dat"), ("f", "gen"), ("pl", "gen")}),
    "die": frozenset({("f", "nom"), ("f", "acc"), ("pl", "nom"), ("pl", "acc")}),
    "das": frozenset({("n", "nom"), ("n", "acc")}),
    "den": frozenset({("m", "acc"), ("pl", "dat")}),
    "dem": frozenset({("m", "dat"), ("n", "dat")}),
    "des": frozenset({("m", "gen"), ("n", "gen")}),
}


_STRONG_ENDINGS: dict[str, frozenset[Reading]] = {
    "er": frozenset({("m", "nom"), ("f", "dat"), ("f", "gen"), ("pl", "gen")}),
    "e": frozenset({("f", "nom"), ("f", "acc"), ("pl", "nom"), ("pl", "acc")}),
    "es": frozenset({("n", "nom"), ("n", "acc"), ("m", "gen"), ("n", "gen")}),
    "en": frozenset({("m", "acc"), ("pl", "dat")}),
    "em": frozenset({("m", "dat"), ("n", "dat")}),
}


_EIN_ENDINGS: dict[str, frozenset[Reading]] = {
    "": frozenset({("m", "nom"), ("n", "nom"), ("n", "acc")}),
    "e": frozenset({("f", "nom"), ("f", "acc"), ("pl", "nom"), ("pl", "acc")}),
    "en": frozenset({("m", "acc"), ("pl", "dat")}),
    "em": frozenset({("m", "dat"), ("n", "dat")}),
    "er": frozenset({("f", "dat"), ("f", "gen"), ("pl", "gen")}),
    "es": frozenset({("m", "gen"), ("n", "gen")}),
}


@dataclass(frozen=True)
class Article:
    family: str  # "def", "strong" (dies-, jed-) or "ein" (ein, kein, possessives)
    stem: str
    readings: frozenset[Reading]

    @property
    def cases(self) -> frozenset[str]:
        return frozenset(case for _, case in self.readings)

    def genders(self) -> frozenset[str]:
        return frozenset(gender for gender, _ in self.readings)

    def form(self, gender: str, case: str) -> str:
        if self.family == "def":
            return next(f for f, rs in _DEFINITE.items() if (gender, case) in rs)
        endings = _STRONG_ENDINGS if self.family == "strong" else _EIN_ENDINGS
        ending = next(e for e, rs in endings.items() if (gender, case) in rs)
        if self.stem == "euer":
            return "euer" if not ending else "eur" + ending
        return self.stem + ending

    def adjective_ending(self, gender: str, case: str) -> str:
        """Weak endings after der-words, mixed endings after ein-words."""
        if gender == "pl" or case in ("dat", "gen"):
            return "en"
        if gender == "m" and case == "acc":
            return "en"
        if self.family != "ein":
            return "e"
        return {"m": "er", "f": "e", "n": "es"}[gender]

    @property
    def topic(self) -> str:
        if self.family == "def":
            return "nouns-gender-definite-article"
        if self.family == "strong":
            return "demonstratives-dieser-jeder-welcher"
        if self.stem in ("ein", "kein"):
            return "indefinite-article-and-kein"
        return "possessive-articles"


def _article_table() -> dict[str, Article]:
    table = {form: Article("def", form, readings) for form, readings in _DEFINITE.items()}
    for stem in ("dies", "jed"):
        for ending, readings in _STRONG_ENDINGS.items():
            if stem == "jed":
                readings = frozenset(r for r in readings if r[0] != "pl")
            table[stem + ending] = Article("strong", stem, readings)
    for stem in ("ein", "kein", "mein", "dein", "sein", "unser", "euer"):
        for ending, readings in _EIN_ENDINGS.items():
            if stem == "ein":
                readings = frozenset(r for r in readings if r[0] != "pl")
            if not readings:
                continue
            form = stem + ending
            if stem == "euer":
                form = "euer" if not ending else "eur" + ending
            table[form] = Article("ein", stem, readings)
    return table


ARTICLES = _article_table()


PREPOSITIONS = (
    data.ACCUSATIVE_PREPOSITIONS
    | data.DATIVE_PREPOSITIONS
    | data.TWO_WAY_PREPOSITIONS
    | data.GENITIVE_PREPOSITIONS
)


@dataclass(frozen=True)
class NounInfo:
    gender: str  # the first (standard) gender
    numbers: frozenset[str]
    plural_cases: frozenset[str]  # cases in which this form is a plural
    genders: tuple[str, ...] = ()  # every gender german-nouns gives ("der/das Kaffee")
    singular_cases: frozenset[str] = frozenset()  # cases in which this form is a singular

    def all_genders(self) -> frozenset[str]:
        return frozenset(self.genders or (self.gender,))


def _reading_genders(reading: dict[str, Any]) -> set[str]:
    keys = ("genus", "genus 1", "genus 2", "genus 3", "genus 4")
    return {str(reading[key]) for key in keys if reading.get(key)}


_FLEXION_CASES = {"nominativ": "nom", "akkusativ": "acc", "dativ": "dat", "genitiv": "gen"}


NAME_TAGS = {"Eigenname", "Nachname", "Vorname", "Familienname", "Toponym"}


@lru_cache(maxsize=8192)
def noun_info(word: str) -> NounInfo | None:
    """Gender(s) and numbers of a noun form; None when unknown or adjectival. A noun with
    several genders lists them all, in german-nouns' order (the standard one first)."""
    ordered_genders: list[str] = []
    singular_cases: set[str] = set()
    numbers: set[str] = set()
    plural_cases: set[str] = set()
    for reading in noun_lexicon()[word]:
        flexion: dict[str, str] = reading.get("flexion", {})
        slots = [col for col, form in flexion.items() if form == word and "*" not in col]
        if not slots:
            continue
        if "adjektivische Deklination" in reading.get("pos", []):
            return None
        slot_numbers = {"pl" if "plural" in col else "sg" for col in slots}
        plural_cases |= {_FLEXION_CASES[col.split()[0]] for col in slots if "plural" in col}
        found = _reading_genders(reading)
        if not found:
            if set(reading.get("pos", [])) & NAME_TAGS:
                continue  # "Mutter" the surname
            if "sg" in slot_numbers:
                return None
            numbers |= slot_numbers
            continue
        if not found <= {"m", "f", "n"}:
            return None
        singular_cases |= {_FLEXION_CASES[col.split()[0]] for col in slots if "singular" in col}
        keys = ("genus", "genus 1", "genus 2", "genus 3", "genus 4")
        ordered = [str(reading[key]) for key in keys if reading.get(key)]
        ordered_genders.extend(ordered)
        numbers |= slot_numbers
    genders = tuple(dict.fromkeys(ordered_genders))
    if not genders:
        return None
    return NounInfo(
        genders[0], frozenset(numbers), frozenset(plural_cases), genders, frozenset(singular_cases)
    )


def adjective_stem(word: str) -> str | None:
    """ "kleine" → "klein", "neuer" → "neu"; None for words that are not plainly declined
    adjectives (an -er ending only counts for adjectives the checker knows: "teuer" is not
    "teu" + er)."""
    if len(word) < 4 or word in data.NOT_ADJECTIVES or not word.isalpha() or not word.islower():
        return None
    if word in data.KNOWN_ADJECTIVES:
        return None  # undeclined
    for ending in ("em", "en", "es", "er", "e"):
        if not word.endswith(ending) or len(word) - len(ending) < 3:
            continue
        stem = word[: -len(ending)]
        if ending == "er" and stem not in data.KNOWN_ADJECTIVES:
            return None
        return None if stem.endswith("e") else stem
    return None


def noun_phrase(words: Sequence[Token], k: int) -> tuple[int | None, int] | None:
    """(adjective index or None, noun index) for the article at k."""
    if k + 1 >= len(words):
        return None
    nxt = words[k + 1]
    if nxt.capitalised:
        return None, k + 1
    if k + 2 < len(words) and words[k + 2].capitalised and adjective_stem(nxt.low):
        if is_finite(nxt) or nxt.low in verb_lexicon().infinitives:
            return None
        return k + 1, k + 2
    return None


def is_wrong(article: Article, noun: NounInfo) -> bool:
    """The article fits neither the noun's gender in the singular nor (if the form can be a
    plural) a plural reading in the same case: "das Hund", "den Wasser"; not "der Kinder"."""
    if "sg" not in noun.numbers or noun.all_genders() & article.genders():
        return False
    return not any(("pl", case) in article.readings for case in noun.plural_cases)
