"""The dashboard of a learner's deck: word and card counts, what is due, lists."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import Card, DeckWord, User
from core.ownership import mine
from core.reviews.scheduling import Phase
from core.reviews.service import due_summary
from core.vocabulary.cards import turned_on
from core.vocabulary.lists import word_lists
from core.vocabulary.schemas import DeckOverview


async def deck_overview(session: AsyncSession, user: User) -> DeckOverview:
    words = await session.execute(
        select(func.count(), func.count(DeckWord.suspended_at)).where(mine(DeckWord, user))
    )
    word_count, suspended_words = words.one()
    phases = dict(
        (
            await session.execute(
                select(Card.phase, func.count())
                .where(mine(Card, user), Card.suspended_at.is_(None))
                .group_by(Card.phase)
            )
        ).all()
    )
    leeches = await session.scalar(
        select(func.count()).where(mine(Card, user), Card.suspended_reason == "leech")
    )
    cards = await session.scalar(
        select(func.count()).where(
            mine(Card, user),
            turned_on(Card.suspended_reason),
        )
    )
    due = await due_summary(session, user)
    return DeckOverview(
        words=word_count,
        suspended_words=suspended_words,
        cards=int(cards or 0),
        due_now=due.due_reviews,
        new_available_today=due.new_available,
        learning=phases.get(int(Phase.LEARNING), 0) + phases.get(int(Phase.RELEARNING), 0),
        review=phases.get(int(Phase.REVIEW), 0),
        leeches=int(leeches or 0),
        lists=await word_lists(session, user),
    )
