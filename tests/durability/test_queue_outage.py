"""Jobs survive a Redis outage: the job is written to the outbox in the request's
transaction, the API answers as usual, and once the queue is back the relay sends it."""

from __future__ import annotations

from datetime import timedelta

import httpx
from arq.connections import ArqRedis
from sqlalchemy import func, select, update

from api.app import create_app
from api.resources import ApiResources
from core.clock import utcnow
from core.db import Database
from core.models import ConversationTurn, DeckWord, OutboxJob
from core.outbox import purge_sent, request_job
from core.settings import Settings
from core.stale_work import requeue_stale_work
from jobs.queue import ArqJobSender
from tests.helpers.learners import register_learner
from tests.helpers.worker import run_queued_jobs
from tutor.embedded import free_port


async def _unsent(db: Database) -> int:
    async with db.unit_of_work() as session:
        count = await session.scalar(
            select(func.count()).select_from(OutboxJob).where(OutboxJob.sent_at.is_(None))
        )
    return count or 0


async def test_acknowledged_jobs_run_once_the_queue_is_back(
    settings: Settings, content: Database, job_sender: ArqJobSender
) -> None:
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client,
    ):
        resources: ApiResources = app.state.resources
        working = resources.db.job_sender
        unreachable = ArqRedis.from_url(f"redis://127.0.0.1:{free_port()}")
        resources.db.job_sender = ArqJobSender(unreachable)
        anna = await register_learner(client)
        started = await anna.post("/api/v1/conversations", json={"offline": True})
        cid = started.json()["id"]
        message = await anna.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hallo!"})
        typed = await anna.post("/api/v1/vocabulary/deck", json={"text": "Fernweh"})
        assert (message.status_code, typed.status_code) == (202, 201)
        # The reply, the word's enrichment and the achievement check the new word asks for.
        assert await _unsent(content) == 3
        assert await job_sender.pool.queued_jobs() == []

        resources.db.job_sender = working  # the queue is back
        assert await resources.db.relay_outbox(older_than=timedelta(0)) == 3
        assert await _unsent(content) == 0
        await run_queued_jobs(settings)

        turn = await anna.get(f"/api/v1/conversations/{cid}/turns/{message.json()['id']}")
        assert turn.json()["status"] == "answered"
        word = await anna.get(f"/api/v1/vocabulary/deck/{typed.json()['word']['id']}")
        assert word.json()["enrichment"] == "failed"  # offline: looked at, nothing found
        await unreachable.aclose()


async def test_the_sweep_asks_again_for_work_whose_job_was_lost(
    settings: Settings, api: httpx.AsyncClient, content: Database, job_sender: ArqJobSender
) -> None:
    anna = await register_learner(api)
    cid = (await anna.post("/api/v1/conversations", json={"offline": True})).json()["id"]
    message = await anna.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hallo!"})
    typed = await anna.post("/api/v1/vocabulary/deck", json={"text": "Fernweh"})
    await job_sender.pool.flushdb()  # the queue lost its jobs (Redis restarted empty)
    async with content.unit_of_work() as session:
        fresh = await requeue_stale_work(session, utcnow())
    assert (fresh.conversations, fresh.words) == (0, 0)  # young work is left to its job
    async with content.unit_of_work() as session:
        past = utcnow() - timedelta(minutes=5)
        await session.execute(update(ConversationTurn).values(created_at=past))
        await session.execute(update(DeckWord).values(updated_at=past))
        stale = await requeue_stale_work(session, utcnow())
    assert (stale.conversations, stale.words) == (1, 1)
    await run_queued_jobs(settings)
    turn = await anna.get(f"/api/v1/conversations/{cid}/turns/{message.json()['id']}")
    assert turn.json()["status"] == "answered"
    word = await anna.get(f"/api/v1/vocabulary/deck/{typed.json()['word']['id']}")
    assert word.json()["enrichment"] == "failed"


async def test_sent_jobs_are_kept_a_day_then_purged(db: Database) -> None:
    async with db.unit_of_work() as session:
        request_job(session, "purge_expired_records")
        request_job(session, "purge_expired_records")
    assert await _unsent(db) == 0
    async with db.unit_of_work() as session:
        first = await session.scalar(select(func.min(OutboxJob.id)))
        await session.execute(
            update(OutboxJob)
            .where(OutboxJob.id == first)
            .values(sent_at=utcnow() - timedelta(days=2))
        )
        assert await purge_sent(session) == 1
        assert await session.scalar(select(func.count()).select_from(OutboxJob)) == 1
