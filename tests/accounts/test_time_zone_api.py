"""Time zone by place over the API, as the bot's /timezone and shared location do it: a
search for the web picker, and setting by place name or by a point."""

from __future__ import annotations

from datetime import datetime

import httpx

from core.db import Database
from tests.helpers.learners import register_learner

V1 = "/api/v1"


async def test_the_picker_finds_zones_by_place_or_zone_name(
    api: httpx.AsyncClient, db: Database
) -> None:
    anna = await register_learner(api)
    found = await anna.get(f"{V1}/timezones", params={"query": "Wien"})
    assert found.status_code == 200, found.text
    [vienna] = found.json()
    assert (vienna["time_zone"], vienna["matched"]) == ("Europe/Vienna", "Wien")
    local = datetime.fromisoformat(vienna["local_time"])
    assert local.utcoffset() is not None and local.utcoffset().total_seconds() in (3600, 7200)

    newish = (await anna.get(f"{V1}/timezones", params={"query": "new y"})).json()
    assert newish[0]["time_zone"] == "America/New_York"
    lisbon = (await anna.get(f"{V1}/timezones", params={"query": "europe/lis"})).json()
    assert [m["time_zone"] for m in lisbon] == ["Europe/Lisbon"]
    many = (await anna.get(f"{V1}/timezones", params={"query": "a"})).json()
    assert len(many) == 10
    assert (await anna.get(f"{V1}/timezones", params={"query": "Atlantis"})).json() == []


async def test_a_place_or_a_point_sets_my_zone_and_only_mine(
    api: httpx.AsyncClient, db: Database
) -> None:
    anna, ben = await register_learner(api), await register_learner(api)
    before = (await ben.get(f"{V1}/users/me")).json()["time_zone"]
    by_place = await anna.put(f"{V1}/users/me/time-zone", json={"place": "vienna"})
    assert by_place.status_code == 200, by_place.text
    assert by_place.json()["time_zone"] == "Europe/Vienna"
    assert (await anna.get(f"{V1}/users/me")).json()["time_zone"] == "Europe/Vienna"

    tokyo = await anna.put(
        f"{V1}/users/me/time-zone", json={"latitude": 35.68, "longitude": 139.69}
    )
    assert tokyo.status_code == 200, tokyo.text
    assert tokyo.json()["time_zone"] == "Asia/Tokyo"
    assert (
        datetime.fromisoformat(tokyo.json()["local_time"]).utcoffset().total_seconds() == 9 * 3600
    )
    assert (await anna.get(f"{V1}/users/me")).json()["time_zone"] == "Asia/Tokyo"
    assert (await ben.get(f"{V1}/users/me")).json()["time_zone"] == before


async def test_bad_places_and_points_are_a_clear_422(api: httpx.AsyncClient, db: Database) -> None:
    anna = await register_learner(api)
    url = f"{V1}/users/me/time-zone"
    for body in (
        {"latitude": 91, "longitude": 10},
        {"latitude": 48, "longitude": 181},
        {"latitude": 48},
        {"place": "Wien", "latitude": 48.2, "longitude": 16.4},
        {},
        {"place": ""},
        {"place": "x" * 65},
        {"place": "Wien", "zone": "Europe/Vienna"},
    ):
        response = await anna.put(url, json=body)
        assert response.status_code == 422, (body, response.text)
    nan = await anna.put(
        url,
        content=b'{"latitude": NaN, "longitude": 1}',
        headers={"Content-Type": "application/json"},
    )
    assert nan.status_code == 422, nan.text
    unknown = await anna.put(url, json={"place": "Atlantis"})
    assert unknown.status_code == 422 and "Atlantis" in unknown.json()["detail"]
    assert (await anna.get(f"{V1}/users/me")).json()["time_zone"] == "Europe/Berlin"
    at_sea = await anna.put(url, json={"latitude": 0.0, "longitude": -30.0})
    assert at_sea.json()["time_zone"] == "Etc/GMT+2", "the nautical zone out at sea"
    for query in ("", "x" * 65):
        response = await anna.get(f"{V1}/timezones", params={"query": query})
        assert response.status_code == 422, (query, response.text)
    assert (await anna.get(f"{V1}/timezones")).status_code == 422
    assert (await api.get(f"{V1}/timezones", params={"query": "Wien"})).status_code == 401
    assert (await api.put(url, json={"place": "Wien"})).status_code == 401
