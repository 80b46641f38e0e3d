"""Exercises: each passes the checks of core.grammar.validation (the same ones Claude's
exercises pass), and no exercise is in the catalogue twice."""

from __future__ import annotations

from collections.abc import Iterator

from core.grammar.validation import ExerciseContent, normalised_prompt
from core.grammar.validation import exercise_problems as one_exercise_problems
from seeds.catalog import Catalog
from seeds.checks.where import file_of

SWAP_IS_WRONG: dict[tuple[str, str], str] = {
    ("als-ob-irreal-comparison", "order-1"): (
        "als + verb-second (als hätte er …) compares with the main clause and always follows it"
    ),
    ("causal-and-restrictive-connectors", "order-2"): (
        "zumal adds a further reason to the clause before it and cannot open the sentence"
    ),
    ("zustandspassiv", "order-2"): (
        "the main clause is a question (Weißt du, …?): the ob clause cannot be put in front"
    ),
}
"""(topic, exercise) of two-clause word orders whose swapped order is not German, and why."""


def topic_exercises(catalog: Catalog) -> Iterator[tuple[str, ExerciseContent]]:
    for topic in catalog.grammar:
        for exercise in topic.exercises:
            yield topic.slug, exercise


def exercise_problems(catalog: Catalog) -> list[str]:
    """Every exercise passes the one-exercise checks, and no exercise is there twice."""
    problems: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    for topic, ex in topic_exercises(catalog):
        where = f"{file_of(catalog, 'grammar', topic)} {ex.slug}"
        found = one_exercise_problems(ex, swap_is_wrong=(topic, ex.slug) in SWAP_IS_WRONG)
        key = (ex.kind, normalised_prompt(ex.prompt))
        if key in seen:
            found.append(f"same {ex.kind} prompt as {seen[key]}: {ex.prompt!r}")
        seen.setdefault(key, where)
        problems.extend(f"{where} ({ex.kind}): {f}" for f in found)
    return problems
