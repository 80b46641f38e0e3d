"""Clause structure: where a clause starts and ends, how it is opened, whether a verb follows."""

from __future__ import annotations

from collections.abc import Sequence

from core.tutor.checker import data
from core.tutor.checker.tokens import Token
from core.tutor.checker.verbs import is_finite, verb_at


def clause_start(words: Sequence[Token]) -> int:
    """Index of the first word after opening discourse words ("ja", "hallo", "ok")."""
    index = 0
    while index < len(words) - 1 and words[index].low in data.DISCOURSE_WORDS:
        index += 1
    return index


def clause_kind(words: Sequence[Token], i: int) -> str | None:
    """How word i opens a clause: "main", "sub" (after a subordinator), "coord" or None."""
    if i == clause_start(words):
        return "main"
    previous = words[i - 1].low if i > 0 else ""
    if previous in data.SUBORDINATORS:
        return "sub"
    if previous in data.COORDINATORS:
        if i == 1:
            return "coord"  # ", aber du ..."
        # "ich und du gehen": a coordinator only opens a clause after a clause with a verb.
        before = words[: i - 1]
        if any(
            is_finite(word, j == 0) and word.low not in data.DETERMINER_LIKE_FORMS
            for j, word in enumerate(before)
        ):
            return "coord"
    return None


def clause_end(words: Sequence[Token], start: int) -> int:
    for j in range(start, len(words)):
        low = words[j].low
        if low in data.COORDINATORS or low in data.SUBORDINATORS:
            return j
    return len(words)


def later_verb(words: Sequence[Token], start: int) -> bool:
    return any(verb_at(words, j) for j in range(start, clause_end(words, start)))
