"""The conversation long-poll holds no database connection while it waits: it wakes on the
signal the worker sends when it commits the reply, and a lost signal ends the wait by its
timeout with one more read."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from api.resources import ApiResources
from core.conversation import views
from core.conversation.turns import mark_failed
from core.db import Database
from core.models import User
from core.settings import Settings
from tests.helpers.learners import Learner, register_learner
from tests.helpers.worker import run_queued_jobs

# Far longer than any wake-up takes: only a lost signal makes a waiter run into it.
SIGNAL_MISSED = 20.0


@asynccontextmanager
async def running_app(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI]]:
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client,
    ):
        yield client, app


def resources_of(app: FastAPI) -> ApiResources:
    resources: ApiResources = app.state.resources
    return resources


class _AnnouncedEvent:
    """The waiter's event, announcing when the waiter starts waiting on it."""

    def __init__(self, event: asyncio.Event, waiting: asyncio.Event) -> None:
        self.event, self.waiting = event, waiting

    async def wait(self) -> bool:
        self.waiting.set()
        return await self.event.wait()


def announce_waits(db: Database, monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """An event set when a long-poll on `db` has read once and starts waiting."""
    waiting = asyncio.Event()
    wait_for = db.signals.wait_for

    @asynccontextmanager
    async def announced(channel: str, key: str) -> AsyncIterator[_AnnouncedEvent]:
        async with wait_for(channel, key) as event:
            yield _AnnouncedEvent(event, waiting)

    monkeypatch.setattr(db.signals, "wait_for", announced)
    return waiting


async def _pending_message(anna: Learner) -> tuple[int, int]:
    conversation = (
        await anna.post("/api/v1/conversations", json={"scenario_slug": "cafe-ordering"})
    ).json()
    posted = await anna.post(
        f"/api/v1/conversations/{conversation['id']}/messages",
        json={"text": "Ich möchte einen Kaffee, bitte."},
    )
    assert posted.status_code == 202, posted.text
    return conversation["id"], posted.json()["id"]


async def test_the_wait_holds_no_connection_and_the_reply_wakes_it(
    settings: Settings, content: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_app(
        settings.model_copy(update={"database_pool_size": 1, "database_max_overflow": 0})
    ) as (api, app):
        resources = resources_of(app)
        anna = await register_learner(api)
        conversation_id, turn_id = await _pending_message(anna)
        waiting = announce_waits(resources.db, monkeypatch)
        poll = asyncio.create_task(
            anna.get(f"/api/v1/conversations/{conversation_id}/turns/{turn_id}?wait=30")
        )
        async with asyncio.timeout(SIGNAL_MISSED):
            await waiting.wait()
        assert resources.db.checked_out() == 0
        # The pool's only connection is free for everyone else meanwhile.
        assert (await anna.get("/api/v1/users/me")).status_code == 200
        assert not poll.done()

        await run_queued_jobs(settings)  # the worker records the reply and commits
        async with asyncio.timeout(SIGNAL_MISSED):
            answered = await poll
    assert answered.status_code == 200, answered.text
    body = answered.json()
    assert body["status"] == "answered" and body["reply"]["role"] == "tutor"


async def test_a_lost_signal_ends_by_the_timeout_with_one_read(
    settings: Settings, content: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_app(settings) as (api, _):
        anna = await register_learner(api)
        conversation_id, turn_id = await _pending_message(anna)
        async with content.unit_of_work() as session:
            user = await session.get(User, anna.id)
        assert user is not None
        reads: list[int] = []
        read = views.learner_turn_view

        async def counted(*args: object, **kwargs: object) -> views.LearnerTurnView:
            reads.append(turn_id)
            return await read(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(views, "learner_turn_view", counted)
        # No worker runs: nothing is signalled, the wait runs out.
        view = await views.wait_for_reply(content, user, turn_id, conversation_id, 0.3)
    assert view.status == "pending" and view.reply is None
    assert reads == [turn_id, turn_id], "one read before the wait and one after it"
    assert content.signals.waiting == 0


async def test_a_failed_message_wakes_the_wait_and_a_retried_one_is_answered(
    settings: Settings, content: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_app(settings) as (api, app):
        resources = resources_of(app)
        anna = await register_learner(api)
        conversation_id, turn_id = await _pending_message(anna)
        url = f"/api/v1/conversations/{conversation_id}/turns/{turn_id}"
        waiting = announce_waits(resources.db, monkeypatch)
        poll = asyncio.create_task(anna.get(f"{url}?wait=30"))
        async with asyncio.timeout(SIGNAL_MISSED):
            await waiting.wait()
        async with resources.db.unit_of_work() as session:
            await mark_failed(session, turn_id, "The tutor could not answer this message.")
        async with asyncio.timeout(SIGNAL_MISSED):
            failed = (await poll).json()
        assert failed["status"] == "failed" and failed["reply"] is None

        retried = await anna.post(f"{url}/retry")
        assert retried.status_code == 202
        await run_queued_jobs(settings)
        async with asyncio.timeout(SIGNAL_MISSED):
            answered = await anna.get(f"{url}?wait=30")
        assert answered.json()["reply"] is not None
