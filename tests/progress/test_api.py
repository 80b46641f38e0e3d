"""GET /api/v1/progress: what a web client reads; bad input; another learner's XP unseen."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from core.db import Database
from core.models import Card
from core.progress.xp import XP_AMOUNTS, XpReason
from tests.helpers.clock import stop_the_clock
from tests.helpers.learners import register_learner


async def _a_due_card(db: Database, learner_id: int) -> int:
    async with db.unit_of_work() as session:
        card_id = await session.scalar(select(Card.id).where(Card.user_id == learner_id))
        assert card_id is not None
        return card_id


async def test_reviews_pay_xp_toward_the_goal_and_only_for_their_learner(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api, daily_goal=10)
    ben = await register_learner(api)
    stop_the_clock()  # reviews, XP today and the streak: one local day
    added = await anna.post("/api/v1/vocabulary/deck", json={"text": "die Katze"})
    assert added.status_code in (200, 201), added.text
    for _ in range(5):
        card_id = await _a_due_card(content, anna.id)
        reviewed = await anna.post("/api/v1/reviews", json={"card_id": card_id, "rating": 4})
        assert reviewed.status_code == 200, reviewed.text
    body = (await anna.get("/api/v1/progress")).json()
    review_xp = XP_AMOUNTS[XpReason.REVIEW]
    assert body["xp_today"] == body["total_xp"] == 5 * review_xp
    assert body["goal"] == 10 and body["goal_met"] is True
    assert body["streak"] == {"current": 1, "longest": 1, "freezes": 0}
    assert len(body["last_days"]) == 7 and body["last_days"][-1]["outcome"] == "today"
    assert body["last_days"][-1]["xp"] == 5 * review_xp

    # Undo takes the last review's XP back (an entry of its own; the ledger only grows).
    assert (await anna.post("/api/v1/reviews/undo")).status_code == 200
    assert (await anna.get("/api/v1/progress")).json()["xp_today"] == 4 * review_xp

    other = (await ben.get("/api/v1/progress")).json()
    assert other["xp_today"] == other["total_xp"] == 0 and other["goal_met"] is False
    assert other["streak"]["current"] == 0


async def test_bad_input_is_a_clear_4xx(api: httpx.AsyncClient, db: Database) -> None:
    anna = await register_learner(api)
    for bad in ("0", "32", "seven"):
        response = await anna.get("/api/v1/progress", params={"days": bad})
        assert response.status_code == 422, response.text
        assert "days" in response.text
    assert (await anna.get("/api/v1/progress", params={"days": 3})).json()["last_days"][0]
    assert (await api.get("/api/v1/progress")).status_code == 401
    goal = await anna.patch("/api/v1/users/me", json={"daily_goal": 35})
    assert goal.status_code == 422 and "daily_goal" in goal.text
