"""The answer-checking table: every exercise in the bank accepts its own answer and every
accepted answer (word order: built from its tokens, swapped clauses included), forgives
umlauts written ae/oe/ue as a typo, and rejects a corrupted answer. No database needed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from core.answers import Verdict
from core.grammar import checking
from core.models import Exercise
from seeds.catalog import load_catalog

UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}


def _bank() -> Iterator[tuple[str, Exercise]]:
    for topic in load_catalog().grammar:
        for item in topic.exercises:
            yield (
                f"{topic.slug}/{item.slug}",
                Exercise(
                    topic_id=0,
                    slug=item.slug,
                    kind=item.kind,
                    instruction=item.instruction,
                    prompt=item.prompt,
                    options=item.options,
                    tokens=item.tokens,
                    answer=item.answer,
                    accepted_answers=item.accepted_answers,
                    explanation=item.explanation,
                    difficulty=item.difficulty,
                ),
            )


BANK = dict(_bank())


def _word(token: str) -> str:
    return re.sub(r"[^\w]", "", token).casefold()


def _order(tokens: list[str], sentence: str) -> list[int] | None:
    """Token indices that build `sentence`'s words in its order, or None."""
    order: list[int] = []
    for word in (w for w in map(_word, sentence.split()) if w):
        index = next((i for i, t in enumerate(tokens) if _word(t) == word and i not in order), None)
        if index is None:
            return None
        order.append(index)
    return order if len(order) == len(tokens) else None


def test_the_bank_is_all_here() -> None:
    assert len(BANK) >= 700
    assert {e.kind for e in BANK.values()} == {
        "multiple_choice",
        "fill_blank",
        "error_correction",
        "translation",
        "word_order",
    }


@pytest.mark.parametrize("where", sorted(BANK))
def test_every_accepted_answer_is_right_and_a_corrupted_one_wrong(where: str) -> None:
    exercise = BANK[where]
    if exercise.kind == "multiple_choice":
        options = exercise.options or []
        for i, option in enumerate(options):
            checked = checking.check_choice(exercise, i)
            assert checked.accepted == (option in exercise.accepted_answers), (where, option)
            assert checked.accepted or checked.diagnosis
        return
    for accepted in exercise.accepted_answers:
        if exercise.kind == "word_order":
            order = _order(exercise.tokens or [], accepted)
            assert order is not None, (where, accepted)
            given = checking.built_sentence(exercise.tokens or [], order)
        else:
            given = accepted
        assert checking.check_text(exercise, given).verdict is Verdict.CORRECT, (where, given)
        transliterated = "".join(UMLAUTS.get(ch, ch) for ch in accepted)
        if transliterated != accepted and exercise.kind != "word_order":
            checked = checking.check_text(exercise, transliterated)
            assert checked.verdict is Verdict.TYPO, (where, transliterated, checked)
    corrupted = checking.check_text(exercise, exercise.answer.rstrip(".!?") + " Quatsch.")
    assert corrupted.verdict is Verdict.WRONG and corrupted.diagnosis, where


def test_the_swapped_clauses_are_accepted_when_built_by_tapping() -> None:
    exercise = BANK["subordinate-clauses-weil-dass-wenn/order-1"]
    tokens = exercise.tokens or []
    order = _order(tokens, "Weil ich krank bin, bleibe ich heute zu Hause.")
    assert order is not None
    built = checking.built_sentence(tokens, order)
    assert checking.check_text(exercise, built).verdict is Verdict.CORRECT
    wrong = _order(tokens, "Weil ich bin krank, ich bleibe heute zu Hause.")
    assert wrong is not None
    checked = checking.check_text(exercise, checking.built_sentence(tokens, wrong))
    assert checked.verdict is Verdict.WRONG and "order" in checked.diagnosis
