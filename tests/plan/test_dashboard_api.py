"""The daily plan and the starter packs over the API, as a web client uses them: every item's
`start` hint is a call that works; bad input is a 4xx with a reason; a learner never sees
another's plan."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from core.db import Database
from tests.helpers.learners import Learner, register_learner


async def _follow(learner: Learner, item: dict[str, Any]) -> httpx.Response:
    start = item["start"]
    return await learner.request(start["method"], start["path"], json=start["body"])


async def test_a_new_learner_plans_grammar_and_a_scene_and_each_item_starts(
    api: httpx.AsyncClient, content: Database
) -> None:
    learner = await register_learner(api, cefr_level="A2", time_zone="Asia/Tokyo")
    response = await learner.get("/api/v1/dashboard")
    assert response.status_code == 200, response.text
    plan = response.json()
    assert (plan["reviews_due"], plan["new_words_left"]) == (0, 0)
    assert plan["level"] == "A2" and plan["time_zone"] == "Asia/Tokyo"
    assert plan["goal"] == {"xp_today": 0, "goal": 20, "met": False, "xp_left": 20}
    assert plan["streak"] == {"current": 0, "longest": 0, "freezes": 0}
    kinds = [item["kind"] for item in plan["items"]]
    assert kinds == ["grammar", "conversation"]
    grammar, scene = plan["items"]
    assert grammar["reason"] == "next" and plan["grammar"]["level"] == "A2"
    assert scene["slug"] == plan["scene"]["slug"]
    assert plan["scene"]["level_min"] <= "A2" <= plan["scene"]["level_max"]

    started = await _follow(learner, grammar)
    assert started.status_code == 201, started.text
    assert started.json()["title"] == grammar["label"]
    talk = await _follow(learner, scene)
    assert talk.status_code == 201, talk.text

    # A scene just practised is not suggested again.
    again = (await learner.get("/api/v1/dashboard")).json()
    assert again["scene"]["slug"] != scene["slug"]


async def test_the_starter_pack_fills_the_plan_and_adding_twice_adds_nothing_twice(
    api: httpx.AsyncClient, content: Database
) -> None:
    learner = await register_learner(api)
    packs = (await learner.get("/api/v1/vocabulary/starter-packs")).json()
    a1 = next(pack for pack in packs if pack["level"] == "A1")
    assert (a1["list_name"], a1["word_count"], a1["in_deck"]) == ("Starter A1", 20, 0)
    assert len(a1["preview"]) == 5

    first = await learner.post("/api/v1/vocabulary/starter-packs/A1")
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["added"], body["already_in_deck"]) == (20, 0)
    assert (body["list"]["name"], body["list"]["word_count"]) == ("Starter A1", 20)

    second = (await learner.post("/api/v1/vocabulary/starter-packs/A1")).json()
    assert (second["added"], second["already_in_deck"]) == (0, 20)
    assert second["list"]["id"] == body["list"]["id"] and second["list"]["word_count"] == 20
    deck = (await learner.get("/api/v1/vocabulary/deck")).json()
    assert deck["total"] == 20
    lists = (await learner.get("/api/v1/vocabulary/lists")).json()
    assert [wl["name"] for wl in lists] == ["Starter A1"]

    plan = (await learner.get("/api/v1/dashboard")).json()
    assert plan["new_words_left"] == plan["new_words_per_day"] == 20
    new_words = next(item for item in plan["items"] if item["kind"] == "new_words")
    assert new_words["label"] == "20 new cards"
    cards = await _follow(learner, new_words)
    assert cards.status_code == 200 and len(cards.json()) == 1
    assert cards.json()[0]["phase"] == "new"


async def test_two_adds_at_once_add_each_word_once(
    api: httpx.AsyncClient, content: Database
) -> None:
    learner = await register_learner(api)
    both = await asyncio.gather(
        *(learner.post("/api/v1/vocabulary/starter-packs/A2") for _ in range(2))
    )
    assert [response.status_code for response in both] == [200, 200]
    assert sorted(response.json()["added"] for response in both) == [0, 20]
    assert (await learner.get("/api/v1/vocabulary/deck")).json()["total"] == 20


async def test_bad_input_is_a_4xx_with_a_reason(api: httpx.AsyncClient, content: Database) -> None:
    learner = await register_learner(api)
    for method, url in (
        ("POST", "/api/v1/vocabulary/starter-packs/Z9"),
        ("POST", "/api/v1/vocabulary/starter-packs/a1"),
        ("GET", "/api/v1/reviews/next?new_only=maybe"),
    ):
        response = await learner.request(method, url)
        assert response.status_code == 422, (url, response.text)
        assert response.json()["detail"], url
    patched = await learner.patch("/api/v1/users/me", json={"streak_nudge_enabled": "often"})
    assert patched.status_code == 422 and patched.json()["detail"]
    anonymous = await api.get("/api/v1/dashboard")
    assert anonymous.status_code == 401
    # Nothing was added by the refused calls.
    assert (await learner.get("/api/v1/vocabulary/deck")).json()["total"] == 0


async def test_the_nudge_setting_is_part_of_the_profile(
    api: httpx.AsyncClient, content: Database
) -> None:
    learner = await register_learner(api)
    assert (await learner.get("/api/v1/users/me")).json()["streak_nudge_enabled"] is False
    patched = await learner.patch("/api/v1/users/me", json={"streak_nudge_enabled": True})
    assert patched.status_code == 200 and patched.json()["streak_nudge_enabled"] is True


async def test_a_learner_never_sees_another_learners_plan(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api, cefr_level="A1")
    ben = await register_learner(api, cefr_level="B1")
    assert (await anna.post("/api/v1/vocabulary/starter-packs/A1")).status_code == 200

    anna_plan = (await anna.get("/api/v1/dashboard")).json()
    ben_plan = (await ben.get("/api/v1/dashboard")).json()
    assert anna_plan["new_words_left"] == 20
    assert ben_plan["new_words_left"] == 0 and ben_plan["level"] == "B1"
    assert "new_words" not in [item["kind"] for item in ben_plan["items"]]
    ben_packs = (await ben.get("/api/v1/vocabulary/starter-packs")).json()
    assert all(pack["in_deck"] == 0 for pack in ben_packs)
    assert (await ben.get("/api/v1/vocabulary/lists")).json() == []
