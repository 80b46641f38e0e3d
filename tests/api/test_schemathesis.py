"""Schemathesis over the OpenAPI document, in-process against the app, as a logged-in learner:
every operation is called with generated valid and invalid input, and every answer must be a
non-5xx status the document declares, with the declared content type and body schema.

Bounded and derandomised so CI sees the same requests every run (about two minutes here);
raise MAX_EXAMPLES locally to explore further."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from redis.asyncio import Redis
from schemathesis import Case
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.python.asgi import shutdown_lifespans
from sqlalchemy import text

from api.app import create_app
from core.db import Database
from core.models import Base
from core.settings import Settings
from tests.conftest import CONTENT_TABLES
from tests.helpers.api import api_client
from tests.helpers.learners import register_learner

MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def app(settings: Settings) -> Iterator[FastAPI]:
    """One app for the module: schemathesis runs its lifespan once, on its own event loop."""
    yield create_app(settings)
    shutdown_lifespans()


@pytest.fixture(scope="module")
async def learner_token(
    settings: Settings, database: Database, redis: Redis, _content_loaded: str
) -> AsyncIterator[str]:
    """One learner for the whole run, so their deck and lists grow as operations are tried;
    their rows and Redis keys are removed afterwards, as the `db` fixture does per test."""
    await redis.flushdb()
    async with api_client(settings) as client:
        yield (await register_learner(client)).access_token
    tables = ", ".join(
        f'"{t.name}"' for t in Base.metadata.sorted_tables if t.name not in CONTENT_TABLES
    )
    async with database.engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await redis.flushdb()


def _document() -> dict[str, Any]:
    """The OpenAPI document, from an app that is never started (the test runs a real one)."""
    unused = "postgresql+asyncpg://unused/unused"
    schema_only = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=unused,
        redis_url="redis://unused",
        secret_key="x" * 32,  # type: ignore[arg-type]
    )
    document: dict[str, Any] = create_app(schema_only).openapi()
    return document


schema = schemathesis.openapi.from_dict(_document())


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(
    case: Case, app: FastAPI, learner_token: str
) -> None:
    case.call_and_validate(
        app=app,
        base_url="http://testserver",
        headers={"Authorization": f"Bearer {learner_token}"},
        checks=CHECKS,
    )
