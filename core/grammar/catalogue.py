"""Browsing grammar: topics by level and category with the learner's mastery, a topic page."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.errors import NotFound
from core.german import CEFR_LEVELS, CefrLevel, level_rank
from core.grammar.mastery import Accuracy, accuracy_by_topic, mastery_value, rows_of
from core.grammar.schemas import (
    CommonMistake,
    Example,
    TopicList,
    TopicPage,
    TopicProgress,
    TopicSummary,
)
from core.models import Exercise, GrammarMastery, GrammarTopic, User


def level_of(topic: GrammarTopic) -> CefrLevel:
    if topic.level not in CEFR_LEVELS:
        raise ValueError(f"unknown level {topic.level!r} of topic {topic.slug}")
    return topic.level


async def topic_by_slug(session: AsyncSession, slug: str) -> GrammarTopic:
    topic = await session.scalar(
        select(GrammarTopic).where(GrammarTopic.slug == slug, GrammarTopic.retired_at.is_(None))
    )
    if topic is None:
        raise NotFound("No such grammar topic.")
    return topic


async def _exercise_counts(session: AsyncSession) -> dict[int, int]:
    rows = await session.execute(
        select(Exercise.topic_id, func.count())
        .where(Exercise.retired_at.is_(None))
        .group_by(Exercise.topic_id)
    )
    return {topic_id: count for topic_id, count in rows.all()}


def _summary(
    user: User,
    topic: GrammarTopic,
    exercises: int,
    row: GrammarMastery | None,
    accuracy: Accuracy | None,
    now: datetime,
) -> TopicSummary:
    return TopicSummary(
        slug=topic.slug,
        title=topic.title,
        level=level_of(topic),
        category=topic.category,
        summary=topic.summary,
        exercises=exercises,
        practised=row is not None,
        mastery=mastery_value(user, row, accuracy, now) if row is not None else None,
        due=row is not None and row.due_at <= now,
        due_at=row.due_at if row is not None else None,
    )


async def list_topics(
    session: AsyncSession,
    user: User,
    now: datetime | None = None,
    *,
    level: CefrLevel | None = None,
    category: str | None = None,
) -> TopicList:
    """Topics easiest first (by level, then category and title), each with its mastery."""
    now = now or utcnow()
    statement = select(GrammarTopic).where(GrammarTopic.retired_at.is_(None))
    if level is not None:
        statement = statement.where(GrammarTopic.level == level)
    if category is not None:
        statement = statement.where(GrammarTopic.category == category)
    topics = list(await session.scalars(statement))
    topics.sort(key=lambda t: (level_rank(level_of(t)), t.category, t.title))
    counts = await _exercise_counts(session)
    rows = await rows_of(session, user)
    accuracy = await accuracy_by_topic(session, user, now)
    summaries = [
        _summary(user, t, counts.get(t.id, 0), rows.get(t.id), accuracy.get(t.id), now)
        for t in topics
    ]
    due = sum(1 for row in rows.values() if row.due_at <= now)
    return TopicList(topics=summaries, due_count=due)


async def topic_page(
    session: AsyncSession,
    user: User,
    slug: str,
    now: datetime | None = None,
    *,
    ai_enabled: bool = False,
) -> TopicPage:
    """The topic's page; `ai_enabled`: Claude is configured to write new exercises."""
    now = now or utcnow()
    topic = await topic_by_slug(session, slug)
    counts = await _exercise_counts(session)
    row = (await rows_of(session, user)).get(topic.id)
    accuracy = (await accuracy_by_topic(session, user, now)).get(topic.id)
    summary = _summary(user, topic, counts.get(topic.id, 0), row, accuracy, now)
    return TopicPage(
        **summary.model_dump(),
        explanation=topic.explanation,
        examples=[Example.model_validate(e) for e in topic.examples],
        common_mistakes=[CommonMistake.model_validate(m) for m in topic.common_mistakes],
        prerequisites=list(topic.prerequisites),
        ai_exercises=await session.scalar(
            select(func.count()).where(
                Exercise.topic_id == topic.id,
                Exercise.source == "ai",
                Exercise.retired_at.is_(None),
            )
        )
        or 0,
        new_exercises_available=ai_enabled,
    )


async def progress(
    session: AsyncSession, user: User, now: datetime | None = None
) -> list[TopicProgress]:
    """Every practised topic with its mastery, the weakest first."""
    now = now or utcnow()
    rows = await rows_of(session, user)
    accuracy = await accuracy_by_topic(session, user, now)
    topics = await session.scalars(select(GrammarTopic).where(GrammarTopic.id.in_(rows)))
    result = []
    for topic in topics:
        row, acc = rows[topic.id], accuracy.get(topic.id)
        result.append(
            TopicProgress(
                slug=topic.slug,
                title=topic.title,
                level=level_of(topic),
                mastery=mastery_value(user, row, acc, now),
                accuracy=acc.share if acc is not None else None,
                attempts=acc.total if acc is not None else 0,
                reps=row.reps,
                due_at=row.due_at,
            )
        )
    result.sort(key=lambda p: (p.mastery, p.slug))
    return result
