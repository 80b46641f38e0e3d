"""Which exercises a drill gets: about ten, the ones the learner has seen least first, the
five kinds taken in turn so that a drill on one topic mixes them."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import Exercise, GrammarAttempt, User
from core.ownership import mine

DRILL_SIZE = 10


async def _seen(session: AsyncSession, user: User, topic_ids: Sequence[int]) -> dict[int, int]:
    rows = await session.execute(
        select(GrammarAttempt.exercise_id, func.count())
        .where(mine(GrammarAttempt, user), GrammarAttempt.topic_id.in_(topic_ids))
        .group_by(GrammarAttempt.exercise_id)
    )
    return {exercise_id: count for exercise_id, count in rows.all()}


def _mixed(exercises: list[Exercise], count: int) -> list[Exercise]:
    """Up to `count` exercises, one of each kind in turn (the least seen of each first)."""
    by_kind: dict[str, list[Exercise]] = defaultdict(list)
    for exercise in exercises:
        by_kind[exercise.kind].append(exercise)
    chosen: list[Exercise] = []
    while len(chosen) < count and any(by_kind.values()):
        for kind in list(by_kind):
            if by_kind[kind] and len(chosen) < count:
                chosen.append(by_kind[kind].pop(0))
    return chosen


async def pick(
    session: AsyncSession,
    user: User,
    topic_ids: Sequence[int],
    rng: random.Random,
    *,
    size: int = DRILL_SIZE,
) -> list[Exercise]:
    """About `size` exercises spread over `topic_ids` (in that order of priority)."""
    exercises = list(
        await session.scalars(
            select(Exercise).where(Exercise.topic_id.in_(topic_ids), Exercise.retired_at.is_(None))
        )
    )
    seen = await _seen(session, user, topic_ids)
    rng.shuffle(exercises)
    exercises.sort(key=lambda e: seen.get(e.id, 0))
    per_topic = max(2, -(-size // max(1, len(topic_ids))))
    chosen: list[Exercise] = []
    for topic_id in topic_ids:
        own = [e for e in exercises if e.topic_id == topic_id]
        chosen += _mixed(own, min(per_topic, size - len(chosen)))
        if len(chosen) >= size:
            break
    return chosen
