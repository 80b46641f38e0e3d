"""Correctness checks of the German learning content.

Every check takes a Catalog and returns human-readable problems (empty = fine), so the tests in
tests/seeds and `python -m seeds.checks` share them. The checks read nothing but lexical data:
the german-nouns and pyspellchecker packages and the two reviewed files in content/checks/.
"""

from __future__ import annotations

from collections.abc import Callable

from seeds.catalog import Catalog
from seeds.checks.counts import count_problems
from seeds.checks.exercises import exercise_problems
from seeds.checks.nouns import noun_problems
from seeds.checks.references import reference_problems
from seeds.checks.spelling import spelling_problems
from seeds.checks.verbs import verb_problems

CHECKS: dict[str, Callable[[Catalog], list[str]]] = {
    "nouns": noun_problems,
    "verbs": verb_problems,
    "exercises": exercise_problems,
    "references": reference_problems,
    "counts": count_problems,
    "spelling": spelling_problems,
}

__all__ = [
    "CHECKS",
    "count_problems",
    "exercise_problems",
    "noun_problems",
    "reference_problems",
    "spelling_problems",
    "verb_problems",
]
