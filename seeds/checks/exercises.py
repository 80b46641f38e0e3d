"""Exercises: the answer is among the accepted ones, exactly one correct option, word-order
tokens that rebuild an answer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from seeds.catalog import Catalog
from seeds.checks.where import file_of
from seeds.schemas import Exercise, same_tokens

FULL_SENTENCE_KINDS = frozenset({"word_order", "error_correction", "translation"})
GERMAN_PROMPT_KINDS = frozenset({"fill_blank", "multiple_choice"})


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _exercises(catalog: Catalog) -> Iterator[tuple[str, Exercise]]:
    for topic in catalog.grammar:
        for exercise in topic.exercises:
            yield f"{file_of(catalog, 'grammar', topic.slug)} {exercise.slug}", exercise


def exercise_problems(catalog: Catalog) -> list[str]:
    """Accepted-answer rules of every exercise, and no exercise twice in the catalogue."""
    problems: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    for where, ex in _exercises(catalog):
        found: list[str] = []
        if ex.answer not in ex.accepted_answers:
            found.append("answer is not among accepted_answers")
        if ex.kind == "multiple_choice":
            hits = [o for o in ex.options or [] if o in ex.accepted_answers]
            if len(hits) != 1:
                found.append(f"{len(hits)} options are accepted answers, not exactly one")
        if not ex.explanation.strip():
            found.append("empty explanation")
        if ex.kind == "word_order" and not any(
            same_tokens(ex.tokens or [], a) for a in ex.accepted_answers
        ):
            found.append(f"tokens {ex.tokens} rebuild no accepted answer")
        if ex.kind == "fill_blank" and re.findall(r"_{3,}", ex.prompt) != ["___"]:
            found.append("fill_blank prompt needs exactly one ___")
        if ex.kind in FULL_SENTENCE_KINDS:
            found += [
                f"{a!r} does not end with . ! or ?"
                for a in ex.accepted_answers
                if not a.rstrip().endswith((".", "!", "?"))
            ]
        key = (ex.kind, _normalise(ex.prompt))
        if key in seen:
            found.append(f"same {ex.kind} prompt as {seen[key]}: {ex.prompt!r}")
        seen.setdefault(key, where)
        problems.extend(f"{where} ({ex.kind}): {f}" for f in found)
    return problems
