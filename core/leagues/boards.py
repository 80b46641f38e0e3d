"""The live ranking in Redis sorted sets, written from PostgreSQL and rebuilt from it.

Keys (members are user ids, which never leave this module; scores are absolute values):
- `tutor:league:<group id>`: the group's weekly XP (scores.WeeklyXp.score), every member
  in the leagues, 0 until their XP is counted;
- `tutor:board:xp_week:<Monday>`, `tutor:board:streak`, `tutor:board:words`: the global
  boards, learners in the leagues with a score above 0, and a `<key>:built` marker.

A group key lacking one of its members, or a board without its marker (Redis was flushed,
a key expired), is rebuilt from PostgreSQL on the next read, atomically (MULTI), and reads
the same as the board it replaces."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database
from core.leagues.membership import membership_in, take_seat
from core.leagues.schemas import BoardName
from core.leagues.scores import weekly_xp, words_learned
from core.leagues.streaks import current_streaks
from core.leagues.weeks import current_week
from core.models import User

WEEKLY_KEY_TTL = timedelta(days=15)
TOP = 50
_BATCH = 5000


def group_key(group_id: int) -> str:
    return f"tutor:league:{group_id}"


def board_key(board: BoardName, week: date) -> str:
    return (
        f"tutor:board:xp_week:{week.isoformat()}" if board == "xp_week" else f"tutor:board:{board}"
    )


def _built(key: str) -> str:
    return f"{key}:built"


BoardSource = Callable[
    [AsyncSession, date, Collection[int] | None, bool], Awaitable[dict[int, float]]
]


async def _xp_scores(
    session: AsyncSession, week: date, user_ids: Collection[int] | None, listed_only: bool
) -> dict[int, float]:
    earned = await weekly_xp(session, week, user_ids, listed_only=listed_only)
    return {user_id: xp.score(week) for user_id, xp in earned.items()}


async def _word_scores(
    session: AsyncSession, week: date, user_ids: Collection[int] | None, listed_only: bool
) -> dict[int, float]:
    words = await words_learned(session, user_ids, listed_only=listed_only)
    return {user_id: float(count) for user_id, count in words.items() if count > 0}


async def _streak_scores(
    session: AsyncSession, week: date, user_ids: Collection[int] | None, listed_only: bool
) -> dict[int, float]:
    streaks = await current_streaks(session, user_ids, listed_only=listed_only)
    return {user_id: float(days) for user_id, days in streaks.items() if days > 0}


SOURCES: dict[BoardName, BoardSource] = {
    "xp_week": _xp_scores,
    "streak": _streak_scores,
    "words": _word_scores,
}


@dataclass(frozen=True)
class Standing:
    """A learner's numbers as PostgreSQL has them now: what the live update writes."""

    user_id: int
    week: date
    group_id: int | None
    listed: bool
    scores: Mapping[BoardName, float]


async def standing_of(session: AsyncSession, user_id: int) -> Standing | None:
    """Recompute a learner's numbers; their first XP of the week seats them in a group.
    None for a learner who no longer exists."""
    user = await session.get(User, user_id)
    if user is None:
        return None
    week = current_week()
    listed = user.leagues_left_at is None
    scores = {
        board: (await source(session, week, [user_id], False)).get(user_id, 0.0)
        for board, source in SOURCES.items()
    }
    group_id: int | None = None
    if scores["xp_week"] > 0:
        seat = await take_seat(session, user, week)
        group_id = seat.group_id if seat else None
    if group_id is None:
        membership = await membership_in(session, user_id, week)
        group_id = membership.group_id if membership else None
    return Standing(user_id, week, group_id, listed, scores)


async def publish(redis: Redis, standing: Standing) -> None:
    """Write (or, for a learner who left, remove) the learner's scores. Absolute values: a
    repeated or late run writes what PostgreSQL says now."""
    member = str(standing.user_id)
    pipe = redis.pipeline(transaction=False)
    if standing.group_id is not None:
        key = group_key(standing.group_id)
        if standing.listed:
            pipe.zadd(key, {member: standing.scores["xp_week"]})
            pipe.expire(key, WEEKLY_KEY_TTL)
        else:
            pipe.zrem(key, member)
    for board, score in standing.scores.items():
        key = board_key(board, standing.week)
        if standing.listed and score > 0:
            pipe.zadd(key, {member: score})
        else:
            pipe.zrem(key, member)
        if board == "xp_week":
            pipe.expire(key, WEEKLY_KEY_TTL)
    await pipe.execute()


async def remove_everywhere(redis: Redis, user_id: int, group_id: int | None) -> None:
    """Take a learner off every board now (leaving the leagues)."""
    member = str(user_id)
    pipe = redis.pipeline(transaction=False)
    if group_id is not None:
        pipe.zrem(group_key(group_id), member)
    for board in SOURCES:
        pipe.zrem(board_key(board, current_week()), member)
    await pipe.execute()


async def _replace(
    redis: Redis, key: str, scores: Mapping[str, float], ttl: timedelta | None
) -> None:
    pipe = redis.pipeline(transaction=True)
    pipe.delete(key)
    items = list(scores.items())
    for start in range(0, len(items), _BATCH):
        pipe.zadd(key, dict(items[start : start + _BATCH]))
    pipe.set(_built(key), 1)
    if ttl is not None:
        pipe.expire(key, ttl)
        pipe.expire(_built(key), ttl)
    await pipe.execute()


async def group_scores(
    session: AsyncSession, redis: Redis, group_id: int, week: date, members: Collection[int]
) -> dict[int, float]:
    """The live weekly scores of a group's listed members, from Redis; rebuilt from
    PostgreSQL when Redis lacks any of them, and served from PostgreSQL while Redis is down."""
    ordered = list(members)
    if not ordered:
        return {}
    try:
        found = await redis.zmscore(group_key(group_id), [str(m) for m in ordered])
    except RedisError:
        return await _group_scores_from_database(session, week, ordered)
    if all(score is not None for score in found):
        return {m: float(s) for m, s in zip(ordered, found, strict=True) if s is not None}
    scores = await _group_scores_from_database(session, week, ordered)
    with contextlib.suppress(RedisError):
        await _replace(
            redis, group_key(group_id), {str(m): s for m, s in scores.items()}, WEEKLY_KEY_TTL
        )
    return scores


async def _group_scores_from_database(
    session: AsyncSession, week: date, members: Collection[int]
) -> dict[int, float]:
    earned = await _xp_scores(session, week, members, False)
    return {m: earned.get(m, 0.0) for m in members}


async def rebuild_board(session: AsyncSession, redis: Redis, board: BoardName, week: date) -> int:
    """Write the board afresh from PostgreSQL; returns how many learners are on it."""
    scores = await SOURCES[board](session, week, None, True)
    await _write_board(redis, board, week, scores)
    return len(scores)


async def _write_board(
    redis: Redis, board: BoardName, week: date, scores: Mapping[int, float]
) -> None:
    ttl = WEEKLY_KEY_TTL if board == "xp_week" else None
    await _replace(redis, board_key(board, week), {str(m): s for m, s in scores.items()}, ttl)


async def refresh_board(database: Database, redis: Redis, board: BoardName) -> int:
    """Rewrite a board from PostgreSQL (read in a short transaction, then written)."""
    week = current_week()
    async with database.unit_of_work() as session:
        scores = await SOURCES[board](session, week, None, True)
    await _write_board(redis, board, week, scores)
    return len(scores)


@dataclass(frozen=True)
class BoardSlice:
    top: list[tuple[int, float, int]]
    """(user id, score, rank) of the top of the board, best first."""
    my_score: float | None
    my_rank: int | None


async def read_board(
    session: AsyncSession, redis: Redis, board: BoardName, user_id: int, week: date
) -> BoardSlice:
    """The top of a board and the learner's place on it. Ranks are competition ranks: equal
    scores share a rank (weekly XP scores include who got there first, so rarely tie)."""
    key = board_key(board, week)
    if not await redis.exists(_built(key)):
        await rebuild_board(session, redis, board, week)
    pipe = redis.pipeline(transaction=True)
    pipe.zrevrange(key, 0, TOP - 1, withscores=True)
    pipe.zscore(key, str(user_id))
    top_raw, my_score = await pipe.execute()
    top: list[tuple[int, float, int]] = []
    for position, (member, score) in enumerate(top_raw):
        rank = top[-1][2] if top and top[-1][1] == score else position + 1
        top.append((int(member), float(score), rank))
    my_rank = None
    if my_score is not None:
        my_rank = 1 + int(await redis.zcount(key, f"({my_score}", "+inf"))
    return BoardSlice(top, None if my_score is None else float(my_score), my_rank)
