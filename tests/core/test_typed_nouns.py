"""A typed word is looked up as the noun german-nouns knows, lowercase or not, unless the
lowercase spelling is a word of its own."""

from __future__ import annotations

import pytest

from core.lexicon import typed_noun_facts


@pytest.mark.parametrize(
    ("typed", "with_article", "lemma"),
    [
        ("leuchtturm", False, "Leuchtturm"),
        ("Leuchtturm", False, "Leuchtturm"),
        ("leuchtturm", True, "Leuchtturm"),
        ("haus", False, "Haus"),  # also a form of "hausen", not a lemma of its own
        ("arm", False, None),  # the adjective, not "der Arm"
        ("arm", True, "Arm"),
        ("leben", False, None),  # the verb, not "das Leben"
        ("xqzzyvk", False, None),
    ],
)
def test_typed_noun_facts(typed: str, with_article: bool, lemma: str | None) -> None:
    facts = typed_noun_facts(typed, with_article=with_article)
    assert (facts.lemma if facts else None) == lemma
