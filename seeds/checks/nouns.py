"""Nouns: gender and plural agree with the Wiktionary-derived german-nouns data, apart
from the reviewed exceptions in content/checks/noun_exceptions.yaml."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from seeds.catalog import Catalog
from seeds.checks.where import CHECKS_DIR, vocab_where
from seeds.schemas import VocabularyEntry

NOUN_EXCEPTIONS_FILE = CHECKS_DIR / "noun_exceptions.yaml"
MAX_NOUN_EXCEPTION_SHARE = 0.02


@cache
def _nouns() -> Any:
    from german_nouns.lookup import Nouns

    return Nouns()


def noun_readings(lemma: str) -> list[tuple[frozenset[str], frozenset[str]]]:
    """(genders, nominative plurals) of each german-nouns reading whose lemma is `lemma`.

    A lookup also returns words that merely have `lemma` among their forms, and readings that
    carry neither gender nor plural (names, unparsed entries): both are left out. Genders sit
    in "genus" or "genus 1".."genus 4", plurals in "nominativ plural", "nominativ plural 1".."4"
    (and a few more "nominativ plural ..." columns). Plural-only nouns have no gender."""
    readings = []
    for record in _nouns()[lemma]:
        if record.get("lemma") != lemma:
            continue
        genders = frozenset(v for k, v in record.items() if k.startswith("genus"))
        plurals = frozenset(
            v for k, v in record["flexion"].items() if k.startswith("nominativ plural")
        )
        if genders or plurals:
            readings.append((genders, plurals))
    return readings


def _reading_matches(
    entry: VocabularyEntry, genders: frozenset[str], plurals: frozenset[str]
) -> bool:
    """Our gender is among the reading's and our plural among its plurals. Our "pl" matches a
    reading whose plurals include the lemma (Leute; Geschwister, also das Geschwister). A null
    plural matches whenever the gender does: uncountable use (Milch, Musik, Politik) cannot be
    told from Wiktionary, which lists rare plurals (Milchen, Musiken, Politiken)."""
    assert entry.noun is not None
    gender, plural = entry.noun.gender, entry.noun.plural
    if gender == "pl":
        return entry.lemma in plurals and (plural is None or plural in plurals)
    return gender in genders and (plural is None or plural in plurals)


def load_noun_exceptions(path: Path = NOUN_EXCEPTIONS_FILE) -> dict[str, str]:
    """slug → reason of the reviewed disagreements with german-nouns."""
    if not path.exists():
        return {}
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {str(item["slug"]): str(item.get("reason") or "").strip() for item in items}


def noun_problems(catalog: Catalog, exceptions: dict[str, str] | None = None) -> list[str]:
    """Gender and plural of every noun against german-nouns (Wiktionary), minus exceptions."""
    exceptions = load_noun_exceptions() if exceptions is None else exceptions
    problems: list[str] = []
    used: set[str] = set()
    nouns = [e for e in catalog.vocabulary if e.noun is not None]
    for entry in nouns:
        assert entry.noun is not None
        readings = noun_readings(entry.lemma)
        if not readings:
            continue  # german-nouns does not know it
        if any(_reading_matches(entry, g, p) for g, p in readings):
            continue
        if entry.slug in exceptions:
            used.add(entry.slug)
            continue
        known = "; ".join(
            f"{'/'.join(sorted(g)) or 'plural only'}, plural {', '.join(sorted(p)) or 'none'}"
            for g, p in readings
        )
        problems.append(
            f"{vocab_where(catalog, entry)}: {entry.lemma} is {entry.noun.gender}, "
            f"plural {entry.noun.plural}; "
            f"german-nouns has: {known}"
        )
    slugs = {e.slug for e in nouns}
    for slug, reason in exceptions.items():
        if not reason:
            problems.append(f"noun exception {slug}: no reason given")
        if slug not in slugs:
            problems.append(f"noun exception {slug}: no such noun in the vocabulary")
        elif slug not in used:
            problems.append(f"noun exception {slug}: no longer needed (german-nouns agrees)")
    if len(exceptions) > MAX_NOUN_EXCEPTION_SHARE * len(nouns):
        problems.append(
            f"{len(exceptions)} noun exceptions exceed {MAX_NOUN_EXCEPTION_SHARE:.0%} "
            f"of {len(nouns)} nouns"
        )
    return problems
