"""PostgreSQL or Redis down: routes answer 503 with a JSON body and Retry-After, never a
plain-text 500, and recover by themselves; the API starts while Redis is down.

The outages are relays these tests start in front of the real servers and cut
(tests/helpers/outage.py): the shared servers keep running."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

import core.db
from core.db import Database
from core.settings import Settings
from tests.helpers.api import api_client
from tests.helpers.learners import DEFAULT_PASSWORD, login, register_learner
from tests.helpers.outage import Outage, relay_to


@asynccontextmanager
async def api_behind_relays(
    settings: Settings,
) -> AsyncIterator[tuple[httpx.AsyncClient, Outage, Outage]]:
    """The app with its database and Redis reached through relays the test can cut."""
    assert settings.database_url and settings.redis_url
    async with relay_to(settings.database_url) as pg, relay_to(settings.redis_url) as rd:
        relayed = settings.model_copy(
            update={
                "database_url": pg.url_for(settings.database_url),
                "redis_url": rd.url_for(settings.redis_url),
            }
        )
        async with api_client(relayed) as api:
            yield api, pg, rd


def assert_unavailable(response: httpx.Response, service: str) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/json"
    assert int(response.headers["Retry-After"]) > 0
    body = response.json()
    assert body["code"] == "unavailable"
    assert service in body["detail"]


async def test_database_down_answers_503_and_recovers(settings: Settings, db: Database) -> None:
    async with api_behind_relays(settings) as (api, pg, _):
        learner = await register_learner(api)
        await pg.cut()
        for path in ("/api/v1/users/me", "/api/v1/reviews/next", "/api/v1/vocabulary/deck"):
            assert_unavailable(await learner.get(path), "database")
        assert_unavailable(await login(api, learner.email, DEFAULT_PASSWORD), "database")
        health = await api.get("/api/v1/health")
        assert health.status_code == 503
        assert health.json()["database"] == "unavailable"

        await pg.restore()
        assert (await learner.get("/api/v1/users/me")).status_code == 200
        assert (await api.get("/api/v1/health")).json()["database"] == "ok"


async def test_connections_dropped_while_idle_are_replaced_unseen(
    settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database restart while the pool idles: the idle connections are pinged on checkout
    and replaced, so no request sees the restart."""
    monkeypatch.setattr(core.db, "IDLE_PING_SECONDS", 0.0)
    async with api_behind_relays(settings) as (api, pg, _):
        learner = await register_learner(api)
        await pg.cut()
        await pg.restore()
        assert (await learner.get("/api/v1/users/me")).status_code == 200


async def test_connections_dropped_while_busy_fail_once_then_recover(
    settings: Settings, db: Database
) -> None:
    """A crash (connections reset) right after they were used: no ping (busy connections skip
    it), so at most one request answers 503 before the pool is renewed; a crash that lasts
    answers 503 throughout, then recovery on fresh connections."""
    async with api_behind_relays(settings) as (api, pg, _):
        learner = await register_learner(api)
        await pg.cut()
        await pg.restore()
        first = await learner.get("/api/v1/users/me")
        if first.status_code != 200:
            assert_unavailable(first, "database")
        assert (await learner.get("/api/v1/users/me")).status_code == 200
        await pg.cut()
        assert_unavailable(await learner.get("/api/v1/users/me"), "database")
        await pg.restore()
        assert (await learner.get("/api/v1/users/me")).status_code == 200


async def test_redis_down_answers_503_where_redis_is_needed_and_recovers(
    settings: Settings, db: Database
) -> None:
    async with api_behind_relays(settings) as (api, _, rd):
        learner = await register_learner(api)
        await rd.cut()
        # Login counts failures in Redis: it cannot answer without it.
        assert_unavailable(await login(api, learner.email, DEFAULT_PASSWORD), "redis")
        # What needs only the database keeps working.
        assert (await learner.get("/api/v1/users/me")).status_code == 200
        health = await api.get("/api/v1/health")
        assert health.status_code == 503
        assert health.json()["status"] == "degraded"
        assert health.json()["redis"] == "unavailable"

        await rd.restore()
        assert (await login(api, learner.email, DEFAULT_PASSWORD)).status_code == 200
        assert (await api.get("/api/v1/health")).json()["redis"] == "ok"


async def test_api_starts_while_redis_is_down(settings: Settings, db: Database) -> None:
    assert settings.redis_url
    async with relay_to(settings.redis_url) as rd:
        await rd.cut()
        down = settings.model_copy(update={"redis_url": rd.url_for(settings.redis_url)})
        async with api_client(down) as api:
            health = await api.get("/api/v1/health")
            assert health.status_code == 503
            assert health.json()["status"] == "degraded"
            assert (health.json()["database"], health.json()["redis"]) == ("ok", "unavailable")

            await rd.restore()
            learner = await register_learner(api)
            assert (await learner.get("/api/v1/users/me")).status_code == 200
            assert (await api.get("/api/v1/health")).json()["status"] == "ok"


async def test_api_starts_while_the_database_is_down(settings: Settings, db: Database) -> None:
    """A closed port at start: the API starts, answers 503 rather than hanging or a 500, and
    serves once the database is reachable."""
    assert settings.database_url
    async with relay_to(settings.database_url) as pg:
        await pg.cut()
        down = settings.model_copy(update={"database_url": pg.url_for(settings.database_url)})
        async with api_client(down) as api:
            refused = await api.post(
                "/api/v1/auth/register",
                json={"email": "early@example.org", "password": DEFAULT_PASSWORD},
            )
            assert_unavailable(refused, "database")
            assert (await api.get("/api/v1/health")).json()["database"] == "unavailable"

            await pg.restore()
            learner = await register_learner(api, "early@example.org")
            assert (await learner.get("/api/v1/users/me")).status_code == 200
