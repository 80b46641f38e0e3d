"""GET /api/v1/achievements: every achievement with the learner's progress, their unlocks
only, bad input refused with a reason."""

from __future__ import annotations

import httpx

from api.errors import ErrorBody
from core.achievements.evaluation import evaluate_learner
from core.db import Database
from tests.achievements.history import NOW, History
from tests.helpers.learners import register_learner

URL = "/api/v1/achievements"


async def test_every_achievement_with_progress_and_unlocks(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    empty = await anna.get(URL)
    assert empty.status_code == 200, empty.text
    board = empty.json()
    assert len(board) == 45
    assert [a["category"] for a in board][:1] == ["conversation"]
    assert all(a["unlocked_at"] is None and a["progress"] == 0 for a in board)
    first = next(a for a in board if a["slug"] == "conversations-1")
    assert first == {
        "slug": "conversations-1",
        "name": "Eisbrecher",
        "description": "Complete your first conversation scenario.",
        "tier": "bronze",
        "category": "conversation",
        "criterion_kind": "conversations_completed",
        "threshold": 1,
        "progress": 0,
        "unit": "scenarios",
        "unlocked_at": None,
    }

    async with content.unit_of_work() as session:
        history = History(anna.id)
        await history.add(session, "words_in_deck", 143)
    words = {a["slug"]: a for a in (await anna.get(URL)).json()}
    assert words["words-in-deck-500"]["progress"] == 143
    # Reached but not yet evaluated: locked until a check runs.
    assert words["words-in-deck-25"]["unlocked_at"] is None
    async with content.unit_of_work() as session:
        await evaluate_learner(session, anna.id, NOW)
    vocabulary = (await anna.get(URL, params={"category": "vocabulary"})).json()
    assert {a["category"] for a in vocabulary} == {"vocabulary"} and len(vocabulary) == 12
    unlocked = {a["slug"] for a in vocabulary if a["unlocked_at"] is not None}
    assert unlocked == {"words-in-deck-25", "words-in-deck-100"}
    assert next(a for a in vocabulary if a["slug"] == "words-in-deck-25")["unlocked_at"] == (
        "2026-12-06T12:00:00Z"
    )


async def test_learners_see_only_their_own(api: httpx.AsyncClient, content: Database) -> None:
    anna = await register_learner(api)
    ben = await register_learner(api)
    async with content.unit_of_work() as session:
        history = History(anna.id)
        await history.add(session, "words_in_deck", 30)
        await history.add(session, "xp_total", 1000)
        await evaluate_learner(session, anna.id, NOW)
    annas = (await anna.get(URL)).json()
    assert sum(a["unlocked_at"] is not None for a in annas) == 2
    bens = (await ben.get(URL)).json()
    assert all(a["unlocked_at"] is None and a["progress"] == 0 for a in bens)


async def test_bad_input_is_refused_with_a_reason(
    api: httpx.AsyncClient, content: Database
) -> None:
    anonymous = await api.get(URL)
    assert anonymous.status_code == 401
    anna = await register_learner(api)
    unknown = await anna.get(URL, params={"category": "karaoke"})
    assert unknown.status_code == 422
    body = ErrorBody.model_validate_json(unknown.content)
    assert body.detail == (
        "There is no achievement category 'karaoke'; "
        "the categories are consistency, conversation, grammar, streaks, vocabulary."
    )
    too_long = await anna.get(URL, params={"category": "x" * 25})
    assert too_long.status_code == 422
    nul = await anna.get(URL, params={"category": "a\x00"})
    assert nul.status_code == 422
