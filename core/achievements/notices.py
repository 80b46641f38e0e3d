"""Announcing unlocks in Telegram exactly once.

The evaluation that inserted the unlocks asks for one notice job with their ids. The job
claims them (notified_at set where it is still empty: a second run of the job, or a second
worker, claims nothing), sends, and gives them back when the send is to be retried or could
not be delivered, so notified_at is set only for unlocks the learner was told about."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.achievements.schemas import AchievementBadge, AchievementNotice
from core.clock import utcnow
from core.models import Achievement, LearnerAchievement, User
from core.ownership import mine


async def claim_notice(
    session: AsyncSession, user_id: int, unlock_ids: Sequence[int], now: datetime | None = None
) -> AchievementNotice | None:
    """Claim the learner's unlocks not announced yet; None when there is nothing to send."""
    chat_id = await session.scalar(select(User.telegram_chat_id).where(User.id == user_id))
    if chat_id is None:
        return None
    claimed = await session.execute(
        update(LearnerAchievement)
        .where(
            LearnerAchievement.id.in_(list(unlock_ids)),
            mine(LearnerAchievement, user_id),
            LearnerAchievement.notified_at.is_(None),
        )
        .values(notified_at=now or utcnow())
        .returning(LearnerAchievement.id, LearnerAchievement.achievement_id)
    )
    ids: dict[int, int] = {row.achievement_id: row.id for row in claimed}
    if not ids:
        return None
    achievements = await session.scalars(
        select(Achievement)
        .where(Achievement.id.in_(list(ids)))
        .order_by(Achievement.threshold, Achievement.id)
    )
    badges = [
        AchievementBadge(slug=a.slug, name=a.name, description=a.description, tier=a.tier)
        for a in achievements
    ]
    return AchievementNotice(chat_id=chat_id, unlock_ids=sorted(ids.values()), achievements=badges)


async def release_notice(session: AsyncSession, unlock_ids: Sequence[int]) -> None:
    """The notice did not reach the learner: the unlocks count as not announced again."""
    await session.execute(
        update(LearnerAchievement)
        .where(LearnerAchievement.id.in_(list(unlock_ids)))
        .values(notified_at=None)
    )
