"""Plural distractors: plausible German, never the real plural, never twice."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.quizzes.plurals import plural_candidates, plural_distractors, umlauted
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
