"""Wrong but plausible German plurals: the real plural patterns applied to the wrong noun.

German has a handful of plural patterns (-e, -en, -n, -er, -s, no ending, each with or
without an umlaut). A distractor is the singular run through a pattern the noun does not
take, so every option looks like German and only knowledge of this noun tells them apart.
"""

from __future__ import annotations

import random

# The endings German plurals use; "" is the zero plural (der Lehrer → die Lehrer).
ENDINGS = ("e", "en", "n", "er", "s", "")
# Unstressed final syllables that an umlaut skips over (Vogel → Vögel, Mutter → Mütter).
_UNSTRESSED = ("el", "en", "er", "e")
# Suffixes whose nouns never take an umlaut; "Zeitüngen" would be a giveaway, not a test.
_NO_UMLAUT = (
    "ung", "heit", "keit", "schaft", "ion", "tät", "ik", "ie", "ei", "chen", "lein", "in",
    "um", "us", "ur", "ment", "ismus", "on", "or", "ent", "ant", "ist", "o", "a", "i", "u", "y",
)  # fmt: skip
_UMLAUT = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}
_VOWELS = set("aeiouäöüyAEIOUÄÖÜY")


def umlauted(word: str) -> str | None:
    """The word with its last stressed a/o/u (or au) umlauted; None when German would not."""
    lower = word.lower()
    diphthong = lower.endswith(("aus", "aum"))  # Haus, Baum: not Latin -us/-um
    if not diphthong and any(lower.endswith(suffix) for suffix in _NO_UMLAUT):
        return None
    stem, tail = word, ""
    for ending in _UNSTRESSED:
        if lower.endswith(ending) and len(word) > len(ending) + 1:
            stem, tail = word[: -len(ending)], word[-len(ending) :]
            break
    index = max((i for i, ch in enumerate(stem) if ch in _VOWELS), default=-1)
    if index < 0 or stem[index].lower() not in "aou":
        return None
    previous = stem[index - 1].lower() if index > 0 else ""
    if stem[index].lower() == "u" and previous == "a":  # Baum → Bäum-
        index -= 1
    elif stem[index].lower() == "u" and previous == "e":  # eu never changes
        return None
    elif previous == stem[index].lower():  # Saal → Säl-, Boot → Böt-
        stem = stem[: index - 1] + stem[index:]
        index -= 1
    return stem[:index] + _UMLAUT[stem[index]] + stem[index + 1 :] + tail


def _endings_for(stem: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(endings a noun of this shape plausibly takes, less likely ones to fill up with)."""
    lower = stem.lower()
    if lower.endswith("nis"):
        return ("se", "e", "en", "s"), ()  # Ergebnis → Ergebnisse
    if lower.endswith("in"):
        return ("nen", "en", "s", ""), ()  # Lehrerin → Lehrerinnen
    if lower.endswith("e"):
        return ("n", "s", ""), ("r", "nen")  # Lampe → Lampen, Käse → Käse
    if lower.endswith(("el", "er")):
        return ("n", "s", ""), ("en", "e")  # Gabel → Gabeln, Lehrer → Lehrer
    if lower.endswith("en"):
        return ("s", ""), ("er", "e")  # Kuchen → Kuchen
    if lower[-1:] in _VOWELS:
        return ("s", ""), ("n", "en")  # Auto → Autos
    return ("e", "en", "er", "s", ""), ()


def _latin_plural(singular: str) -> str | None:
    """Museum → Museen, Thema → Themen, Risiko → Risiken, Virus → Viren."""
    for ending in ("um", "us", "a", "o"):
        if singular.lower().endswith(ending) and len(singular) > len(ending) + 2:
            return singular[: -len(ending)] + "en"
    return None


def _unique(forms: list[str]) -> list[str]:
    """Without repeats, compared case-insensitively; first occurrence kept."""
    unique: dict[str, str] = {}
    for form in forms:
        unique.setdefault(form.casefold(), form)
    return list(unique.values())


def _stems(singular: str) -> list[str]:
    umlaut = umlauted(singular)
    return [singular] if umlaut is None else [singular, umlaut]


def plural_candidates(singular: str) -> list[str]:
    """The patterns a noun of this shape could take, applied to it; no duplicates."""
    stems = _stems(singular)
    forms = [stem + ending for stem in stems for ending in _endings_for(stem)[0]]
    latin = _latin_plural(singular)
    return _unique(forms + ([latin] if latin else []))


def _fallback_candidates(singular: str) -> list[str]:
    """Less likely endings, then any ending: for nouns with few plausible wrong patterns
    (Lampe can only really be Lampen, Lampe or Lampes)."""
    stems = _stems(singular)
    likely = [stem + ending for stem in stems for ending in _endings_for(stem)[1]]
    return likely + [stem + ending for stem in stems for ending in (*ENDINGS, "nen", "se")]


def plural_distractors(
    singular: str, plural: str, rng: random.Random, *, count: int = 3
) -> list[str]:
    """`count` distinct wrong plurals, never the real one (compared case-insensitively)."""
    correct = plural.casefold()
    plausible = [f for f in plural_candidates(singular) if f.casefold() != correct]
    chosen = rng.sample(plausible, min(count, len(plausible)))
    if len(chosen) < count:
        taken = {f.casefold() for f in chosen} | {correct}
        extra = [f for f in _unique(_fallback_candidates(singular)) if f.casefold() not in taken]
        chosen += extra[: count - len(chosen)]
    return chosen


# Endings whose plural German never varies: the noun's ending tells its plural.
_PLURAL_BY_SUFFIX = (
    (("ung", "heit", "keit", "schaft", "ion", "tät", "ei"), "en"),
    (("erin", "lerin", "rin"), "nen"),
    (("chen", "lein"), ""),
)


def plural_reason(singular: str, plural: str) -> str:
    """How this noun makes its plural, told as a pattern to learn: "Zeitung → Zeitungen:
    -en, as every noun ending in -ung." Falls back to naming the ending and the umlaut."""
    lower = singular.lower()
    for suffixes, ending in _PLURAL_BY_SUFFIX:
        suffix = next((s for s in suffixes if lower.endswith(s) and len(lower) > len(s)), None)
        if suffix is not None and plural == singular + ending:
            told = f"-{ending}" if ending else "no ending"
            kind = "woman's noun in -in" if ending == "nen" else f"noun ending in -{suffix}"
            return f"{singular} → {plural}: {told}, as every {kind}."
    if plural == singular:
        return f"{singular} → {plural}: the plural is the same as the singular."
    umlaut = umlauted(singular)
    for stem, how in ((singular, ""), (umlaut, "an umlaut and ")):
        if stem and plural.startswith(stem) and plural != stem:
            return f"{singular} → {plural}: {how}-{plural[len(stem) :]}."
        if stem and plural == stem:
            return f"{singular} → {plural}: just an umlaut."
    return f"{singular} → {plural}: a plural to learn by heart."
