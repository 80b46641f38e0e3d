"""League boards benchmark: the standing job after an award, reading a group table and a
board, and rebuilding the global boards after a Redis flush, for N learners with XP this
week. Each figure is a median, also given as a ratio to a bare indexed SELECT by primary key
measured in the same run. Not a test: run by hand, see bench/README.md.

    .venv/bin/python -m bench.league_boards [--learners 20000] [--runs 200]

Needs a PostgreSQL server (--database-url, default $TEST_DATABASE_URL) where it may create and
drop its own database, and a Redis database it may empty (--redis-url, default db 14).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence

import asyncpg
from redis.asyncio import Redis

from bench.reminder_fanout import DEFAULT_DATABASE_URL, scratch_database
from core.db import Database
from core.leagues import service
from core.leagues.boards import publish, standing_of
from core.leagues.schemas import BoardName
from core.leagues.weeks import current_week, week_start
from core.models import User

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
BOARDS: tuple[BoardName, ...] = ("xp_week", "streak", "words")


async def insert_learners(url: str, count: int) -> None:
    """`count` learners, each with 1..4 awards this week, a streak and a learned word."""
    start = week_start(current_week())
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(
            """
            INSERT INTO users (display_name, display_name_chosen, cefr_level, time_zone,
                               daily_goal, reminder_time, reminders_enabled, desired_retention,
                               new_cards_per_day)
            SELECT 'bench ' || i, i % 2 = 0, 'A1', 'UTC', 20, '19:00', false, 0.9, 20
            FROM generate_series(1, $1::int) AS i
            """,
            count,
        )
        await connection.execute(
            """
            INSERT INTO xp_ledger (user_id, amount, reason, source_id, created_at)
            SELECT u.id, 2 + (u.id * 7 + k) % 13, 'review', k,
                   $1::timestamptz + make_interval(mins => ((u.id * 31 + k * 17) % 5000)::int)
            FROM users u, generate_series(1, 1 + (u.id % 4)::int) AS k
            """,
            start,
        )
        await connection.execute(
            """
            INSERT INTO streaks (user_id, current, longest, freezes, through_on, through_ends_at)
            SELECT id, id % 40, id % 40, 0, $1::date, $2::timestamptz FROM users
            """,
            start.date(),
            start,
        )
        await connection.execute(
            """
            INSERT INTO deck_words (user_id, lemma, lemma_key, pos, translations, source,
                                    enrichment, tags)
            SELECT id, 'Haus', 'haus', 'noun', '{house}', 'typed', 'none', '{}' FROM users
            """
        )
        await connection.execute(
            """
            INSERT INTO cards (user_id, deck_word_id, kind, phase, due_at, stability, difficulty,
                               last_review_at, reps, lapses)
            SELECT user_id, id, 'recognition', 2, $1::timestamptz, 3, 5, $1::timestamptz, 2, 0
            FROM deck_words
            """,
            start,
        )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


async def median_ms(runs: int, step: Callable[[int], Awaitable[object]]) -> float:
    timings = []
    for run in range(runs):
        began = time.perf_counter()
        await step(run)
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


async def run(args: argparse.Namespace) -> None:
    async with scratch_database(args.database_url, "leagues") as url:
        await insert_learners(url, args.learners)
        database = Database(url)
        redis = Redis.from_url(args.redis_url)
        await redis.flushdb()
        try:
            await measure(database, redis, args)
        finally:
            await redis.flushdb()
            await redis.aclose()
            await database.dispose()


async def measure(database: Database, redis: Redis, args: argparse.Namespace) -> None:
    runs, count = args.runs, args.learners
    ids = [1 + (i * 7919) % count for i in range(runs)]

    async def bare_select(i: int) -> None:
        async with database.unit_of_work() as session:
            await session.get(User, ids[i])

    async def standing_job(i: int) -> None:
        async with database.unit_of_work() as session:
            standing = await standing_of(session, ids[i])
        assert standing is not None
        await publish(redis, standing)

    async def group_table(i: int) -> None:
        async with database.unit_of_work() as session:
            user = await session.get(User, ids[i])
            assert user is not None
            await service.league_table(session, redis, user)

    def board_read(board: BoardName) -> Callable[[int], Awaitable[None]]:
        async def read(i: int) -> None:
            async with database.unit_of_work() as session:
                user = await session.get(User, ids[i])
                assert user is not None
                await service.leaderboard(session, redis, user, board)

        return read

    baseline = await median_ms(runs, bare_select)
    rows = [("bare indexed SELECT (baseline)", baseline)]
    rows.append(
        ("standing job, first award of the week (seats)", await median_ms(runs, standing_job))
    )
    rows.append(("standing job, a later award", await median_ms(runs, standing_job)))
    rows.append(("GET my group table (warm)", await median_ms(runs, group_table)))
    for board in BOARDS:
        rows.append((f"GET board {board} (warm)", await median_ms(runs, board_read(board))))
    for board in BOARDS:

        async def cold(i: int, board: BoardName = board) -> None:
            await redis.flushdb()
            await board_read(board)(i)

        rows.append((f"GET board {board} after a flush (rebuild)", await median_ms(5, cold)))
    print(f"league boards: {count:,} learners with XP this week, {runs} runs per figure")
    print(f"python {platform.python_version()}, {os.cpu_count()} cpus")
    print(f"{'what':<48} {'median ms':>10} {'× baseline':>11}")
    for what, ms in rows:
        print(f"{what:<48} {ms:>10.2f} {ms / baseline:>11.1f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--learners", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--database-url", default=os.environ.get("TEST_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="emptied first")
    asyncio.run(run(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
