from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import Scheduler as FsrsScheduler
from fsrs.scheduler import FUZZ_RANGES
from sqlalchemy import select

from core.db import Database
from core.models import Card, ReviewLog, User
from core.reviews import service
from core.vocabulary.adding import add_catalogue_word
from core.vocabulary.catalogue import get_catalogue_word
from tests.helpers.learners import register_learner

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def _learner_with(db: Database, *slugs: str, **profile: object) -> int:
    async with db.unit_of_work() as session:
        user = User(display_name="Test", **profile)
        session.add(user)
        await session.flush()
        for slug in slugs:
            await add_catalogue_word(session, user, await get_catalogue_word(session, slug))
        return user.id


async def test_ratings_follow_fsrs_and_the_log_rebuilds_each_card(content: Database) -> None:
    user_id = await _learner_with(content, "haus-noun")
    ratings = [3, 3, 1, 3, 4, 2, 3]
    now = T0
    async with content.unit_of_work() as session:
        user = await session.get(User, user_id)
        assert user is not None
        [card] = [c for c in await service.due_queue(session, user, now) if c.kind == "recognition"]
        card_id = card.id
    for rating in ratings:
        async with content.unit_of_work() as session:
            user = await session.get(User, user_id)
            assert user is not None
            result = await service.review(session, user, card_id, rating=rating, now=now)
        now = result.due_at + timedelta(hours=1)

    reference = FsrsScheduler(desired_retention=0.9, enable_fuzzing=False)
    replayed = FsrsCard(due=T0)
    async with content.unit_of_work() as session:
        logs = (
            await session.scalars(
                select(ReviewLog).where(ReviewLog.card_id == card_id).order_by(ReviewLog.id)
            )
        ).all()
        card = await session.get(Card, card_id)
    assert [log.rating for log in logs] == ratings
    for log in logs:
        replayed, _ = reference.review_card(replayed, FsrsRating(log.rating), log.reviewed_at)
        # Fuzz moves due dates a little, never stability or difficulty.
        assert log.memory_after["stability"] == replayed.stability
        assert log.memory_after["difficulty"] == replayed.difficulty
        assert log.memory_after["phase"] == int(replayed.state)
    assert card is not None
    assert (card.stability, card.difficulty, card.phase) == (
        replayed.stability,
        replayed.difficulty,
        int(replayed.state),
    )
    interval = card.due_at - logs[-1].reviewed_at
    exact = replayed.due - logs[-1].reviewed_at
    low, high = _fuzz_bounds(exact.days)
    if low == high:  # too short to fuzz
        assert interval == exact
    else:
        assert low <= interval.days <= high and interval.seconds == 0, (exact, interval)


def _fuzz_bounds(days: int) -> tuple[int, int]:
    """The intervals fsrs's fuzz can turn `days` into: its ranges widen the interval by
    1 day + a share per band, and its final rounding can add one more day at the top."""
    if days < 2.5:
        return days, days
    delta = 1.0 + sum(
        band["factor"] * max(min(float(days), band["end"]) - band["start"], 0.0)
        for band in FUZZ_RANGES
    )
    return max(2, round(days - delta)), round(days + delta) + 1


async def test_queue_puts_most_forgotten_first_and_caps_new_cards(content: Database) -> None:
    user_id = await _learner_with(
        content, "haus-noun", "katze-noun", "gehen-verb", "schoen-adjective", new_cards_per_day=3
    )
    async with content.unit_of_work() as session:
        user = await session.get(User, user_id)
        assert user is not None
        queue = await service.due_queue(session, user, T0)
        assert len(queue) == 3 and all(c.phase == 0 for c in queue)
        assert [c.kind for c in queue[:2]] == ["recognition", "recall"]
        for card in queue:
            await service.review(session, user, card.id, rating=3, now=T0)
        assert (await service.due_summary(session, user, T0)).new_available == 0
        later = T0 + timedelta(days=30)
        due = [c for c in await service.due_queue(session, user, later) if c.phase != 0]
        assert {c.id for c in due} == {c.id for c in queue}
        forgotten = [
            (later - c.last_review_at).total_seconds() / (c.stability or 1)
            for c in due
            if c.last_review_at is not None
        ]
        assert forgotten == sorted(forgotten, reverse=True)


async def test_leech_is_suspended_after_eight_lapses_and_undo_restores(content: Database) -> None:
    user_id = await _learner_with(content, "bruecke-noun")
    now = T0
    async with content.unit_of_work() as session:
        user = await session.get(User, user_id)
        assert user is not None
        card = next(
            c for c in await service.due_queue(session, user, now) if c.kind == "recognition"
        )
        for lapse in range(1, 9):
            while card.phase != 2:  # graduate to the review phase
                now = (await service.review(session, user, card.id, rating=3, now=now)).due_at
            result = await service.review(session, user, card.id, rating=1, now=now)
            now = result.due_at
            assert card.lapses == lapse and result.leech == (lapse == 8)
        assert card.suspended_reason == "leech" and card.suspended_at is not None
        queue = await service.due_queue(session, user, now + timedelta(days=365))
        assert card.id not in [c.id for c in queue]
    async with content.unit_of_work() as session:
        user = await session.get(User, user_id)
        assert user is not None
        restored = await service.undo_last_review(session, user)
        assert restored.suspended_at is None and restored.lapses == 7 and restored.phase == 2


async def test_typed_answers_and_bad_input_over_the_api(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    word = (await anna.post("/api/v1/vocabulary/deck", json={"slug": "haus-noun"})).json()["word"]
    cards = {c["kind"]: c["id"] for c in word["cards"]}
    face = (await anna.get(f"/api/v1/reviews/cards/{cards['recall']}")).json()
    assert face["expects_typing"] and face["answer"] == "das Haus" and "house" in face["prompt"]
    assert set(face["next_due"]) == {"again", "hard", "good", "easy"}

    correct = await anna.post(
        "/api/v1/reviews", json={"card_id": cards["recall"], "answer": "das Haus"}
    )
    assert correct.status_code == 200, correct.text
    assert (correct.json()["verdict"], correct.json()["rating"]) == ("correct", 3)
    article = await anna.post(
        "/api/v1/reviews", json={"card_id": cards["article"], "answer": "der"}
    )
    assert (article.json()["verdict"], article.json()["rating"]) == ("wrong", 1)
    assert article.json()["expected"] == "das"

    undo = await anna.post("/api/v1/reviews/undo")
    assert undo.status_code == 200 and undo.json()["card_id"] == cards["article"]
    log = (await anna.get("/api/v1/reviews/log")).json()
    assert [entry["undone"] for entry in log] == [True, False]

    for body in (
        {"card_id": 999999, "rating": 3},
        {"card_id": cards["recognition"], "rating": 7},
        {"card_id": cards["recognition"]},
        {"card_id": cards["recall"], "answer": "x" * 501},
        {"card_id": cards["recognition"], "answer": "Haus"},
    ):
        response = await anna.post("/api/v1/reviews", json=body)
        assert response.status_code in (404, 422), (body, response.text)
    summary = (await anna.get("/api/v1/reviews/summary")).json()
    assert summary["total_due"] == summary["due_reviews"] + summary["new_available"]
