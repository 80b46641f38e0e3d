"""The catalogue covers the most frequent German lemmas (seeds.tools.coverage), and the coverage
measure reads wordfreq's tokens the way a person would."""

from __future__ import annotations

import pytest

from seeds.catalog import Catalog, load_catalog
from seeds.schemas import VocabularyEntry
from seeds.tools.coverage import (
    CATEGORIES,
    TOP_LEMMAS,
    Coverage,
    catalogue_keys,
    coverage,
    key,
    load_exclusions,
    load_uncovered_reasons,
    readings,
)

MIN_SHARE = 0.95  # issue 13: at least 95 % of the 3,000 most frequent lemmas


@pytest.fixture(scope="module")
def result() -> Coverage:
    return coverage(load_catalog(allow_duplicates=True))


def test_the_catalogue_covers_the_most_frequent_lemmas(result: Coverage) -> None:
    assert len(result.lemmas) == TOP_LEMMAS
    assert result.share >= MIN_SHARE, (
        f"{result.share:.1%} covered; uncovered: {', '.join(result.uncovered[:100])}"
    )


def test_every_exclusion_has_a_category_and_a_reason_and_is_met(result: Coverage) -> None:
    exclusions = load_exclusions()
    assert all(category in CATEGORIES and reason for category, reason in exclusions.values())
    # an exclusion that no token before the 3,000th lemma reaches is stale and should go
    assert result.unused_exclusions == []


def test_every_uncovered_lemma_is_listed_with_a_reason(result: Coverage) -> None:
    reasons = load_uncovered_reasons()
    uncovered = {key(lemma) for lemma in result.uncovered}
    assert sorted(uncovered - {k for k, reason in reasons.items() if reason}) == []
    assert sorted(set(reasons) - uncovered) == [], "covered by now: remove from the file"


def test_exclusions_leave_out_a_small_part_of_the_list() -> None:
    # names, abbreviations, foreign words and artefacts, not a way around the measure
    assert len(load_exclusions()) < TOP_LEMMAS / 4


def test_a_lower_case_token_is_read_as_a_noun_form_too() -> None:
    assert readings("tagen")[0] == "Tag"  # wordfreq's "tagen" is mostly "Tagen"
    assert "Stunde" in readings("stunden")
    assert readings("straße")[0] == "Straße"
    assert "Straße" in readings("strasse")  # ASCII / Swiss spelling


def entry(lemma: str, pos: str) -> VocabularyEntry:
    details = {
        "noun": {"gender": "m", "plural": None, "genitive": "X"},
        "verb": {"praeteritum": "x", "partizip2": "x", "auxiliary": "haben"},
    }
    return VocabularyEntry.model_validate(
        {
            "slug": "x-" + pos,
            "lemma": lemma,
            "pos": pos,
            "translations": ["x"],
            "example_de": "x",
            "example_en": "x",
            "level": "A1",
            "topics": ["basics"],
            **({pos: details[pos]} if pos in details else {}),
        }
    )


def test_catalogue_lemmas_match_without_article_or_sich_and_declined() -> None:
    catalog = Catalog(
        vocabulary=[
            entry("sich irren", "verb"),
            entry("nächste", "adjective"),
            entry("zu Hause", "phrase"),
        ],
        grammar=[],
        scenarios=[],
        achievements=[],
    )
    keys = catalogue_keys(catalog)
    assert {"irren", "nächste", "nächster"} <= keys
    assert "hause" not in keys and "zu" not in keys  # a phrase covers none of its words
