"""Faults in the middle of a fan-out: Telegram's 429 and 403, a 5xx, a worker cancelled
mid-way, a worker that claimed rows and died, two sweeps at once, jobs run twice."""

from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta

import pytest
from arq.constants import default_queue_name, in_progress_key_prefix, job_key_prefix
from arq.worker import Worker
from sqlalchemy import func, update

from core.db import Database
from core.models import ReminderDelivery, User
from core.notifications import BLOCKED_REASON
from core.reminders.deliveries import claim_delivery
from core.reminders.sweep import SEND_REMINDER_JOB, delivery_job_id, run_sweep
from core.settings import Settings
from core.telegram_updates import store_update
from jobs.queue import ArqJobSender
from jobs.worker import worker_settings
from tests.fakes.telegram import FakeTelegram
from tests.helpers.worker import run_queued_jobs
from tests.reminders.support import SimLearner, add_learner, deliveries, reminders_sent

NOW = datetime.fromisoformat("2026-10-24T18:00:00+00:00")


async def _due_learners(
    db: Database, tg: FakeTelegram, count: int, *, zone: str = "UTC"
) -> list[SimLearner]:
    """`count` learners with reviews due whose reminder time is NOW."""
    async with db.unit_of_work() as session:
        return [
            await add_learner(
                session, tg, kind="reviews", time_zone=zone, reminder_time=time(18), as_of=NOW
            )
            for _ in range(count)
        ]


async def _after_reminders(tg: FakeTelegram, count: int) -> None:
    """Return once Telegram has accepted `count` reminders."""
    await tg.wait_for_call(
        "sendMessage", since=0, predicate=lambda _: _sent_count(tg) >= count, timeout=60
    )


def _sent_count(tg: FakeTelegram) -> int:
    return sum(reminders_sent(tg).values())


async def test_429_and_403_in_the_middle_still_remind_everyone_once(
    db: Database, telegram: FakeTelegram, bot_settings: Settings
) -> None:
    limiter = telegram.rate_limit(global_per_second=30, per_chat_per_second=1)
    learners = await _due_learners(db, telegram, 40)
    blocked, first_429, flaky = learners[25], learners[10], learners[12]
    telegram.block(blocked.chat_id)
    telegram.fail_next("sendMessage", 429, retry_after=1, chat_id=first_429.chat_id)
    telegram.fail_next("sendMessage", 502, chat_id=flaky.chat_id)

    report = await run_sweep(db, NOW)
    assert report.enqueued == 40

    async def storm() -> None:  # after 20 reminders, the next three sends get 429, whoever's
        await _after_reminders(telegram, 20)
        telegram.fail_next("sendMessage", 429, retry_after=1, times=3)

    await asyncio.gather(run_queued_jobs(bot_settings), storm())

    sent = reminders_sent(telegram)
    assert {learner.chat_id: sent[learner.chat_id] for learner in learners} == {
        learner.chat_id: 0 if learner is blocked else 1 for learner in learners
    }
    rejected = [c for c in telegram.calls_to("sendMessage") if c.status == 429]
    assert len(rejected) == 4
    assert limiter.total_rejected == 0, "our limiter stays inside Telegram's flood limits"
    # A 429 pauses every sender for retry_after, not just the job that got it.
    storm_start = rejected[1].at
    accepted = [c.at for c in telegram.calls_to("sendMessage", ok=True)]
    assert not [at for at in accepted if storm_start + 0.25 < at < storm_start + 0.95]

    rows = {row.user_id: row for row in await deliveries(db)}
    assert rows[blocked.user_id].status == "blocked"
    assert {row.status for uid, row in rows.items() if uid != blocked.user_id} == {"sent"}
    async with db.unit_of_work() as session:
        user = await session.get(User, blocked.user_id)
        assert user is not None
        assert (user.reminders_enabled, user.reminders_disabled_reason) == (False, BLOCKED_REASON)

    # Later sweeps the same day change nothing.
    again = await run_sweep(db, NOW + timedelta(hours=1))
    assert (again.enqueued, again.requeued) == (0, 0)


async def test_a_worker_cancelled_mid_fan_out_and_restarted_reminds_each_learner_once(
    db: Database, telegram: FakeTelegram, bot_settings: Settings, job_sender: ArqJobSender
) -> None:
    learners = await _due_learners(db, telegram, 60)
    report = await run_sweep(db, NOW)
    assert report.enqueued == 60

    worker = Worker(**worker_settings(bot_settings, burst=True), handle_signals=False)
    main = asyncio.create_task(worker.main())
    await _after_reminders(telegram, 25)
    # Kill: stop polling and cancel every running job wherever it is (including one the
    # poller started while it was being cancelled); a killed worker finishes nothing, so
    # close() has no job left to wait for.
    main.cancel()
    await asyncio.gather(main, return_exceptions=True)
    running = list(worker.tasks.values())
    for task in running:
        task.cancel()
    await asyncio.gather(*running, return_exceptions=True)
    worker.tasks.clear()
    await worker.close()
    assert _sent_count(telegram) < 60
    # A job the killed worker had just taken keeps arq's in-progress lock until it expires
    # (the job timeout + 10 s: 310 s); the restart comes after that, as arq's own retry would.
    # (Left in place, the restarted burst worker waited for it past the test's timeout.)
    held = [key async for key in job_sender.pool.scan_iter(f"{in_progress_key_prefix}*")]
    if held:
        await job_sender.pool.delete(*held)

    await run_queued_jobs(bot_settings)  # the restarted worker drains the queue
    sweep = await run_sweep(db, NOW + timedelta(minutes=5), stuck_after=timedelta(0))
    await run_queued_jobs(bot_settings)  # and the safety net finds nothing left to send

    assert sweep.enqueued == 0
    assert reminders_sent(telegram) == {learner.chat_id: 1 for learner in learners}
    assert {row.status for row in await deliveries(db)} == {"sent"}


async def test_rows_claimed_by_a_worker_that_died_are_sent_by_the_next_sweep(
    db: Database, telegram: FakeTelegram, bot_settings: Settings, job_sender: ArqJobSender
) -> None:
    learners = await _due_learners(db, telegram, 30)
    await run_sweep(db, NOW)
    rows = await deliveries(db)
    lost, orphaned = rows[:10], rows[10:15]
    # A worker took 15 jobs, claimed their rows and died. The jobs of the first ten are gone
    # (say, the Redis queue was lost); arq runs the other five again once their lock expires.
    async with db.unit_of_work() as session:
        for row in lost + orphaned:
            assert await claim_delivery(session, row.id)
        await session.execute(
            update(ReminderDelivery)
            .where(ReminderDelivery.id.in_([row.id for row in lost + orphaned]))
            .values(updated_at=func.now() - timedelta(minutes=10))
        )
    pool = job_sender.pool
    lost_jobs = [delivery_job_id(row.id, 0) for row in lost]
    await pool.zrem(default_queue_name, *lost_jobs)
    await pool.delete(*[job_key_prefix + job_id for job_id in lost_jobs])

    await run_queued_jobs(bot_settings)
    assert _sent_count(telegram) == 20  # the 15 untouched and the 5 orphaned (stale claim)

    report = await run_sweep(db, NOW + timedelta(minutes=3))  # the same local day
    assert report.requeued == 10
    await run_queued_jobs(bot_settings)

    assert reminders_sent(telegram) == {learner.chat_id: 1 for learner in learners}
    assert {row.status for row in await deliveries(db)} == {"sent"}


async def test_the_send_job_is_idempotent(
    db: Database, telegram: FakeTelegram, bot_settings: Settings, job_sender: ArqJobSender
) -> None:
    learners = await _due_learners(db, telegram, 5)
    await run_sweep(db, NOW)
    await run_queued_jobs(bot_settings)
    for row in await deliveries(db):  # arq may run a job again: nothing is sent twice
        for attempt in (7, 8):
            await job_sender.pool.enqueue_job(
                SEND_REMINDER_JOB, _job_id=delivery_job_id(row.id, attempt), delivery_id=row.id
            )
    await run_queued_jobs(bot_settings)
    assert reminders_sent(telegram) == {learner.chat_id: 1 for learner in learners}


async def test_a_row_being_sent_by_a_live_worker_is_left_alone(
    db: Database, telegram: FakeTelegram, bot_settings: Settings
) -> None:
    await _due_learners(db, telegram, 1)
    await run_sweep(db, NOW)
    (row,) = await deliveries(db)
    async with db.unit_of_work() as session:
        assert await claim_delivery(session, row.id)  # another worker is sending right now
    await run_queued_jobs(bot_settings)
    assert _sent_count(telegram) == 0
    # Nor does the sweep take it away before it has been silent for the stuck time.
    assert (await run_sweep(db, NOW + timedelta(minutes=1))).requeued == 0


async def test_concurrent_sweeps_record_one_delivery_per_learner(
    db: Database, telegram: FakeTelegram, bot_settings: Settings
) -> None:
    learners = await _due_learners(db, telegram, 120)
    reports = await asyncio.gather(*(run_sweep(db, NOW, batch_size=25) for _ in range(3)))
    assert sum(r.enqueued for r in reports) == 120
    assert sum(r.already_recorded for r in reports) == 0
    await run_queued_jobs(bot_settings)
    assert reminders_sent(telegram) == {learner.chat_id: 1 for learner in learners}


async def test_late_sweeps_catch_up_the_same_day_and_skip_past_days(
    db: Database, telegram: FakeTelegram, bot_settings: Settings
) -> None:
    # Pago Pago is UTC−11: 20:00 local on Oct 23 is 07:00 UTC on Oct 24.
    async with db.unit_of_work() as session:
        learner = await add_learner(
            session,
            telegram,
            kind="reviews",
            time_zone="Pacific/Pago_Pago",
            reminder_time=time(20),
            as_of=datetime.fromisoformat("2026-10-23T12:00:00+00:00"),
        )
    due = datetime.fromisoformat("2026-10-24T07:00:00+00:00")
    # The sweeps stopped for a day and a half; the first one back runs the next local morning.
    late = await run_sweep(db, due + timedelta(hours=15))  # 11:00 local on Oct 24
    assert (late.stale, late.enqueued) == (1, 0)
    assert _sent_count(telegram) == 0
    # That local day's own reminder is caught up even when the sweep is hours late.
    caught_up = await run_sweep(db, due + timedelta(days=1, hours=3, minutes=50))  # 23:50
    assert caught_up.enqueued == 1
    await run_queued_jobs(bot_settings)
    assert reminders_sent(telegram) == {learner.chat_id: 1}
    assert [row.local_on.isoformat() for row in await deliveries(db)] == ["2026-10-24"]


async def test_repeated_temporary_errors_end_as_failed(
    db: Database,
    telegram: FakeTelegram,
    bot_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("jobs.telegram_sender.MAX_SEND_TRIES", 2)
    (learner,) = await _due_learners(db, telegram, 1)
    telegram.fail_next("sendMessage", 502, times=2, chat_id=learner.chat_id)
    await run_sweep(db, NOW)
    await run_queued_jobs(bot_settings)
    (row,) = await deliveries(db)
    assert (row.status, row.attempts) == ("failed", 2)
    assert row.last_error and "Bad Gateway" in row.last_error
    assert _sent_count(telegram) == 0


async def test_nothing_is_sent_when_reminders_were_turned_off_after_the_sweep(
    db: Database, telegram: FakeTelegram, bot_settings: Settings
) -> None:
    (learner,) = await _due_learners(db, telegram, 1)
    await run_sweep(db, NOW)
    async with db.unit_of_work() as session:
        await session.execute(
            update(User).where(User.id == learner.user_id).values(reminders_enabled=False)
        )
    await run_queued_jobs(bot_settings)
    (row,) = await deliveries(db)
    assert row.status == "failed" and row.last_error and "turned off" in row.last_error
    assert _sent_count(telegram) == 0


async def test_an_attempt_that_may_have_arrived_is_resent_only_if_we_wrote_nothing_today(
    db: Database, telegram: FakeTelegram, bot_settings: Settings
) -> None:
    chatty, quiet = await _due_learners(db, telegram, 2)
    await run_sweep(db, NOW)
    async with db.unit_of_work() as session:
        # A worker handed both reminders to Telegram and died before recording the answers.
        for row in await deliveries(db):
            assert await claim_delivery(session, row.id)
        await session.execute(
            update(ReminderDelivery).values(updated_at=func.now() - timedelta(minutes=10))
        )
        # One learner wrote to the bot today: the chat holds our answers whatever happened.
        message = {"update_id": 1, "message": {"chat": {"id": chatty.chat_id}, "text": "Hallo"}}
        await store_update(session, 1, message)

    report = await run_sweep(db, NOW + timedelta(minutes=15))
    assert (report.requeued, report.maybe_sent) == (1, 1)
    await run_queued_jobs(bot_settings)

    assert reminders_sent(telegram) == {quiet.chat_id: 1}
    rows = {row.user_id: row for row in await deliveries(db)}
    assert rows[quiet.user_id].status == "sent"
    assert rows[chatty.user_id].status == "failed"
    assert "may have reached the chat" in (rows[chatty.user_id].last_error or "")
