"""Every correct answer is accepted: a word-order item built from a main clause and a clause
opened by a subordinating conjunction accepts both orders of the clauses ("Weil ich krank
bin, bleibe ich zu Hause." as well as "Ich bleibe zu Hause, weil ich krank bin."), or says
here why the swapped order is wrong."""

from __future__ import annotations

import itertools
import re

import pytest

from seeds.catalog import Catalog, load_catalog
from seeds.schemas import Exercise, sentence_tokens

_CONJUNCTIONS = """als bevor bis da damit dass ehe falls indem insofern nachdem ob obgleich obwohl
seit seitdem sobald sodass sofern solange soweit während weil wenn wohingegen zumal"""
SUBORDINATING = frozenset(_CONJUNCTIONS.split())
# Items whose swapped order is not German, and why.
SWAP_IS_WRONG = {
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


def _words(sentence: str) -> list[str]:
    return [re.sub(r"[^\w]", "", w).lower() for w in sentence_tokens(sentence)]


def _clause_openers(sentence: str) -> list[str]:
    """Words that open a clause: the first word and every word right after a comma."""
    tokens = sentence_tokens(sentence)
    openers = [tokens[0]] + [
        after for before, after in itertools.pairwise(tokens) if before[-1] == ","
    ]
    return [re.sub(r"[^\w]", "", w).lower() for w in openers]


def _conjunction_first(sentence: str) -> bool:
    return _words(sentence)[0] in SUBORDINATING


def _two_clause_items(catalog: Catalog) -> list[tuple[str, Exercise]]:
    return [
        (topic.slug, exercise)
        for topic in catalog.grammar
        for exercise in topic.exercises
        if exercise.kind == "word_order"
        and "," in exercise.answer
        and SUBORDINATING & set(_clause_openers(exercise.answer))
    ]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_two_clause_word_orders_accept_the_swapped_order(catalog: Catalog) -> None:
    items = _two_clause_items(catalog)
    assert len(items) >= 20, "the detection found too few two-clause items: is it broken?"
    problems = []
    for topic, exercise in items:
        if (topic, exercise.slug) in SWAP_IS_WRONG:
            continue
        orders = {_conjunction_first(answer) for answer in exercise.accepted_answers}
        if orders != {True, False}:
            problems.append(f"{topic} {exercise.slug}: {exercise.accepted_answers}")
    assert not problems, "swapped clause order missing:\n" + "\n".join(problems)


def test_every_accepted_order_uses_the_tokens_words(catalog: Catalog) -> None:
    for topic, exercise in _two_clause_items(catalog):
        tokens = sorted(re.sub(r"[^\w]", "", t).lower() for t in exercise.tokens or [])
        for answer in exercise.accepted_answers:
            assert sorted(_words(answer)) == tokens, (topic, exercise.slug, answer)


def test_the_reasons_name_real_items(catalog: Catalog) -> None:
    found = {(topic, exercise.slug) for topic, exercise in _two_clause_items(catalog)}
    assert set(SWAP_IS_WRONG) <= found
