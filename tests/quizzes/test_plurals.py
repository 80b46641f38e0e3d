"""Plural distractors: plausible German, never the real plural, never twice."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.handlers.quiz import verdict_line
from core.quizzes.plurals import plural_candidates, plural_distractors, plural_reason, umlauted
from core.quizzes.schemas import AnswerResult
from seeds.catalog import load_catalog


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Haus", "Häus"),
        ("Baum", "Bäum"),
        ("Vogel", "Vögel"),
        ("Mutter", "Mütter"),
        ("Garten", "Gärten"),
        ("Saal", "Säl"),
        ("Kind", None),  # no a/o/u to umlaut
        ("Zeitung", None),  # -ung nouns never take one
        ("Auto", None),
        ("Freund", None),  # eu stays
    ],
)
def test_umlaut(word: str, expected: str | None) -> None:
    assert umlauted(word) == expected


def test_candidates_follow_the_shape_of_the_noun() -> None:
    assert "Lampee" not in plural_candidates("Lampe")  # -e nouns do not add another e
    assert "Hausn" not in plural_candidates("Haus")  # a bare -n only follows a schwa
    assert {"Häuser", "Hause", "Häuse", "Hauser"} <= set(plural_candidates("Haus"))
    assert "Museen" in plural_candidates("Museum")
    assert "Lehrerinnen" in plural_candidates("Lehrerin")


def test_every_catalogue_noun_gets_three_distinct_wrong_plurals() -> None:
    rng = random.Random(3)
    nouns = [e for e in load_catalog().vocabulary if e.pos == "noun" and e.noun and e.noun.plural]
    assert len(nouns) > 500
    for entry in nouns:
        assert entry.noun is not None and entry.noun.plural is not None
        wrong = plural_distractors(entry.lemma, entry.noun.plural, rng)
        assert len(wrong) == 3, entry.lemma
        assert len({w.casefold() for w in wrong}) == 3, (entry.lemma, wrong)
        assert entry.noun.plural.casefold() not in {w.casefold() for w in wrong}


@given(
    singular=st.from_regex(r"[A-ZÄÖÜ][a-zäöüß]{0,14}", fullmatch=True),
    plural=st.from_regex(r"[A-ZÄÖÜ][a-zäöüß]{0,16}", fullmatch=True),
    seed=st.integers(0, 1000),
)
def test_distractors_are_distinct_and_never_the_answer(
    singular: str, plural: str, seed: int
) -> None:
    wrong = plural_distractors(singular, plural, random.Random(seed))
    folded = [w.casefold() for w in wrong]
    assert len(wrong) == 3 and len(set(folded)) == 3
    assert plural.casefold() not in folded


@pytest.mark.parametrize(
    ("singular", "plural", "reason"),
    [
        ("Zeitung", "Zeitungen", "Zeitung → Zeitungen: -en, as every noun ending in -ung."),
        ("Lehrerin", "Lehrerinnen", "Lehrerin → Lehrerinnen: -nen, as every woman's noun in -in."),
        ("Mädchen", "Mädchen", "Mädchen → Mädchen: no ending, as every noun ending in -chen."),
        ("Lehrer", "Lehrer", "Lehrer → Lehrer: the plural is the same as the singular."),
        ("Haus", "Häuser", "Haus → Häuser: an umlaut and -er."),
        ("Vater", "Väter", "Vater → Väter: just an umlaut."),
        ("Museum", "Museen", "Museum → Museen: a plural to learn by heart."),
    ],
)
def test_a_wrong_plural_is_told_the_pattern(singular: str, plural: str, reason: str) -> None:
    assert plural_reason(singular, plural) == reason


def test_every_catalogue_plural_gets_a_reason_that_names_it() -> None:
    for entry in load_catalog().vocabulary:
        if entry.noun is not None and entry.noun.plural:
            reason = plural_reason(entry.lemma, entry.noun.plural)
            assert reason.startswith(f"{entry.lemma} → {entry.noun.plural}: "), reason


def test_the_quiz_verdict_shows_the_plural_reason() -> None:
    result = AnswerResult(
        question=0, choice=1, correct=False, correct_choice=0, correct_option="Zeitungen",
        solution="die Zeitung → die Zeitungen",
        reason="Zeitung → Zeitungen: -en, as every noun ending in -ung.",
        counted_as_review=False, review=None, score=0, answered=1, total=10, finished=False,
        version=1, next_question=None,
    )  # fmt: skip
    assert verdict_line(result) == (
        "❌ <b>Leider nicht.</b> die Zeitung → die Zeitungen\n"
        "💡 Zeitung → Zeitungen: -en, as every noun ending in -ung."
    )
