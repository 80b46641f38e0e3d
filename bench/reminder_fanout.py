"""Reminder fan-out benchmark: N learners due at the same minute, sent through the shared rate
limiter to a fake Bot API that enforces Telegram's flood limits; then the sweep's selection
query on 1,000,000 learners. Not a test: run by hand, see bench/README.md.

    .venv/bin/python -m bench.reminder_fanout [--learners 20000] [--workers 2]
        [--sweep-learners 1000000] [--skip-fanout] [--skip-sweep-query]

Needs a PostgreSQL server (--database-url, default $TEST_DATABASE_URL) where it may create and
drop its own databases, and a Redis database it may empty (--redis-url, default db 15).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import platform
import statistics
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from arq.worker import Worker
from pydantic import SecretStr
from redis.asyncio import Redis
from sqlalchemy import Select
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.engine import make_url

from core.db import Database, async_database_url
from core.reminders.sweep import due_learners_query, run_sweep
from core.settings import Settings
from jobs.queue import connect
from jobs.worker import worker_settings
from migrations.runner import upgrade_async
from tests.fakes.telegram import FakeTelegram

TOKEN = "123456789:BENCH-fake-token"
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
ZONES = (
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Kiritimati",
    "Pacific/Tongatapu",
    "Pacific/Pago_Pago",
    "Asia/Kathmandu",
    "UTC",
)
FAKE_GLOBAL_LIMIT = 30  # what Telegram allows per bot, enforced by the fake
FAKE_CHAT_LIMIT = 1
RUNS = 5
BATCH = 500  # the sweep's batch size: one selection locks at most this many learners


def _dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


@asynccontextmanager
async def scratch_database(server_url: str, label: str) -> AsyncIterator[str]:
    """A new, migrated database on the server, dropped afterwards whatever happens."""
    name = f"tutor_bench_{label}_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(_dsn(server_url))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = _dsn(server_url, name)
    try:
        await upgrade_async(async_database_url(url))
        yield url
    finally:
        admin = await asyncpg.connect(_dsn(server_url))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


def _zones_sql() -> str:
    return ", ".join(f"({i}, '{zone}')" for i, zone in enumerate(ZONES))


# ---- part 1: the fan-out ------------------------------------------------------------------


async def insert_due_learners(url: str, count: int, due: datetime) -> None:
    """`count` learners in twelve time zones whose local reminder time is `due`, each with a
    review card due, plus their Telegram chats (ids 5,000,001...)."""
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(
            f"""
            INSERT INTO users (display_name, cefr_level, time_zone, daily_goal, reminder_time,
                               reminders_enabled, desired_retention, new_cards_per_day,
                               telegram_user_id, telegram_chat_id, next_reminder_at)
            SELECT 'bench ' || i, 'A1', z.zone, 20, ($2::timestamptz AT TIME ZONE z.zone)::time,
                   true, 0.9, 20, 5000000 + i, 5000000 + i, $2::timestamptz
            FROM generate_series(1, $1::int) AS i
            JOIN (VALUES {_zones_sql()}) AS z(k, zone) ON z.k = i % {len(ZONES)}
            """,
            count,
            due,
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
            SELECT user_id, id, 'recognition', 2, $1::timestamptz - interval '1 day', 3, 5,
                   $1::timestamptz - interval '4 days', 2, 0
            FROM deck_words
            """,
            due,
        )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


async def run_workers(settings: Settings, count: int) -> None:
    workers = [
        Worker(**worker_settings(settings, burst=True), handle_signals=False) for _ in range(count)
    ]
    try:
        await asyncio.gather(*(worker.main() for worker in workers))
    finally:
        for worker in workers:
            await worker.close()


async def report_progress(fake: FakeTelegram, total: int, started: float) -> None:
    while True:
        await asyncio.sleep(30)
        sent = len(fake.calls_to("sendMessage", ok=True))
        print(f"  … {sent}/{total} sent after {time.monotonic() - started:.0f} s", flush=True)


async def fanout(args: argparse.Namespace) -> dict[str, Any]:
    due = datetime.now(UTC).replace(second=0, microsecond=0)
    redis = Redis.from_url(args.redis_url)
    await redis.flushdb()
    async with scratch_database(args.database_url, "fanout") as url:
        started = time.monotonic()
        await insert_due_learners(url, args.learners, due)
        print(f"  {args.learners} learners inserted in {time.monotonic() - started:.1f} s")
        async with FakeTelegram(token=TOKEN, strict_chats=False) as fake:
            limiter = fake.rate_limit(FAKE_GLOBAL_LIMIT, FAKE_CHAT_LIMIT)
            settings = Settings(
                _env_file=None,
                environment="test",
                database_url=async_database_url(url),
                redis_url=args.redis_url,
                telegram_bot_token=SecretStr(TOKEN),
                telegram_api_base_url=fake.base_url,
                telegram_api_file_url=fake.base_file_url,
                telegram_send_rate_per_second=args.rate,
            )
            sender = await connect(args.redis_url)
            db = Database(settings.database_url or "", job_sender=sender)
            try:
                sweep_started = time.monotonic()
                report = await run_sweep(db, datetime.now(UTC))
                sweep_seconds = time.monotonic() - sweep_started
            finally:
                await db.dispose()
                await sender.pool.aclose()
            print(f"  sweep: {report.as_dict()} in {sweep_seconds:.1f} s", flush=True)
            send_started = time.monotonic()
            progress = asyncio.create_task(report_progress(fake, args.learners, send_started))
            try:
                await run_workers(settings, args.workers)
            finally:
                progress.cancel()
            wall = time.monotonic() - send_started
            accepted = fake.calls_to("sendMessage", ok=True)
            statuses = await _delivery_statuses(url)
    await redis.aclose()
    per_chat = Counter(call.chat_id for call in accepted)
    times = sorted(call.at for call in accepted)
    span = times[-1] - times[0] if len(times) > 1 else float("nan")
    rate = (len(times) - 1) / span if len(times) > 1 else 0.0
    return {
        "learners": args.learners,
        "workers": args.workers,
        "configured": args.rate,
        "sweep_seconds": sweep_seconds,
        "enqueued": report.enqueued,
        "sent": len(accepted),
        "rate": rate,
        "span": span,
        "wall": wall,
        "duplicates": sum(n - 1 for n in per_chat.values() if n > 1),
        "missed": args.learners - len(per_chat),
        "flood_rejections": limiter.total_rejected,
        "statuses": statuses,
    }


async def _delivery_statuses(url: str) -> dict[str, int]:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT status, count(*) AS n FROM reminder_deliveries GROUP BY status"
        )
    finally:
        await connection.close()
    return {row["status"]: row["n"] for row in rows}


# ---- part 2: the sweep query on 1,000,000 learners ----------------------------------------


async def insert_many_learners(url: str, count: int, start: datetime) -> None:
    """Learners with reminder times spread over the day (in an order unrelated to their ids),
    90 % with reminders on and 6 in 7 with a Telegram chat."""
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(
            f"""
            INSERT INTO users (display_name, cefr_level, time_zone, daily_goal, reminder_time,
                               reminders_enabled, desired_retention, new_cards_per_day,
                               telegram_user_id, telegram_chat_id, next_reminder_at)
            SELECT 'bench ' || i, 'A1', z.zone, 20, time '00:00' + m * interval '1 minute',
                   i % 10 <> 0, 0.9, 20, 5000000 + i,
                   CASE WHEN i % 7 <> 0 THEN 5000000 + i END,
                   $2::timestamptz + m * interval '1 minute'
            FROM generate_series(1, $1::int) AS i
            CROSS JOIN LATERAL (SELECT (i::bigint * 7919) % 1440 AS m) AS minute
            JOIN (VALUES {_zones_sql()}) AS z(k, zone) ON z.k = i % {len(ZONES)}
            """,
            count,
            start,
        )
        await connection.execute("VACUUM ANALYZE users")
    finally:
        await connection.close()


def _sql(statement: Select[Any]) -> str:
    return str(
        statement.compile(
            dialect=PGDialect(),  # type: ignore[no-untyped-call]
            compile_kwargs={"literal_binds": True},
        )
    )


async def _median_ms(connection: asyncpg.Connection, sql: str, *args: Any) -> tuple[float, int]:
    """Median client-side time of RUNS runs, each in its own transaction, rolled back so the
    row locks go; the cache is warmed by one run first. Returns (ms, rows)."""
    await _rolled_back(connection, sql, *args)
    runs, rows = [], 0
    for _ in range(RUNS):
        started = time.perf_counter()
        rows = len(await _rolled_back(connection, sql, *args))
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), rows


async def _rolled_back(connection: asyncpg.Connection, sql: str, *args: Any) -> list[Any]:
    transaction = connection.transaction()
    await transaction.start()
    try:
        return list(await connection.fetch(sql, *args))
    finally:
        await transaction.rollback()


async def _explain(connection: asyncpg.Connection, sql: str, *args: Any) -> list[str]:
    rows = await _rolled_back(connection, f"EXPLAIN (ANALYZE, BUFFERS) {sql}", *args)
    return [row[0] for row in rows]


async def sweep_query(args: argparse.Namespace) -> dict[str, Any]:
    start = datetime(2026, 10, 24, 0, 0, tzinfo=UTC)
    async with scratch_database(args.database_url, "sweep") as url:
        began = time.monotonic()
        await insert_many_learners(url, args.sweep_learners, start)
        print(f"  {args.sweep_learners} learners inserted in {time.monotonic() - began:.1f} s")
        connection = await asyncpg.connect(url)
        # The same query with index scans forbidden, to show what the index buys. A connection
        # of its own: a prepared statement keeps the plan it was first given.
        no_index = await asyncpg.connect(
            url, server_settings={"enable_indexscan": "off", "enable_bitmapscan": "off"}
        )
        try:
            return await _measure_sweep_query(connection, no_index, start)
        finally:
            await connection.close()
            await no_index.close()


async def _measure_sweep_query(
    connection: asyncpg.Connection, no_index: asyncpg.Connection, start: datetime
) -> dict[str, Any]:
    steady = _sql(due_learners_query(start + timedelta(minutes=1), BATCH))
    backlog = _sql(due_learners_query(start + timedelta(hours=12), BATCH))
    eligible_due_now = await connection.fetchval(
        "SELECT count(*) FROM users WHERE reminders_enabled AND telegram_chat_id IS NOT NULL"
        " AND next_reminder_at <= $1",
        start + timedelta(minutes=1),
    )
    ids = await connection.fetchval(
        "SELECT array_agg(id) FROM (SELECT id FROM users ORDER BY random() LIMIT $1) AS s", BATCH
    )
    pk_batch = "SELECT * FROM users WHERE id = ANY($1::bigint[]) FOR UPDATE"
    results: dict[str, Any] = {"eligible_due_now": eligible_due_now}
    results["plan"] = await _explain(connection, steady)
    results["steady"] = await _median_ms(connection, steady)
    results["backlog"] = await _median_ms(connection, backlog)
    results["pk_batch"] = await _median_ms(connection, pk_batch, ids)
    results["no_index_plan"] = await _explain(no_index, steady)
    results["no_index"] = await _median_ms(no_index, steady)
    results["learners"] = await connection.fetchval("SELECT count(*) FROM users")
    return results


# ---- report -------------------------------------------------------------------------------


def print_fanout(result: dict[str, Any]) -> None:
    ratio = result["rate"] / result["configured"]
    print("\nReminder fan-out")
    print(
        f"  learners due at the same minute: {result['learners']}; workers: {result['workers']}"
        f" (arq, {10} jobs each); fake Bot API limit {FAKE_GLOBAL_LIMIT}/s, {FAKE_CHAT_LIMIT}/s"
        " per chat"
    )
    print(
        f"  sweep: {result['enqueued']} deliveries recorded and enqueued in "
        f"{result['sweep_seconds']:.1f} s"
    )
    print(
        f"  sent {result['sent']} in {result['span']:.1f} s (first to last; "
        f"{result['wall']:.1f} s with worker start-up)"
    )
    print(
        f"  achieved {result['rate']:.2f} msg/s ÷ configured {result['configured']:g} msg/s"
        f" = {ratio:.3f}   (target ≥ 0.9)"
    )
    print(f"  duplicates: {result['duplicates']}   (target 0)")
    print(f"  missed:     {result['missed']}   (target 0)")
    print(f"  429s from the fake's flood control: {result['flood_rejections']}")
    print(f"  delivery rows: {result['statuses']}")


def print_sweep_query(result: dict[str, Any]) -> None:
    steady_ms, steady_rows = result["steady"]
    backlog_ms, backlog_rows = result["backlog"]
    pk_ms, pk_rows = result["pk_batch"]
    no_index_ms, _ = result["no_index"]
    print(f"\nSweep selection query on {result['learners']:,} learners (median of {RUNS} runs)")
    print("  EXPLAIN ANALYZE (steady state):")
    for line in result["plan"]:
        print(f"    {line}")
    print(
        f"  steady state ({result['eligible_due_now']} due this minute, LIMIT {BATCH}): "
        f"{steady_ms:.2f} ms for {steady_rows} rows"
    )
    print(
        f"  backlog (half the day overdue, LIMIT {BATCH}): {backlog_ms:.2f} ms, {backlog_rows} rows"
    )
    print(f"  baseline, {pk_rows} learners by primary key (FOR UPDATE): {pk_ms:.2f} ms")
    print(
        f"  ratio sweep ÷ baseline: {steady_ms / pk_ms:.2f} (steady), "
        f"{backlog_ms / pk_ms:.2f} (backlog)"
    )
    print(
        f"  without the index (seq scan): {no_index_ms:.1f} ms "
        f"= {no_index_ms / pk_ms:.0f}× baseline"
    )
    for line in result["no_index_plan"]:
        if "Scan" in line or "Execution Time" in line:
            print(f"    {line.strip()}")


async def main_async(args: argparse.Namespace) -> None:
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    if not args.skip_fanout:
        print_fanout(await fanout(args))
    if not args.skip_sweep_query:
        print_sweep_query(await sweep_query(args))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--learners", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2, help="arq workers (10 jobs each)")
    parser.add_argument("--rate", type=float, default=25.0, help="configured global msg/s")
    parser.add_argument("--sweep-learners", type=int, default=1_000_000)
    parser.add_argument("--skip-fanout", action="store_true")
    parser.add_argument("--skip-sweep-query", action="store_true")
    parser.add_argument(
        "--database-url", default=os.environ.get("TEST_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="emptied first")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main_async(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
