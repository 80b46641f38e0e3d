"""Every correct answer is accepted: a word-order item built from a main clause and a clause
opened by a subordinating conjunction accepts both orders of the clauses ("Weil ich krank
bin, bleibe ich zu Hause." as well as "Ich bleibe zu Hause, weil ich krank bin."), or says
in seeds.checks.exercises.SWAP_IS_WRONG why the swapped order is wrong. The rule lives in
core.grammar.validation, so Claude's exercises pass it too."""

from __future__ import annotations

import re

import pytest

from core.grammar.validation import (
    ExerciseContent,
    is_two_clause_order,
    sentence_tokens,
    swapped_clause_problem,
)
from seeds.catalog import Catalog, load_catalog
from seeds.checks.exercises import SWAP_IS_WRONG, topic_exercises


def _words(sentence: str) -> list[str]:
    return [re.sub(r"[^\w]", "", w).lower() for w in sentence_tokens(sentence)]


def _two_clause_items(catalog: Catalog) -> list[tuple[str, ExerciseContent]]:
    return [(t, e) for t, e in topic_exercises(catalog) if is_two_clause_order(e)]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_two_clause_word_orders_accept_the_swapped_order(catalog: Catalog) -> None:
    items = _two_clause_items(catalog)
    assert len(items) >= 20, "the detection found too few two-clause items: is it broken?"
    problems = [
        f"{topic} {exercise.slug}: {exercise.accepted_answers}"
        for topic, exercise in items
        if swapped_clause_problem(exercise, (topic, exercise.slug) in SWAP_IS_WRONG)
    ]
    assert not problems, "swapped clause order missing:\n" + "\n".join(problems)


def test_the_rule_finds_a_missing_swapped_order() -> None:
    one_order = ExerciseContent(
        slug="x",
        kind="word_order",
        instruction="Order.",
        prompt="Order the words.",
        tokens=["Ich", "bleibe", "zu", "Hause,", "weil", "ich", "krank", "bin"],
        answer="Ich bleibe zu Hause, weil ich krank bin.",
        accepted_answers=["Ich bleibe zu Hause, weil ich krank bin."],
        explanation="x",
        difficulty=1,
    )
    assert swapped_clause_problem(one_order) is not None
    assert swapped_clause_problem(one_order, swap_is_wrong=True) is None
    both = one_order.model_copy(
        update={"accepted_answers": [one_order.answer, "Weil ich krank bin, bleibe ich zu Hause."]}
    )
    assert swapped_clause_problem(both) is None


def test_every_accepted_order_uses_the_tokens_words(catalog: Catalog) -> None:
    for topic, exercise in _two_clause_items(catalog):
        tokens = sorted(re.sub(r"[^\w]", "", t).lower() for t in exercise.tokens or [])
        for answer in exercise.accepted_answers:
            assert sorted(_words(answer)) == tokens, (topic, exercise.slug, answer)


def test_the_reasons_name_real_items(catalog: Catalog) -> None:
    found = {(topic, exercise.slug) for topic, exercise in _two_clause_items(catalog)}
    assert set(SWAP_IS_WRONG) <= found
