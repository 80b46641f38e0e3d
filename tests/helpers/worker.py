"""Run the real arq worker in burst mode: it processes what is queued, then returns."""

from __future__ import annotations

from datetime import timedelta

from arq.worker import Worker
from sqlalchemy import update

from core.clock import utcnow
from core.db import Database
from core.models import OutboxJob
from core.settings import Settings
from jobs.worker import worker_settings


async def run_queued_jobs(settings: Settings) -> Worker:
    worker = Worker(**worker_settings(settings, burst=True), handle_signals=False)
    try:
        await worker.main()
    finally:
        await worker.close()
    return worker


async def send_followups_now(db: Database) -> int:
    """What the relay does once an activity's coalesced follow-ups (achievement check, league
    refresh: core.achievement_checks.FOLLOWUP_DELAY) come due, without waiting for them:
    every unsent row is made due now and relayed to the queue. Returns how many were sent."""
    async with db.unit_of_work() as session:
        await session.execute(
            update(OutboxJob)
            .where(OutboxJob.sent_at.is_(None))
            .values(run_after=None, created_at=utcnow() - timedelta(minutes=1))
        )
    return await db.relay_outbox(older_than=timedelta(0))
