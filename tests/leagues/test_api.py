"""The leagues over the API: my group, the boards, leaving and joining; display names only
(no email, Telegram id or user id in any answer); bad input answered with a reason."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import update

from core.db import Database
from core.models import User
from tests.helpers.learners import Learner, register_learner
from tests.leagues.support import WEDNESDAY, earn, freeze

TELEGRAM_ID = 7_123_456_789


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _assert_private(response: httpx.Response, *learners: Learner) -> None:
    assert response.status_code == 200, response.text
    assert not _keys(response.json()) & {"id", "user_id", "email", "telegram_user_id"}
    for learner in learners:
        assert learner.email not in response.text
        assert learner.email.split("@")[0] not in response.text
    assert str(TELEGRAM_ID) not in response.text


async def test_my_league_and_the_boards_show_chosen_names_and_pseudonyms_only(
    api: httpx.AsyncClient, db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tokens are made on the real clock (PyJWT checks them against it); the league's on ours.
    anna = await register_learner(api, email="anna.schmidt@example.org", display_name="Anna")
    quiet = await register_learner(api, email="quiet.person@example.org")
    freeze(monkeypatch, WEDNESDAY)
    async with db.unit_of_work() as session:
        await session.execute(
            update(User).where(User.id == quiet.id).values(telegram_user_id=TELEGRAM_ID)
        )
    profile = (await quiet.get("/api/v1/users/me")).json()
    assert profile["display_name"] == "quiet.person"  # for greetings; not shown to others
    assert profile["leaderboard_name"].startswith("Learner ") and profile["in_leagues"]
    before = await anna.get("/api/v1/leagues/current")
    assert before.json()["status"] == "not_joined" and before.json()["members"] == []

    await earn(db, redis, anna.id, 40, WEDNESDAY)
    await earn(db, redis, quiet.id, 25, WEDNESDAY)
    mine = await anna.get("/api/v1/leagues/current")
    _assert_private(mine, anna, quiet)
    body = mine.json()
    assert (body["status"], body["tier"], body["my_rank"]) == ("competing", "Bronze", 1)
    assert body["week_ends_at"].startswith("2026-12-14T00:00:00")
    members = [(m["rank"], m["display_name"], m["xp"], m["is_me"]) for m in body["members"]]
    assert members[0] == (1, "Anna", 40, True)
    assert members[1][1].startswith("Learner ") and members[1][2:] == (25, False)
    assert body["members"][0]["zone"] == "promotion"

    for board in ("xp_week", "streak", "words"):
        response = await quiet.get(f"/api/v1/leaderboards/{board}")
        _assert_private(response, anna, quiet)
    xp_board = (await quiet.get("/api/v1/leaderboards/xp_week")).json()
    assert [(e["rank"], e["display_name"], e["score"]) for e in xp_board["entries"]] == [
        (1, "Anna", 40),
        (2, members[1][1], 25),
    ]
    assert (xp_board["my_rank"], xp_board["my_score"], xp_board["entries"][1]["is_me"]) == (
        2,
        25,
        True,
    )


async def test_leaving_and_joining_over_the_api(
    api: httpx.AsyncClient, db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = await register_learner(api, display_name="Anna")
    ben = await register_learner(api, display_name="Ben")
    freeze(monkeypatch, WEDNESDAY)
    await earn(db, redis, anna.id, 40, WEDNESDAY)
    await earn(db, redis, ben.id, 20, WEDNESDAY)

    left = await anna.post("/api/v1/leagues/leave")
    assert left.status_code == 200 and left.json()["status"] == "left"
    assert (await anna.post("/api/v1/leagues/leave")).json()["status"] == "left"  # idempotent
    seen_by_ben = (await ben.get("/api/v1/leagues/current")).json()
    assert [m["display_name"] for m in seen_by_ben["members"]] == ["Ben"]
    board = (await ben.get("/api/v1/leaderboards/xp_week")).json()
    assert [e["display_name"] for e in board["entries"]] == ["Ben"]
    own_board = (await anna.get("/api/v1/leaderboards/xp_week")).json()
    assert (own_board["in_leagues"], own_board["my_rank"]) == (False, None)

    joined = await anna.post("/api/v1/leagues/join")
    assert joined.status_code == 200 and joined.json()["status"] == "competing"
    assert [m["display_name"] for m in joined.json()["members"]] == ["Anna", "Ben"]


async def test_bad_input_gets_a_reason(api: httpx.AsyncClient, db: Database) -> None:
    anna = await register_learner(api, display_name="Anna")
    unknown = await anna.get("/api/v1/leaderboards/gold")
    assert unknown.status_code == 404
    assert "xp_week" in unknown.json()["detail"]
    assert (await anna.get("/api/v1/leaderboards/" + "x" * 200)).status_code == 422
    for name in ("", "   ", "x" * 81, "A\x00", "two\nlines"):
        refused = await anna.patch("/api/v1/users/me", json={"display_name": name})
        assert refused.status_code == 422, (name, refused.text)
        assert "display_name" in refused.text
    registered = await api.post(
        "/api/v1/auth/register",
        json={"email": "nl@example.org", "password": "long-enough-1", "display_name": "A\nB"},
    )
    assert registered.status_code == 422 and "display_name" in registered.text
    kept = await anna.get("/api/v1/users/me")
    assert kept.json()["display_name"] == "Anna"
    renamed = await anna.patch("/api/v1/users/me", json={"display_name": "  Anna K.  "})
    assert renamed.json()["display_name"] == "Anna K."
    assert renamed.json()["leaderboard_name"] == "Anna K."
    assert (await api.get("/api/v1/leagues/current")).status_code == 401
