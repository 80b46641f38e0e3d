"""Every activity asks for one achievement check after its commit: XP awards (every activity
pays through core.progress.xp.award) and words added to the deck, once per transaction."""

from __future__ import annotations

from sqlalchemy import select

from core.db import Database
from core.models import OutboxJob, User, VocabularyItem
from core.progress.xp import XpReason, award
from core.vocabulary.adding import add_catalogue_word, add_typed_word
from tests.achievements.history import make_learner


async def _checks(db: Database) -> list[dict[str, object]]:
    async with db.unit_of_work() as session:
        rows = await session.scalars(
            select(OutboxJob).where(OutboxJob.name == "check_achievements").order_by(OutboxJob.id)
        )
        return [dict(row.kwargs) for row in rows]


async def test_awards_ask_for_one_check_per_transaction_and_learner(content: Database) -> None:
    async with content.unit_of_work() as session:
        anna, ben = await make_learner(session), await make_learner(session)
    async with content.unit_of_work() as session:
        await award(session, anna, XpReason.REVIEW, 1)
        await award(session, anna, XpReason.REVIEW, 2)
        await award(session, ben, XpReason.GRAMMAR_ANSWER, 1)
    assert await _checks(content) == [{"user_id": anna}, {"user_id": ben}]
    async with content.unit_of_work() as session:
        await award(session, anna, XpReason.REVIEW, 1)  # paid already: nothing new to check
    assert await _checks(content) == [{"user_id": anna}, {"user_id": ben}]
    async with content.unit_of_work() as session:
        await award(session, anna, XpReason.CONVERSATION_FINISHED, 7)
    assert await _checks(content) == [{"user_id": anna}, {"user_id": ben}, {"user_id": anna}]


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
        await add_typed_word(session, user, "Fernweh")
    assert await _checks(content) == [{"user_id": user.id}] * 2
