"""Reminders across a kill -9 of the worker, mid fan-out, on PostgreSQL and Redis servers
this test starts itself (never the machine's shared ones): every due learner is reminded,
late by at most the lease plus a sweep, and a second reminder can only come from an attempt
that was in Telegram's hands when the worker died (core.reminders.deliveries documents the
window; this measures it and prints the numbers)."""

from __future__ import annotations

import asyncio
import signal
import time
from datetime import time as clock_time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from core.clock import utcnow
from core.db import Database
from core.models import ReminderDelivery
from core.reminders.sweep import run_sweep
from jobs.queue import connect
from tests.durability.conftest import PYTHON, OwnServers, process_env
from tests.fakes.telegram import FakeTelegram
from tests.helpers.bot import BOT_TOKEN
from tests.helpers.zones import zone_where_it_is
from tests.reminders.support import add_learner, reminders_sent

LEARNERS = 150
LEASE_SECONDS = 4


async def _worker(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        PYTHON,
        "-m",
        "tutor",
        "worker",
        env=env,
        cwd=env["DATA_DIR"],
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def _statuses(db: Database) -> set[str]:
    async with db.unit_of_work() as session:
        return set((await session.scalars(select(ReminderDelivery.status))).all())


async def test_a_worker_killed_mid_fan_out(
    own_servers: OwnServers, telegram: FakeTelegram, tmp_path: Path
) -> None:
    database_url, redis_url = await own_servers.fresh()
    sender = await connect(redis_url)
    db = Database(database_url, job_sender=sender)
    env = process_env(
        tmp_path,
        database_url=database_url,
        redis_url=redis_url,
        telegram_bot_token=BOT_TOKEN,
        telegram_api_base_url=telegram.base_url,
        telegram_api_file_url=telegram.base_file_url,
        reminder_stuck_after_seconds=str(LEASE_SECONDS),
    )
    try:
        now = utcnow()
        # The worker's own sweep (cron) runs on the real clock: where it is 09:00-18:00 now,
        # today's midnight reminder is hours past and tomorrow's hours away. (In UTC a run
        # across 00:00 UTC reminded everyone a second time, for the new day, and expired the
        # claims the dead worker left as a missed day.)
        zone = zone_where_it_is(now, 9, 18)
        async with db.unit_of_work() as session:
            learners = [
                await add_learner(
                    session,
                    telegram,
                    kind="reviews",
                    time_zone=zone,
                    reminder_time=clock_time(0),
                    as_of=now,
                )
                for _ in range(LEARNERS)
            ]
        assert (await run_sweep(db, now)).enqueued == LEARNERS

        worker = await _worker(env)
        await telegram.wait_for_call(
            "sendMessage",
            since=0,
            predicate=lambda _: sum(reminders_sent(telegram).values()) >= LEARNERS // 3,
            timeout=90,
        )
        worker.send_signal(signal.SIGKILL)
        await worker.wait()
        killed_at = time.monotonic()
        async with db.unit_of_work() as session:
            in_flight = (
                await session.scalars(
                    select(ReminderDelivery.id).where(ReminderDelivery.status == "sending")
                )
            ).all()
        sent_before_kill = sum(reminders_sent(telegram).values())
        assert sent_before_kill < LEARNERS

        # The restarted worker, and a sweep once the dead worker's claims outlived the lease.
        worker = await _worker(env)
        try:
            await asyncio.sleep(LEASE_SECONDS + 0.5)
            sweep = await run_sweep(db, utcnow(), stuck_after=timedelta(seconds=LEASE_SECONDS))
            await telegram.wait_for_call(
                "sendMessage",
                since=0,
                predicate=lambda _: set(reminders_sent(telegram)) >= {x.chat_id for x in learners},
                timeout=90,
            )
            recovered_in = time.monotonic() - killed_at
            for _ in range(600):  # and every requeued job has run (a duplicate shows up now)
                if await _statuses(db) == {"sent"}:
                    break
                await asyncio.sleep(0.1)
        finally:
            worker.send_signal(signal.SIGTERM)
            await worker.wait()

        sent = reminders_sent(telegram)
        duplicates = sorted(chat for chat, count in sent.items() if count > 1)
        print(
            f"\nkill -9 after {sent_before_kill}/{LEARNERS} reminders: {len(in_flight)} claimed "
            f"at the kill, sweep requeued {sweep.requeued}, {len(duplicates)} duplicate(s), "
            f"all reminded {recovered_in:.1f} s after the kill (lease {LEASE_SECONDS} s)"
        )
        assert {learner.chat_id for learner in learners} == set(sent)
        # A second reminder only for an attempt that was claimed when the worker died.
        assert len(duplicates) <= len(in_flight)
        assert recovered_in < LEASE_SECONDS + 60
        assert await _statuses(db) == {"sent"}
    finally:
        await db.dispose()
        await sender.pool.aclose()
