"""A review writes its card, its log row, its XP and the jobs paid XP asks for in one
statement: with BEGIN, the learner, the locked card and COMMIT that is five round trips in
the transaction (the hardening issue's budget); after the commit the jobs go to the queue and
nothing more: the follow-ups wait for the relay, once per learner while one is pending."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, func, select

from core.db import Database
from core.models import Card, OutboxJob, ReviewLog, User, XpEntry
from core.reviews.service import review
from tests.quizzes.helpers import add_word, make_learner


async def test_a_review_is_two_statements_after_the_learner(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session)
        cards = await add_word(session, user, "tisch-noun")
        user_id, card_id = user.id, cards["recognition"].id
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(content.engine.sync_engine, "before_cursor_execute", count)
    try:
        async with content.unit_of_work() as session:
            learner = await session.get(User, user_id)
            assert learner is not None
            statements.clear()
            result = await review(session, learner, card_id, rating=3)
            in_transaction = list(statements)
    finally:
        event.remove(content.engine.sync_engine, "before_cursor_execute", count)
    assert len(in_transaction) == 2, in_transaction  # the locked card (joined), then the CTE
    assert statements == in_transaction, "nothing is sent or stamped after the commit"
    async with content.unit_of_work() as session:
        card = await session.get(Card, card_id)
        assert card is not None and card.reps == 1 and card.due_at == result.due_at
        log = await session.get(ReviewLog, result.review_id)
        assert log is not None and log.memory_after["reps"] == 1
        paid = await session.scalar(
            select(func.sum(XpEntry.amount)).where(XpEntry.source_id == result.review_id)
        )
        assert paid == 2
        jobs = (await session.scalars(select(OutboxJob).where(OutboxJob.sent_at.is_(None)))).all()
        # (the word added asked for the achievement check already: it is pending, so the
        # review asked only for the league refresh)
        assert sorted(job.name for job in jobs) == ["check_achievements", "refresh_league_standing"]
        assert all(job.run_after is not None for job in jobs)
    # A second review while those wait asks for nothing more.
    async with content.unit_of_work() as session:
        learner = await session.get(User, user_id)
        assert learner is not None
        other = next(c.id for c in cards.values() if c.id != card_id)
        await review(session, learner, other, rating=3)
    async with content.unit_of_work() as session:
        waiting = await session.scalar(
            select(func.count()).select_from(OutboxJob).where(OutboxJob.sent_at.is_(None))
        )
        assert waiting == 2


async def test_a_card_the_session_already_holds_gets_the_reviews_new_state(
    content: Database,
) -> None:
    """The review writes on the driver (core.direct_sql), past the ORM: a Card the caller
    loaded in the same session (as the bot's study runs do) must not keep the old state."""
    async with content.unit_of_work() as session:
        user = await make_learner(session)
        cards = await add_word(session, user, "tisch-noun")
        user_id, card_id = user.id, cards["recall"].id
    async with content.unit_of_work() as session:
        learner = await session.get(User, user_id)
        held = await session.get(Card, card_id)
        assert learner is not None and held is not None and held.reps == 0
        result = await review(session, learner, card_id, rating=3)
        assert (held.reps, held.due_at, held.phase) == (1, result.due_at, 1)
        assert not session.sync_session.dirty  # as stored: nothing left to flush
