"""Learners with decks in the state a test needs: due cards, cards not due yet, new words."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.models import Card, StudySession, User, VocabularyItem
from core.reviews.service import review
from core.vocabulary.adding import add_catalogue_word


async def make_learner(session: AsyncSession, level: str = "A1") -> User:
    user = User(display_name="Lena", cefr_level=level)
    session.add(user)
    await session.flush()
    return user


async def catalogue_item(session: AsyncSession, slug: str) -> VocabularyItem:
    item = await session.scalar(select(VocabularyItem).where(VocabularyItem.slug == slug))
    assert item is not None, slug
    return item


async def add_word(session: AsyncSession, user: User, slug: str) -> dict[str, Card]:
    """Add a catalogue word to the deck; its cards by kind."""
    word, _ = await add_catalogue_word(session, user, await catalogue_item(session, slug))
    cards = (await session.scalars(select(Card).where(Card.deck_word_id == word.id))).all()
    return {card.kind: card for card in cards}


async def make_due(session: AsyncSession, user: User, card: Card) -> None:
    """A learned card whose next review has come: reviewed Good a month ago."""
    await review(session, user, card.id, rating=3, now=utcnow() - timedelta(days=30))
    await session.refresh(card)
    assert card.due_at <= utcnow()


async def make_not_due(session: AsyncSession, user: User, card: Card) -> datetime:
    """A learned card that is not due yet: reviewed Good just now."""
    await review(session, user, card.id, rating=3)
    await session.refresh(card)
    assert card.due_at > utcnow()
    return card.due_at


async def active_session(session: AsyncSession, user_id: int, kind: str) -> StudySession:
    study = await session.scalar(
        select(StudySession).where(
            StudySession.user_id == user_id,
            StudySession.kind == kind,
            StudySession.status == "active",
        )
    )
    assert study is not None
    return study
