"""The daily streak cron over many learners: how long closing everyone's day takes, and how
many SQL statements it needs per learner. Not a test: run by hand, see bench/README.md.

    .venv/bin/python -m bench.streak_cron [--learners 100000] [--batch 1000]
        [--database-url URL]

Needs a PostgreSQL server where it may create and drop its own database (tutor_bench_streaks_*).
Learners are seeded with INSERT ... SELECT generate_series: twelve time zones, each with one
local day to close ("yesterday"); a quarter met their goal yesterday, a quarter earned some XP
but not enough, half have a review card due, a third hold a freeze. The cron
(`core.progress.closing.close_ended_days`) then runs as the worker runs it, with SQLAlchemy's
cursor events counting statements; a second run finds nothing to close (what every other
quarter-hour costs). Baseline in the same run: one UPDATE touching every learner's streak row
(rolled back), the least any set-based pass over all learners can cost.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import asyncpg
from sqlalchemy import event, func, select

from bench.reminder_fanout import ZONES, scratch_database
from core.db import Database, async_database_url
from core.models import OutboxJob, ProgressDay
from core.outbox import JobRequest
from core.progress.closing import ClosingReport, close_ended_days

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
NOW = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)  # every zone's 7 December has ended


def _zones_sql() -> str:
    return ", ".join(f"({i}, '{zone}')" for i, zone in enumerate(ZONES))


class CountingSender:
    """Stands in for the worker's queue: counts the jobs the outbox would send to Redis."""

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, jobs: Sequence[JobRequest]) -> None:
        self.sent += len(jobs)


async def seed(url: str, count: int) -> float:
    started = time.perf_counter()
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(
            f"""
            INSERT INTO users (display_name, cefr_level, time_zone, daily_goal, reminder_time,
                               reminders_enabled, desired_retention, new_cards_per_day,
                               telegram_user_id, telegram_chat_id)
            SELECT 'bench ' || i, 'A1', z.zone, 20, '19:00', true, 0.9, 20, 7000000 + i,
                   CASE WHEN i % 7 <> 0 THEN 7000000 + i END
            FROM generate_series(1, $1::int) AS i
            JOIN (VALUES {_zones_sql()}) AS z(k, zone) ON z.k = i % {len(ZONES)}
            """,
            count,
        )
        await connection.execute(
            """
            INSERT INTO streaks (user_id, current, longest, freezes, through_on, through_ends_at)
            SELECT u.id, u.id % 40, u.id % 40 + 5, u.id % 3, d.today - 2,
                   ((d.today - 1)::timestamp AT TIME ZONE u.time_zone)
            FROM users u
            CROSS JOIN LATERAL (SELECT ($1::timestamptz AT TIME ZONE u.time_zone)::date AS today) d
            """,
            NOW,
        )
        await connection.execute(
            """
            INSERT INTO xp_ledger (user_id, amount, reason, source_id, created_at)
            SELECT u.id, CASE WHEN u.id % 4 = 0 THEN 20 ELSE 6 END, 'review', u.id,
                   (((($1::timestamptz AT TIME ZONE u.time_zone)::date - 1) + time '12:00')
                    AT TIME ZONE u.time_zone)
            FROM users u WHERE u.id % 4 IN (0, 1)
            """,
            NOW,
        )
        await connection.execute(
            """
            INSERT INTO deck_words (user_id, lemma, lemma_key, pos, translations, source,
                                    enrichment, tags)
            SELECT id, 'Haus', 'haus', 'noun', '{house}', 'typed', 'none', '{}'
            FROM users WHERE id % 2 = 0
            """
        )
        await connection.execute(
            """
            INSERT INTO cards (user_id, deck_word_id, kind, phase, due_at, stability, difficulty,
                               last_review_at, reps, lapses)
            SELECT user_id, id, 'recognition', 2, $1::timestamptz - interval '3 days', 3, 5,
                   $1::timestamptz - interval '6 days', 2, 0
            FROM deck_words
            """,
            NOW,
        )
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()
    return time.perf_counter() - started


async def baseline_seconds(url: str) -> float:
    connection = await asyncpg.connect(url)
    try:
        runs = []
        for _ in range(3):
            transaction = connection.transaction()
            await transaction.start()
            started = time.perf_counter()
            await connection.execute("UPDATE streaks SET updated_at = updated_at")
            runs.append(time.perf_counter() - started)
            await transaction.rollback()
        return sorted(runs)[1]
    finally:
        await connection.close()


async def timed_run(db: Database, batch: int) -> tuple[ClosingReport, float, int]:
    counter = {"statements": 0}

    def count(*_: Any) -> None:
        counter["statements"] += 1

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    try:
        started = time.perf_counter()
        report = await close_ended_days(db, NOW, batch_size=batch)
        return report, time.perf_counter() - started, counter["statements"]
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", count)


async def main(args: argparse.Namespace) -> None:
    print(f"python {platform.python_version()}, {platform.machine()}")
    async with scratch_database(args.database_url, "streaks") as url:
        seeded = await seed(url, args.learners)
        print(f"  {args.learners} learners seeded in {seeded:.1f} s (generate_series)")
        floor = await baseline_seconds(url)
        sender = CountingSender()
        db = Database(async_database_url(url), job_sender=sender, pool_size=2)
        try:
            report, wall, statements = await timed_run(db, args.batch)
            again, idle_wall, idle_statements = await timed_run(db, args.batch)
            async with db.unit_of_work() as session:
                days = await session.scalar(select(func.count()).select_from(ProgressDay))
                notices = await session.scalar(
                    select(func.count()).where(OutboxJob.name == "send_freeze_notice")
                )
        finally:
            await db.dispose()
    learners = report.learners
    print(f"  baseline: UPDATE of every streak row (rolled back, median of 3): {floor:.2f} s")
    print(
        f"  cron: {wall:.2f} s for {learners} learners ({report.days} days closed, rows {days}); "
        f"outcomes {report.outcomes}; freeze notices: {notices} outbox rows, {sender.sent} sent"
    )
    print(
        f"  statements: {statements} in all, {statements / max(learners, 1):.4f} per learner, "
        f"batch {args.batch}; {wall * 1e6 / max(learners, 1):.0f} µs per learner; "
        f"cron ÷ baseline {wall / floor:.2f}"
    )
    print(
        f"  second run (nothing to close): {idle_wall:.2f} s, {idle_statements} statements, "
        f"{again.days} days closed"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    asyncio.run(main(parser.parse_args()))
