"""Weak areas: topics ranked by recent wrong answers in drills and by the learner's recent
conversation mistakes (learner_errors name a topic slug)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.grammar.catalogue import level_of
from core.grammar.mastery import RECENT, Accuracy, accuracy_by_topic
from core.grammar.schemas import WeakArea
from core.models import Conversation, ConversationTurn, GrammarTopic, LearnerError, User
from core.ownership import mine

WEAK_BELOW = 0.8
"""A topic answered right less often than this is weak."""
MISTAKE_WEIGHT = 2
"""A mistake made while talking weighs as much as two wrong drill answers."""


async def mistakes_by_topic(session: AsyncSession, user: User, now: datetime) -> dict[str, int]:
    rows = await session.execute(
        select(LearnerError.topic_slug, func.count())
        .where(
            mine(LearnerError, user),
            LearnerError.topic_slug.is_not(None),
            LearnerError.created_at >= now - RECENT,
        )
        .group_by(LearnerError.topic_slug)
    )
    return {slug: count for slug, count in rows.all() if slug}


async def last_conversation_topic(session: AsyncSession, user: User) -> str | None:
    """The topic behind the most frequent mistake of the learner's last ended conversation."""
    last = (
        select(Conversation.id)
        .where(mine(Conversation, user), Conversation.status == "ended")
        .order_by(Conversation.ended_at.desc().nulls_last(), Conversation.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    slug: str | None = await session.scalar(
        select(LearnerError.topic_slug)
        .join(ConversationTurn, ConversationTurn.id == LearnerError.turn_id)
        .join(GrammarTopic, GrammarTopic.slug == LearnerError.topic_slug)
        .where(
            mine(LearnerError, user),
            ConversationTurn.conversation_id == last,
            GrammarTopic.retired_at.is_(None),
        )
        .group_by(LearnerError.topic_slug)
        .order_by(func.count().desc(), func.max(LearnerError.id).desc())
        .limit(1)
    )
    return slug


def _score(accuracy: Accuracy | None, mistakes: int) -> float:
    wrong = accuracy.total - accuracy.right if accuracy is not None else 0
    share = accuracy.share if accuracy is not None else None
    weak_in_drills = share is not None and share < WEAK_BELOW
    return (wrong if weak_in_drills else 0) + MISTAKE_WEIGHT * mistakes


async def weak_areas(
    session: AsyncSession, user: User, now: datetime | None = None, *, limit: int = 5
) -> list[WeakArea]:
    now = now or utcnow()
    accuracy = await accuracy_by_topic(session, user, now)
    mistakes = await mistakes_by_topic(session, user, now)
    topics = await session.scalars(
        select(GrammarTopic).where(
            GrammarTopic.retired_at.is_(None),
            GrammarTopic.id.in_(accuracy) | GrammarTopic.slug.in_(mistakes),
        )
    )
    areas = [
        WeakArea(
            slug=topic.slug,
            title=topic.title,
            level=level_of(topic),
            accuracy=acc.share if (acc := accuracy.get(topic.id)) else None,
            attempts=acc.total if acc else 0,
            conversation_mistakes=mistakes.get(topic.slug, 0),
            score=_score(acc, mistakes.get(topic.slug, 0)),
        )
        for topic in topics
    ]
    areas = [area for area in areas if area.score > 0]
    areas.sort(key=lambda area: (-area.score, area.slug))
    return areas[:limit]
