"""PostgreSQL or Redis down: routes answer 503 with a JSON body and Retry-After, never a
plain-text 500, and recover by themselves; the API starts while Redis is down.

The outages are relays these tests start in front of the real servers and cut
(tests/helpers/outage.py): the shared servers keep running."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import httpx
import pytest
import sqlalchemy.exc
from sqlalchemy.engine import URL, make_url

import core.db
from api.errors import unavailable_service
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


@asynccontextmanager
async def role_for_app(settings: Settings) -> AsyncIterator[tuple[URL, asyncpg.Connection]]:
    """A login role of its own with the app's rights on the test database (a superuser
    ignores connection limits; this role does not), and an admin connection to change its
    CONNECTION LIMIT; the role is dropped afterwards."""
    assert settings.database_url
    url = make_url(settings.database_url).set(drivername="postgresql")
    role = f"tutor_limited_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        await admin.execute(f'CREATE ROLE "{role}" LOGIN')
        for grant in ("USAGE ON SCHEMA public", "ALL ON ALL TABLES IN SCHEMA public"):
            await admin.execute(f'GRANT {grant} TO "{role}"')
        await admin.execute(f'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
        yield url.set(username=role, password=None), admin
    finally:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", role
        )
        await admin.execute(f'DROP OWNED BY "{role}"')
        await admin.execute(f'DROP ROLE "{role}"')
        await admin.close()


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


async def test_refused_new_connections_answer_503_and_recover(
    settings: Settings, db: Database, api: httpx.AsyncClient
) -> None:
    """The server refuses new connections ("too many connections", SQLSTATE 53300, as when
    max_connections or a role's limit is reached): each request that needs one answers 503
    `unavailable` with Retry-After, not a 500, and is served once the server accepts again.
    Provoked for real: the app logs in as a role whose CONNECTION LIMIT is 0."""
    learner = await register_learner(api)
    async with role_for_app(settings) as (role_url, admin):
        await admin.execute(f'ALTER ROLE "{role_url.username}" CONNECTION LIMIT 0')
        limited = settings.model_copy(
            update={"database_url": role_url.render_as_string(hide_password=False)}
        )
        async with api_client(limited) as limited_api:
            as_limited = dataclasses.replace(learner, client=limited_api)
            for path in ("/api/v1/users/me", "/api/v1/reviews/next"):
                assert_unavailable(await as_limited.get(path), "database")
            assert_unavailable(
                await limited_api.post(
                    "/api/v1/auth/register",
                    json={"email": "refused@example.org", "password": DEFAULT_PASSWORD},
                ),
                "database",
            )
            health = await limited_api.get("/api/v1/health")
            assert (health.status_code, health.json()["database"]) == (503, "unavailable")

            await admin.execute(f'ALTER ROLE "{role_url.username}" CONNECTION LIMIT -1')
            me = await as_limited.get("/api/v1/users/me")
            assert (me.status_code, me.json()["id"]) == (200, learner.id)


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


@pytest.mark.parametrize(
    ("error", "service"),
    [
        (asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"), "database"),
        (
            asyncpg.exceptions.CannotConnectNowError("the system is starting up"),
            "database",
        ),
        (asyncpg.exceptions.AdminShutdownError("terminating connection"), "database"),
        (asyncpg.exceptions.UndefinedTableError('relation "x" does not exist'), None),
        (asyncpg.exceptions.QueryCanceledError("canceling statement"), None),
    ],
)
def test_server_refusals_are_outages_and_wrong_queries_are_not(
    error: asyncpg.PostgresError, service: str | None
) -> None:
    """What the server says by SQLSTATE, raw (a connection outside the pool) or wrapped by
    SQLAlchemy as its plain DBAPIError: refusing or dropping connections is an outage (503),
    a wrong query stays a server error."""
    wrapped = sqlalchemy.exc.DBAPIError("SELECT 1", None, error)
    assert unavailable_service(error) == service
    assert unavailable_service(wrapped) == service
