"""The pool of database connections under pressure: no request holds a pooled connection
while a password hash runs in its thread, and a request that cannot get a connection in time
is refused with 503 and Retry-After instead of queueing without limit."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, text

from api.app import create_app
from api.resources import ApiResources
from core.accounts import security
from core.accounts.service import create_link_code
from core.db import Database
from core.models import User
from core.settings import Settings
from tests.helpers.learners import DEFAULT_PASSWORD, login, register_learner

# Generous: only a bug (the hash never starting, a connection never freed) runs into it.
STUCK = 30.0
ONE_CONNECTION = {"database_pool_size": 1, "database_max_overflow": 0}


@asynccontextmanager
async def running_app(
    settings: Settings, **overrides: Any
) -> AsyncIterator[tuple[httpx.AsyncClient, ApiResources]]:
    app: FastAPI = create_app(settings.model_copy(update=overrides))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client,
    ):
        yield client, app.state.resources


class Gate:
    """Holds the password-hash thread until the test opens it."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.opened = threading.Event()

    def hold(self, blocking: Callable[..., Any]) -> Callable[..., Any]:
        def held(*args: Any) -> Any:
            self.entered.set()
            self.opened.wait(STUCK)
            return blocking(*args)

        return held

    async def wait_entered(self) -> None:
        assert await asyncio.to_thread(self.entered.wait, STUCK), "the hash never started"


async def test_login_holds_no_connection_while_the_password_is_verified(
    settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_app(settings, **ONE_CONNECTION) as (api, resources):
        other = await register_learner(api)
        anna = await register_learner(api)
        gate = Gate()
        monkeypatch.setattr(security, "_verify_blocking", gate.hold(security._verify_blocking))
        logging_in = asyncio.create_task(login(api, anna.email, DEFAULT_PASSWORD))
        try:
            await gate.wait_entered()
            assert resources.db.checked_out() == 0
            # The only connection serves another learner while the hash runs.
            me = await other.get("/api/v1/users/me")
            assert me.status_code == 200, me.text
            assert not logging_in.done()
        finally:
            gate.opened.set()
        tokens = await logging_in
    assert tokens.status_code == 200, tokens.text
    assert tokens.json()["refresh_token"]


async def test_registration_holds_no_connection_while_the_password_is_hashed(
    settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_app(settings, **ONE_CONNECTION) as (api, resources):
        other = await register_learner(api)
        gate = Gate()
        monkeypatch.setattr(security, "_hash_blocking", gate.hold(security._hash_blocking))
        registering = asyncio.create_task(
            api.post(
                "/api/v1/auth/register",
                json={"email": "new@example.org", "password": DEFAULT_PASSWORD},
            )
        )
        try:
            await gate.wait_entered()
            assert resources.db.checked_out() == 0
            assert (await other.get("/api/v1/users/me")).status_code == 200
        finally:
            gate.opened.set()
        created = await registering
    assert created.status_code == 201, created.text


async def test_a_request_that_gets_no_connection_in_time_is_refused_with_retry_after(
    settings: Settings, db: Database
) -> None:
    async with running_app(settings, **ONE_CONNECTION, database_pool_timeout_seconds=0.2) as (
        api,
        resources,
    ):
        anna = await register_learner(api)
        async with resources.db.engine.connect() as held:  # every connection is busy
            await held.exec_driver_sql("SELECT 1")
            refused = await anna.get("/api/v1/users/me")
            assert refused.status_code == 503, refused.text
            assert refused.headers["content-type"] == "application/json"
            assert int(refused.headers["Retry-After"]) >= 1
            assert refused.json()["code"] == "busy"
            assert "database connection" in refused.json()["detail"]
            assert resources.db.waiting() == 0, "the refused request left the line"
        assert (await anna.get("/api/v1/users/me")).status_code == 200


async def test_claiming_a_web_login_holds_no_connection_while_the_password_is_hashed(
    settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with db.unit_of_work() as session:
        telegram_only = User(telegram_user_id=4242, display_name="Tom")
        session.add(telegram_only)
        await session.flush()
        code, _ = await create_link_code(session, telegram_only, "web", 900)
    async with running_app(settings, **ONE_CONNECTION) as (api, resources):
        other = await register_learner(api)
        gate = Gate()
        monkeypatch.setattr(security, "_hash_blocking", gate.hold(security._hash_blocking))
        body = {"code": code, "email": "tom@example.org", "password": DEFAULT_PASSWORD}
        claiming = asyncio.create_task(api.post("/api/v1/auth/claim", json=body))
        try:
            await gate.wait_entered()
            assert resources.db.checked_out() == 0
            assert (await other.get("/api/v1/users/me")).status_code == 200
        finally:
            gate.opened.set()
        claimed = await claiming
        assert claimed.status_code == 200, claimed.text
        again = await api.post("/api/v1/auth/claim", json=body)
        assert again.status_code == 422 and "invalid or has expired" in again.json()["detail"]
        assert (await login(api, "tom@example.org", DEFAULT_PASSWORD)).status_code == 200


async def test_a_load_that_rises_and_falls_keeps_the_connections_it_opened(
    settings: Settings,
) -> None:
    """With the default pool, connections opened for a burst stay for the next one: none is
    closed when the load falls and opened again when it rises (each would be a new
    PostgreSQL backend; with 10 + 10 overflow, 5 of 15 were closed every time)."""
    assert (settings.database_pool_size, settings.database_max_overflow) == (20, 0)
    async with running_app(settings) as (_, resources):
        pool = resources.db.engine.sync_engine.pool
        opened: list[object] = []
        closed: list[object] = []
        event.listen(pool, "connect", lambda *args: opened.append(args))
        event.listen(pool, "close", lambda *args: closed.append(args))

        async def at_once(requests: int) -> None:
            together = asyncio.Barrier(requests)

            async def one() -> None:
                async with resources.db.unit_of_work() as session:
                    await session.execute(text("SELECT 1"))
                    await together.wait()  # all of them hold a connection at the same time

            await asyncio.wait_for(asyncio.gather(*(one() for _ in range(requests))), STUCK)

        for requests in (15, 5, 15, 3, 15):
            await at_once(requests)
        # (15 for the bursts, perhaps one more for the outbox relay running beside them)
        assert 15 <= len(opened) <= 17 and closed == []
