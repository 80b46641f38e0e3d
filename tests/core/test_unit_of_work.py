"""Jobs requested in a transaction reach the real queue only after it commits."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.db import Database
from core.models import User
from core.outbox import request_job
from jobs.queue import ArqJobSender


async def _queued(sender: ArqJobSender) -> list[str]:
    return [job.function for job in await sender.pool.queued_jobs()]


async def test_jobs_are_sent_after_commit(db: Database, job_sender: ArqJobSender) -> None:
    async with db.unit_of_work() as session:
        session.add(User(display_name="Lena"))
        request_job(session, "send_telegram_text", user_id=1, text="hi")
        assert await _queued(job_sender) == []
    assert await _queued(job_sender) == ["send_telegram_text"]


async def test_rollback_drops_jobs_and_writes(db: Database, job_sender: ArqJobSender) -> None:
    with pytest.raises(RuntimeError):
        async with db.unit_of_work() as session:
            session.add(User(display_name="Jonas"))
            request_job(session, "send_telegram_text", user_id=1, text="hi")
            await session.flush()
            raise RuntimeError("boom")
    assert await _queued(job_sender) == []
    async with db.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 0


async def test_same_job_id_is_enqueued_once(db: Database, job_sender: ArqJobSender) -> None:
    for _ in range(2):
        async with db.unit_of_work() as session:
            request_job(session, "purge_expired_records", job_id="purge:2026-11-26")
    assert await _queued(job_sender) == ["purge_expired_records"]
