"""Attempts, and the FSRS card of each practised topic.

A drill's answers are attempts. When a drill ends, every topic it practised gets one FSRS
review rated by the drill's accuracy on it, but only the learner's first drill of the (local)
day on that topic counts, as DESIGN.md asks. Mastery = retrievability now × recent accuracy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import local_today
from core.models import Exercise, GrammarAttempt, GrammarMastery, GrammarTopic, User
from core.ownership import mine, owned
from core.reviews.scheduling import MemoryState, Phase, Rating
from core.reviews.service import scheduler_for

RECENT = timedelta(days=30)
"""Accuracy and weak areas look at this much of the past."""


@dataclass(frozen=True)
class Accuracy:
    right: int
    total: int

    @property
    def share(self) -> float | None:
        return self.right / self.total if self.total else None


def rating_for(right: int, answered: int) -> Rating:
    share = right / answered
    if share >= 0.9:
        return Rating.EASY
    if share >= 0.7:
        return Rating.GOOD
    if share >= 0.5:
        return Rating.HARD
    return Rating.AGAIN


def memory_of(row: GrammarMastery) -> MemoryState:
    return MemoryState(
        phase=Phase(row.phase),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due_at=row.due_at,
        last_review_at=row.last_review_at,
    )


def record_attempt(
    session: AsyncSession,
    user: User,
    exercise: Exercise,
    *,
    study_id: int | None,
    answer: str,
    verdict: str,
    correct: bool,
    now: datetime,
) -> GrammarAttempt:
    attempt = GrammarAttempt(
        user_id=user.id,
        exercise_id=exercise.id,
        topic_id=exercise.topic_id,
        study_session_id=study_id,
        answer=answer,
        verdict=verdict,
        correct=correct,
        created_at=now,
    )
    session.add(attempt)
    return attempt


async def claim(session: AsyncSession, user: User, attempt_id: int) -> None:
    """ "I was right": the rejected answer counts as right and is kept for review."""
    attempt = await session.scalar(
        owned(GrammarAttempt, user).where(GrammarAttempt.id == attempt_id)
    )
    if attempt is not None:
        attempt.claimed = True
        attempt.correct = True


async def rows_of(session: AsyncSession, user: User) -> dict[int, GrammarMastery]:
    rows = await session.scalars(owned(GrammarMastery, user))
    return {row.topic_id: row for row in rows}


async def rate_topic(
    session: AsyncSession, user: User, topic_id: int, right: int, answered: int, now: datetime
) -> tuple[Rating | None, datetime]:
    """One FSRS review of the topic from this drill's accuracy (None: rated already today)."""
    row = await session.scalar(
        owned(GrammarMastery, user).where(GrammarMastery.topic_id == topic_id).with_for_update()
    )
    today = local_today(user.time_zone, now)
    if row is None:
        row = GrammarMastery(
            user_id=user.id, topic_id=topic_id, phase=0, due_at=now, reps=0, lapses=0
        )
        session.add(row)
    elif row.rated_on == today:
        return None, row.due_at
    rating = rating_for(right, answered)
    memory = scheduler_for(user).review(memory_of(row), rating, now)
    if rating is Rating.AGAIN and row.phase == Phase.REVIEW:
        row.lapses += 1
    row.phase = int(memory.phase)
    row.step = memory.step
    row.stability = memory.stability
    row.difficulty = memory.difficulty
    row.due_at = memory.due_at or now
    row.last_review_at = memory.last_review_at
    row.reps += 1
    row.rated_on = today
    await session.flush()
    return rating, row.due_at


async def accuracy_by_topic(
    session: AsyncSession, user: User, now: datetime
) -> dict[int, Accuracy]:
    rows = await session.execute(
        select(
            GrammarAttempt.topic_id,
            func.count(case((GrammarAttempt.correct, 1))),
            func.count(),
        )
        .where(mine(GrammarAttempt, user), GrammarAttempt.created_at >= now - RECENT)
        .group_by(GrammarAttempt.topic_id)
    )
    return {topic_id: Accuracy(right, total) for topic_id, right, total in rows.all()}


def mastery_value(
    user: User, row: GrammarMastery, accuracy: Accuracy | None, now: datetime
) -> float:
    retrievability = scheduler_for(user).retrievability(memory_of(row), now)
    share = accuracy.share if accuracy is not None else None
    return round(retrievability * (share if share is not None else 1.0), 3)


async def due_topic_ids(session: AsyncSession, user: User, now: datetime) -> list[int]:
    """Practised topics due now, the longest overdue first."""
    rows = await session.scalars(
        select(GrammarMastery.topic_id)
        .join(GrammarTopic, GrammarTopic.id == GrammarMastery.topic_id)
        .where(
            mine(GrammarMastery, user),
            GrammarMastery.due_at <= now,
            GrammarTopic.retired_at.is_(None),
        )
        .order_by(GrammarMastery.due_at, GrammarMastery.id)
    )
    return list(rows)


async def due_topic_count(session: AsyncSession, user: User, now: datetime) -> int:
    """How many grammar topics are due (the daily reminder counts them)."""
    return len(await due_topic_ids(session, user, now))
