"""Time zones from place names: the tz database's city parts, big places that are not zone
names, any spelling of case, umlauts and spaces; unknown places are None."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.accounts.places import zone_at, zone_for_place
from core.constrained import learner_time_zones


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("Berlin", "Europe/Berlin"),
        ("vienna", "Europe/Vienna"),
        ("Wien", "Europe/Vienna"),
        ("  ZURICH ", "Europe/Zurich"),
        ("Zürich", "Europe/Zurich"),
        ("München", "Europe/Berlin"),
        ("muenchen", "Europe/Berlin"),
        ("Munich", "Europe/Berlin"),
        ("Köln", "Europe/Berlin"),
        ("Salzburg", "Europe/Vienna"),
        ("new york", "America/New_York"),
        ("New-York", "America/New_York"),
        ("São Paulo", "America/Sao_Paulo"),
        ("Europe/Lisbon", "Europe/Lisbon"),
        ("europe/lisbon", "Europe/Lisbon"),
        ("Kolkata", "Asia/Kolkata"),
        ("Mumbai", "Asia/Kolkata"),
    ],
)
def test_places_give_their_zone(name: str, zone: str) -> None:
    assert zone_for_place(name) == zone


@pytest.mark.parametrize("name", ["Atlantis", "", "   ", "Mars/Olympus", "x" * 500, "Berlin\x00"])
def test_unknown_places_have_no_zone(name: str) -> None:
    assert zone_for_place(name) is None


def test_a_city_in_a_zone_name_of_three_parts() -> None:
    assert (zone_for_place("buenos aires") or "").endswith("/Buenos_Aires")


def test_every_zone_name_gives_itself() -> None:
    assert all(zone_for_place(zone) == zone for zone in learner_time_zones())


async def test_a_location_gives_the_zone_there() -> None:
    assert await zone_at(48.2082, 16.3738) == "Europe/Vienna"
    assert await zone_at(47.3769, 8.5417) == "Europe/Zurich"
    assert await zone_at(40.7128, -74.0060) == "America/New_York"
    assert await zone_at(95.0, 10.0) is None  # not a place on Earth


@given(st.text(max_size=200))
def test_any_text_gives_a_learner_zone_or_none(name: str) -> None:
    zone = zone_for_place(name)
    assert zone is None or zone in learner_time_zones()
