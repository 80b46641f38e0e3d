"""One learner's (or a batch of learners') achievements, evaluated in one statement.

The statement computes every criterion kind's current value (criteria.progress_sql), joins
the achievements whose threshold it reaches and that are not unlocked yet, and inserts them
with ON CONFLICT DO NOTHING RETURNING. Two evaluations of the same learner at once: the
second one's insert waits for the first one's uncommitted row in the unique index, then
inserts nothing, so each achievement is returned, and announced, by one evaluation only.
How many achievements the content has changes the rows joined, never the statements run."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import BigInteger

from core.achievements.criteria import parameters, progress_sql, value_of_kind
from core.achievements.schemas import AchievementBadge
from core.clock import utcnow
from core.outbox import request_job

_EVALUATE = text(
    f"""
WITH progress AS (
  {progress_sql("users u")}
  WHERE u.id = ANY(:user_ids)
),
reached AS (
  SELECT p.user_id, a.id AS achievement_id
  FROM progress p
  JOIN achievements a ON a.retired_at IS NULL AND a.threshold <= {value_of_kind("p")}
  WHERE NOT EXISTS (
    SELECT 1 FROM learner_achievements la
    WHERE la.user_id = p.user_id AND la.achievement_id = a.id)
),
inserted AS (
  INSERT INTO learner_achievements (user_id, achievement_id, unlocked_at)
  SELECT user_id, achievement_id, :now FROM reached ORDER BY user_id, achievement_id
  ON CONFLICT (user_id, achievement_id) DO NOTHING
  RETURNING id, user_id, achievement_id
)
SELECT i.id, i.user_id, p.telegram_chat_id, a.slug, a.name, a.description, a.tier
FROM inserted i
JOIN achievements a ON a.id = i.achievement_id
JOIN progress p ON p.user_id = i.user_id
ORDER BY i.user_id, a.threshold, i.id
"""
).bindparams(bindparam("user_ids", type_=ARRAY(BigInteger)))


@dataclass(frozen=True)
class Unlock:
    id: int
    user_id: int
    chat_id: int | None
    badge: AchievementBadge


async def evaluate_learners(
    session: AsyncSession, user_ids: Sequence[int], now: datetime | None = None
) -> list[Unlock]:
    """Unlock what these learners have reached; the unlocks this call inserted. A learner with
    a Telegram chat gets one notice job for all of theirs (after commit, through the outbox)."""
    if not user_ids:
        return []
    now = now or utcnow()
    rows = await session.execute(
        _EVALUATE, {"user_ids": list(user_ids), "now": now, **parameters(now)}
    )
    unlocks = [
        Unlock(
            id=row.id,
            user_id=row.user_id,
            chat_id=row.telegram_chat_id,
            badge=AchievementBadge(
                slug=row.slug, name=row.name, description=row.description, tier=row.tier
            ),
        )
        for row in rows
    ]
    by_learner: dict[int, list[Unlock]] = defaultdict(list)
    for unlock in unlocks:
        if unlock.chat_id is not None:
            by_learner[unlock.user_id].append(unlock)
    for user_id, theirs in by_learner.items():
        ids = [u.id for u in theirs]
        request_job(
            session,
            "send_achievement_notice",
            job_id=f"achievement-notice:{ids[0]}",
            user_id=user_id,
            unlock_ids=ids,
        )
    return unlocks


async def evaluate_learner(
    session: AsyncSession, user_id: int, now: datetime | None = None
) -> list[Unlock]:
    return await evaluate_learners(session, [user_id], now)
