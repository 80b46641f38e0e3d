"""The daily goal: XP per local day (core.progress.xp), measured against the ledger.

Today runs from the learner's local midnight, or from where their last closed day ended if
that is later (after a move west, so no XP counts for two days), until now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import local_day_start, local_today, utcnow
from core.models import ProgressDay, Streak, User, XpEntry
from core.ownership import mine
from core.progress.streaks import Outcome
from core.progress.xp import XP_AMOUNTS, XpReason

GOAL_CHOICES: tuple[int, ...] = (10, 20, 50, 100)
"""The daily goals offered, in XP. The stored goal may also be a migrated value in between."""
MIN_GOAL, MAX_GOAL = 10, 100
DEFAULT_GOAL = 20


def goal_for_reviews(reviews: int) -> int:
    """The XP goal for an old goal of `reviews` reviews a day (what that many reviews earn)."""
    return max(MIN_GOAL, min(MAX_GOAL, reviews * XP_AMOUNTS[XpReason.REVIEW]))


@dataclass(frozen=True)
class GoalProgress:
    xp_today: int
    goal: int
    met: bool
    local_on: date


async def today_starts_at(session: AsyncSession, user: User, now: datetime) -> datetime:
    midnight = local_day_start(user.time_zone, local_today(user.time_zone, now))
    closed_until = await session.scalar(select(Streak.through_ends_at).where(mine(Streak, user.id)))
    return max(midnight, closed_until) if closed_until is not None else midnight


async def goal_today(
    session: AsyncSession, user: User, now: datetime | None = None
) -> GoalProgress:
    now = now or utcnow()
    start = await today_starts_at(session, user, now)
    xp = await session.scalar(
        select(func.coalesce(func.sum(XpEntry.amount), 0)).where(
            mine(XpEntry, user.id), XpEntry.created_at >= start, XpEntry.created_at <= now
        )
    )
    xp_today = int(xp or 0)
    return GoalProgress(
        xp_today=xp_today,
        goal=user.daily_goal,
        met=xp_today >= user.daily_goal,
        local_on=local_today(user.time_zone, now),
    )


async def announce_goal_once(
    session: AsyncSession, user: User, progress: GoalProgress, now: datetime | None = None
) -> bool:
    """True exactly once per local day: the first time it is asked after the goal is met
    (concurrent sessions finishing at once: one wins the row update)."""
    if not progress.met:
        return False
    now = now or utcnow()
    today = progress.local_on
    await session.execute(
        insert(Streak)
        .values(
            user_id=user.id,
            through_on=today - timedelta(days=2),
            through_ends_at=local_day_start(user.time_zone, today - timedelta(days=1)),
        )
        .on_conflict_do_nothing(index_elements=["user_id"])
    )
    claimed = await session.scalar(
        update(Streak)
        .where(
            mine(Streak, user.id),
            Streak.goal_announced_on.is_distinct_from(today),
        )
        .values(goal_announced_on=today)
        .returning(Streak.user_id)
    )
    return claimed is not None


async def goals_met_count(session: AsyncSession, user_id: int) -> int:
    """Closed days on which the goal was met."""
    count = await session.scalar(
        select(func.count()).where(
            mine(ProgressDay, user_id), ProgressDay.outcome == Outcome.MET.value
        )
    )
    return int(count or 0)


async def active_days(session: AsyncSession, user_id: int) -> int:
    """Local days with any XP: closed days with XP, plus today (or the days not closed yet)
    when XP was earned after the last closed day."""
    closed = await session.scalar(
        select(func.count()).where(mine(ProgressDay, user_id), ProgressDay.xp > 0)
    )
    user = await session.get(User, user_id)
    if user is None:
        return 0
    since = await session.scalar(select(Streak.through_ends_at).where(mine(Streak, user_id)))
    open_days = select(
        func.count(func.distinct(func.date(func.timezone(user.time_zone, XpEntry.created_at))))
    ).where(mine(XpEntry, user_id))
    if since is not None:
        open_days = open_days.where(XpEntry.created_at >= since)
    return int(closed or 0) + int(await session.scalar(open_days) or 0)
