"""Every activity asks for an achievement check: XP awards (every activity pays through
core.progress.xp.award) and words added to the deck. The requests are coalesced: one pending
row per learner however many activities ask, due FOLLOWUP_DELAY later and left to the relay
(nothing is sent after the activity's commit); once it was sent, the next activity asks
again."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select

from core.db import Database
from core.models import OutboxJob, User, VocabularyItem
from core.progress.xp import XpReason, award
from core.vocabulary.adding import add_catalogue_word, add_typed_word
from tests.achievements.history import make_learner
from tests.helpers.worker import send_followups_now


async def _checks(db: Database) -> list[dict[str, object]]:
    async with db.unit_of_work() as session:
        rows = await session.scalars(
            select(OutboxJob).where(OutboxJob.name == "check_achievements").order_by(OutboxJob.id)
        )
        return [dict(row.kwargs) for row in rows]


async def test_awards_ask_for_one_pending_check_per_learner_however_many(
    content: Database,
) -> None:
    async with content.unit_of_work() as session:
        anna, ben = await make_learner(session), await make_learner(session)
    async with content.unit_of_work() as session:
        await award(session, anna, XpReason.REVIEW, 1)
        await award(session, anna, XpReason.REVIEW, 2)
        await award(session, ben, XpReason.GRAMMAR_ANSWER, 1)
    assert await _checks(content) == [{"user_id": anna}, {"user_id": ben}]
    for source in range(3, 13):  # ten more answers, one transaction each, while it waits
        async with content.unit_of_work() as session:
            await award(session, anna, XpReason.GRAMMAR_ANSWER, source)
    async with content.unit_of_work() as session:
        await award(session, anna, XpReason.REVIEW, 1)  # paid already: nothing new to check
    assert await _checks(content) == [{"user_id": anna}, {"user_id": ben}]
    async with content.unit_of_work() as session:
        pending = await session.scalars(select(OutboxJob).where(OutboxJob.sent_at.is_(None)))
        assert all(row.run_after is not None for row in pending)  # due later, for the relay
    await send_followups_now(content)
    async with content.unit_of_work() as session:
        await award(session, anna, XpReason.CONVERSATION_FINISHED, 7)  # the first was sent
    assert await _checks(content) == [{"user_id": anna}, {"user_id": ben}, {"user_id": anna}]


async def test_an_answer_sends_nothing_after_its_commit(content: Database) -> None:
    """The award's follow-ups are one INSERT in its transaction (at most one per transaction
    per learner); no statement runs after the commit (no send, no stamp)."""
    async with content.unit_of_work() as session:
        anna = await make_learner(session)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(content.engine.sync_engine, "before_cursor_execute", count)
    try:
        async with content.unit_of_work() as session:
            for source in range(1, 4):
                await award(session, anna, XpReason.GRAMMAR_ANSWER, source)
            in_transaction = list(statements)
    finally:
        event.remove(content.engine.sync_engine, "before_cursor_execute", count)
    assert statements == in_transaction, "nothing is sent or stamped after the commit"
    assert sum("outbox_jobs" in statement for statement in in_transaction) == 1, in_transaction
    assert len(in_transaction) == 4  # three awards, one coalesced request of both follow-ups


async def test_words_added_ask_for_a_check_and_a_word_already_there_does_not(
    content: Database,
) -> None:
    async with content.unit_of_work() as session:
        user = await session.get(User, await make_learner(session))
        assert user is not None
        items = list(
            await session.scalars(select(VocabularyItem).order_by(VocabularyItem.id).limit(3))
        )
    async with content.unit_of_work() as session:
        for item in items:
            await add_catalogue_word(session, user, item)
    assert await _checks(content) == [{"user_id": user.id}]
    async with content.unit_of_work() as session:
        await add_catalogue_word(session, user, items[0])  # already in the deck
    assert len(await _checks(content)) == 1
    async with content.unit_of_work() as session:
        await add_typed_word(session, user, "Fernweh")  # while the first check waits
    assert len(await _checks(content)) == 1
    await send_followups_now(content)
    async with content.unit_of_work() as session:
        await add_typed_word(session, user, "Heimweh")
    assert await _checks(content) == [{"user_id": user.id}] * 2
