"""What the doors call: one function per screen or action, each returning what to show."""

from __future__ import annotations

import contextlib
from collections.abc import Collection
from datetime import date

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound
from core.leagues.boards import (
    group_scores,
    publish,
    read_board,
    remove_everywhere,
    standing_of,
)
from core.leagues.membership import (
    leave_leagues,
    membership_in,
    rejoin_leagues,
    tier_for,
)
from core.leagues.names import checked_display_name, public_name
from core.leagues.schemas import (
    BOARD_TITLES,
    BOARD_UNITS,
    BoardEntry,
    BoardName,
    LastWeek,
    Leaderboard,
    LeagueMember,
    LeagueTable,
)
from core.leagues.scores import standing_key, xp_of_score
from core.leagues.tiers import demotion_zone, promotion_zone, tier_name, zone_of
from core.leagues.weeks import current_week, previous_week, week_end, week_start
from core.models import LeagueMembership, User
from core.outbox import request_job_once

BOARDS: tuple[BoardName, ...] = tuple(BOARD_TITLES)


def board_named(name: str) -> BoardName:
    for board in BOARDS:
        if board == name:
            return board
    raise NotFound(f"There is no such leaderboard; the boards are {', '.join(BOARDS)}.")


async def _names(session: AsyncSession, user_ids: Collection[int]) -> dict[int, str]:
    """Public names of the learners among `user_ids` who are in the leagues."""
    rows = await session.execute(
        select(User.id, User.display_name, User.display_name_chosen, User.pseudonym_number).where(
            User.id.in_(list(user_ids)), User.leagues_left_at.is_(None)
        )
    )
    return {uid: public_name(name, chosen, number) for uid, name, chosen, number in rows}


async def _last_week(session: AsyncSession, user_id: int, week: date) -> LastWeek | None:
    last = await membership_in(session, user_id, previous_week(week))
    if last is None or last.result is None or last.next_tier is None:
        return None
    return LastWeek(
        tier=tier_name(last.tier),
        rank=last.final_rank,
        xp=last.final_xp or 0,
        result=last.result,
        next_tier=tier_name(last.next_tier),
    )


def _table(
    status: str, tier: int, week: date, members: list[LeagueMember], last: LastWeek | None
) -> LeagueTable:
    ranked = len(members)
    return LeagueTable(
        status=status,
        tier=tier_name(tier),
        tier_level=tier,
        week_starts_at=week_start(week),
        week_ends_at=week_end(week),
        promotion_zone=promotion_zone(tier, ranked),
        demotion_zone=demotion_zone(tier, ranked),
        members=members,
        my_rank=next((m.rank for m in members if m.is_me), None),
        last_week=last,
    )


async def _bring_up_to_date(session: AsyncSession, redis: Redis, user: User) -> None:
    """The viewer's own numbers, as the standing job would write them: a view never waits
    for the worker to show the learner's latest XP (or to seat them on their first)."""
    if user.leagues_left_at is not None:
        return
    standing = await standing_of(session, user.id)
    if standing is not None:
        with contextlib.suppress(RedisError):  # the reads below fall back or rebuild
            await publish(redis, standing)


async def league_table(session: AsyncSession, redis: Redis, user: User) -> LeagueTable:
    """The learner's group this week, ranked, with the zones; or why there is none."""
    week = current_week()
    await _bring_up_to_date(session, redis, user)
    membership = await membership_in(session, user.id, week)
    if user.leagues_left_at is not None or membership is None:
        tier = membership.tier if membership else await tier_for(session, user.id, week)
        status = "left" if user.leagues_left_at is not None else "not_joined"
        return _table(status, tier, week, [], await _last_week(session, user.id, week))
    member_ids = await session.scalars(
        select(LeagueMembership.user_id).where(LeagueMembership.group_id == membership.group_id)
    )
    names = await _names(session, list(member_ids))
    scores = await group_scores(session, redis, membership.group_id, week, names)
    order = sorted(names, key=lambda uid: standing_key(scores.get(uid, 0.0), uid))
    members = [
        LeagueMember(
            rank=rank,
            display_name=names[uid],
            xp=xp_of_score(scores.get(uid, 0.0)),
            zone=zone_of(membership.tier, rank, len(order)),
            is_me=uid == user.id,
        )
        for rank, uid in enumerate(order, 1)
    ]
    return _table(
        "competing", membership.tier, week, members, await _last_week(session, user.id, week)
    )


async def leaderboard(session: AsyncSession, redis: Redis, user: User, name: str) -> Leaderboard:
    """A global board's top 50 and the learner's rank on it."""
    board = board_named(name)
    week = current_week()
    await _bring_up_to_date(session, redis, user)
    board_slice = await read_board(session, redis, board, user.id, week)
    names = await _names(session, [uid for uid, _, _ in board_slice.top])
    to_int = xp_of_score if board == "xp_week" else int
    listed = user.leagues_left_at is None
    return Leaderboard(
        board=board,
        title=BOARD_TITLES[board],
        unit=BOARD_UNITS[board],
        entries=[
            BoardEntry(
                rank=rank, display_name=names[uid], score=to_int(score), is_me=uid == user.id
            )
            for uid, score, rank in board_slice.top
            if uid in names  # someone who has just left is gone at once, whatever Redis says
        ],
        my_rank=board_slice.my_rank if listed else None,
        my_score=to_int(board_slice.my_score)
        if listed and board_slice.my_score is not None
        else None,
        in_leagues=listed,
    )


def request_standing_refresh(session: AsyncSession, user_id: int) -> None:
    """After this transaction commits, recompute the learner's scores and write them."""
    request_job_once(session, "refresh_league_standing", user_id=user_id)


async def leave(session: AsyncSession, redis: Redis, user: User) -> LeagueTable:
    """Leave the leagues: off every board at once (and again by the job, should Redis have
    missed it); this week's seat is kept for a return."""
    await leave_leagues(session, user)
    membership = await membership_in(session, user.id, current_week())
    # Should Redis miss it, the boards' readers skip learners who left and the job retries.
    with contextlib.suppress(RedisError):
        await remove_everywhere(redis, user.id, membership.group_id if membership else None)
    request_standing_refresh(session, user.id)
    return await league_table(session, redis, user)


async def join(session: AsyncSession, redis: Redis, user: User) -> LeagueTable:
    """Join the leagues again: back in this week's group (seated now if there is XP this
    week already) and on the boards."""
    await rejoin_leagues(session, user)
    request_standing_refresh(session, user.id)  # should Redis miss the writes of the view
    return await league_table(session, redis, user)


async def set_display_name(session: AsyncSession, user: User, name: str) -> str:
    """Set the name others see on boards; returns it as stored."""
    user.display_name = checked_display_name(name)
    user.display_name_chosen = True
    await session.flush()
    return user.display_name


async def shown_name(session: AsyncSession, user: User) -> str:
    """The name others see for this learner on league tables and boards."""
    return public_name(user.display_name, user.display_name_chosen, user.pseudonym_number)
