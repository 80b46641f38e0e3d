"""Joining a week's league, leaving and rejoining the leagues, and closing a finished week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.db import Database
from core.leagues.scores import standing_key, weekly_xp
from core.leagues.tiers import GROUP_SIZE, LOWEST_TIER, activity_band, outcome
from core.leagues.weeks import current_week, previous_week
from core.models import LeagueGroup, LeagueMembership, User
from core.ownership import mine

# pg_advisory_xact_lock(class, key): the class keeps these locks apart from other features'.
_SEATING_LOCK_CLASS = 0x4C47  # "LG"


@dataclass(frozen=True)
class Seat:
    membership_id: int
    group_id: int
    tier: int
    week: date


async def membership_in(session: AsyncSession, user_id: int, week: date) -> LeagueMembership | None:
    membership: LeagueMembership | None = await session.scalar(
        select(LeagueMembership).where(
            mine(LeagueMembership, user_id), LeagueMembership.week_starts_on == week
        )
    )
    return membership


async def close_group(session: AsyncSession, group_id: int) -> bool:
    """Write the final standing of a finished week's group. Idempotent: a closed group (or
    one another worker is closing: the row lock waits for it) is left alone."""
    group = await session.scalar(
        select(LeagueGroup).where(LeagueGroup.id == group_id).with_for_update()
    )
    if group is None or group.closed_at is not None or group.week_starts_on >= current_week():
        return False
    rows = await session.execute(
        select(LeagueMembership, User.leagues_left_at)
        .join(User, User.id == LeagueMembership.user_id)
        .where(LeagueMembership.group_id == group_id)
    )
    members = list(rows)
    xp = await weekly_xp(session, group.week_starts_on, [m.user_id for m, _ in members])
    competing = [m for m, left_at in members if left_at is None]
    week = group.week_starts_on
    scores = {user_id: earned.score(week) for user_id, earned in xp.items()}
    competing.sort(key=lambda m: standing_key(scores.get(m.user_id, 0.0), m.user_id))
    for rank, membership in enumerate(competing, 1):
        result, next_tier = outcome(group.tier, rank, len(competing))
        membership.final_rank, membership.result, membership.next_tier = rank, result, next_tier
    for membership, left_at in members:
        earned = xp.get(membership.user_id)
        membership.final_xp = earned.xp if earned else 0
        if left_at is not None:
            membership.result, membership.next_tier = "left", membership.tier
    group.closed_at = clock.utcnow()
    await session.flush()
    return True


async def unclosed_past_groups(session: AsyncSession, limit: int = 1000) -> list[int]:
    ids = await session.scalars(
        select(LeagueGroup.id)
        .where(LeagueGroup.closed_at.is_(None), LeagueGroup.week_starts_on < current_week())
        .order_by(LeagueGroup.id)
        .limit(limit)
    )
    return list(ids)


async def close_finished_weeks(database: Database) -> int:
    """The week-end run (cron): close every group of a past week, each in its own short
    transaction. Returns how many this run closed."""
    closed = 0
    while True:
        async with database.unit_of_work() as session:
            group_ids = await unclosed_past_groups(session)
        for group_id in group_ids:
            async with database.unit_of_work() as session:
                closed += await close_group(session, group_id)
        if len(group_ids) < 1000:
            return closed


async def tier_for(session: AsyncSession, user_id: int, week: date) -> int:
    """The tier a learner competes in this week: where their last league left them. A past
    group still open (the cron has not run yet) is closed first, so nobody waits for it."""
    last = await session.scalar(
        select(LeagueMembership)
        .where(mine(LeagueMembership, user_id), LeagueMembership.week_starts_on < week)
        .order_by(LeagueMembership.week_starts_on.desc())
        .limit(1)
    )
    if last is None:
        return LOWEST_TIER
    if last.next_tier is None:
        await close_group(session, last.group_id)
        await session.refresh(last)
    return last.next_tier if last.next_tier is not None else last.tier


async def take_seat(session: AsyncSession, user: User, week: date) -> Seat | None:
    """The learner's seat in this week's league, taken now if they have none (their first XP
    of the week). None while they have left the leagues."""
    if user.leagues_left_at is not None:
        return None
    existing = await membership_in(session, user.id, week)
    if existing is not None:
        return Seat(existing.id, existing.group_id, existing.tier, week)
    tier = await tier_for(session, user.id, week)
    last_week = await weekly_xp(session, previous_week(week), [user.id])
    band = activity_band(last_week[user.id].xp if user.id in last_week else 0)
    # One seating at a time per (week, tier): groups never pass GROUP_SIZE, and a learner's
    # two concurrent first awards (same tier) find one membership.
    await session.execute(
        text("SELECT pg_advisory_xact_lock(:class, :key)"),
        {"class": _SEATING_LOCK_CLASS, "key": week.toordinal() * 10 + tier},
    )
    existing = await membership_in(session, user.id, week)
    if existing is not None:
        return Seat(existing.id, existing.group_id, existing.tier, week)
    group = await _group_with_a_seat(session, week, tier, band)
    group.member_count += 1
    membership = LeagueMembership(
        group_id=group.id, user_id=user.id, week_starts_on=week, tier=tier
    )
    session.add(membership)
    await session.flush()
    return Seat(membership.id, group.id, tier, week)


async def _group_with_a_seat(
    session: AsyncSession, week: date, tier: int, band: int
) -> LeagueGroup:
    """The first open group of the learner's activity band. While the tier has fewer than
    GROUP_SIZE learners this week they would all fit in one group, so a learner then joins
    the open group nearest their band rather than opening a group of one; past that, each
    band fills its own groups in order."""
    open_groups = list(
        await session.scalars(
            select(LeagueGroup)
            .where(
                LeagueGroup.week_starts_on == week,
                LeagueGroup.tier == tier,
                LeagueGroup.member_count < GROUP_SIZE,
            )
            .order_by(LeagueGroup.id)
        )
    )
    same_band = [group for group in open_groups if group.activity_band == band]
    if same_band:
        return same_band[0]
    seated = await session.scalar(
        select(func.coalesce(func.sum(LeagueGroup.member_count), 0)).where(
            LeagueGroup.week_starts_on == week, LeagueGroup.tier == tier
        )
    )
    if open_groups and int(seated or 0) < GROUP_SIZE:
        return min(open_groups, key=lambda group: (abs(group.activity_band - band), group.id))
    group = LeagueGroup(week_starts_on=week, tier=tier, activity_band=band, member_count=0)
    session.add(group)
    await session.flush()
    return group


async def leave_leagues(session: AsyncSession, user: User) -> None:
    """Leave: out of this week's group table and every board; the seat is kept, so joining
    again the same week returns to the same group."""
    if user.leagues_left_at is None:
        user.leagues_left_at = clock.utcnow()
        await session.flush()


async def rejoin_leagues(session: AsyncSession, user: User) -> None:
    if user.leagues_left_at is not None:
        user.leagues_left_at = None
        await session.flush()


async def drop_overlapping_memberships(
    session: AsyncSession, source_id: int, target_id: int
) -> None:
    """Before two accounts merge (Telegram linking): the source's seat in a week where the
    target has one goes, so the merged learner has one seat per week."""
    target_weeks = select(LeagueMembership.week_starts_on).where(mine(LeagueMembership, target_id))
    doomed = await session.execute(
        select(LeagueMembership.id, LeagueMembership.group_id).where(
            mine(LeagueMembership, source_id),
            LeagueMembership.week_starts_on.in_(target_weeks),
        )
    )
    for membership_id, group_id in list(doomed):
        await session.execute(
            update(LeagueGroup)
            .where(LeagueGroup.id == group_id)
            .values(member_count=func.greatest(LeagueGroup.member_count - 1, 0))
        )
        membership = await session.get(LeagueMembership, membership_id)
        if membership is not None:
            await session.delete(membership)
    await session.flush()
