"""Real PostgreSQL and Redis for every test: TEST_DATABASE_URL / TEST_REDIS_URL when set,
otherwise embedded servers started for the session. Each test starts from empty tables and
an empty Redis database."""

from __future__ import annotations

import functools
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import fastapi.dependencies.models as fastapi_dependency_models
import httpx
import pytest
from hypothesis import settings
from pydantic import SecretStr
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.app import build_application, running
from bot.context import BotApplication
from core.clock import set_frozen
from core.db import Database, async_database_url
from core.models import Base
from core.settings import Settings
from jobs.queue import ArqJobSender, connect
from migrations.runner import upgrade_async
from seeds.loader import load_content
from tests.fakes.telegram import FakeTelegram
from tests.helpers.api import api_client
from tests.helpers.bot import BOT_TOKEN, BotChat
from tutor.embedded import EmbeddedPostgres, EmbeddedRedis

TEST_SECRET_KEY = "test-secret-key-" + "x" * 32

# CI must be deterministic: the same examples every run (seeded from each test), no example
# database carried between runs, and a failure prints the blob that reproduces it locally.
# Local runs keep exploring new random examples. Neither has a deadline: timings on a shared
# machine are noise, and the slow paths have their own timing tests.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, deadline=None)
settings.register_profile("dev", print_blob=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI", "").lower() not in ("", "0", "false") else "dev")


@pytest.fixture(autouse=True)
def apps_released() -> Iterator[None]:
    """Every app a test built can be freed after it. FastAPI keeps what it learnt about each
    endpoint and dependency in module-level LRU caches of 4,096 callables, and the docs
    routes fastapi-offline adds are closures over their app: without this the test process
    kept ~100 whole apps alive (6 million objects), and its full garbage collections stalled
    the event loop for up to 6 s — long enough to fail tests waiting 5-10 s for the bot."""
    yield
    for held in vars(fastapi_dependency_models).values():
        if isinstance(held, functools._lru_cache_wrapper):
            held.cache_clear()


@pytest.fixture(autouse=True)
def running_clock() -> Iterator[None]:
    """Every test ends on the running clock, whatever it froze (a stopped clock left behind
    makes every later access token look expired)."""
    yield
    set_frozen(None)


@pytest.fixture(scope="session")
def server_urls() -> Iterator[tuple[str, str]]:
    """(database server URL, Redis URL); embedded servers only when none is given."""
    db_url = os.environ.get("TEST_DATABASE_URL")
    redis_url = os.environ.get("TEST_REDIS_URL")
    embedded_dir = Path(tempfile.mkdtemp(prefix="tutor-test-"))
    pg = redis = None
    if not db_url:
        pg = EmbeddedPostgres(embedded_dir, delete_on_stop=True)
        db_url = pg.start("postgres")
    if not redis_url:
        redis = EmbeddedRedis(embedded_dir)
        redis_url = redis.start().rsplit("/", 1)[0] + "/0"
    try:
        yield async_database_url(db_url), redis_url
    finally:
        if redis is not None:
            redis.stop()
        if pg is not None:
            pg.stop()


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
async def database_url(server_urls: tuple[str, str]) -> AsyncIterator[str]:
    """A fresh database for this test session, migrated to head; dropped afterwards."""
    server_url = server_urls[0]
    name = f"tutor_test_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(_asyncpg_dsn(server_url))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    await upgrade_async(url)
    yield url
    admin = await asyncpg.connect(_asyncpg_dsn(server_url))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture(scope="session")
def redis_url(server_urls: tuple[str, str]) -> str:
    base = server_urls[1].rsplit("/", 1)[0] if server_urls[1].count("/") > 2 else server_urls[1]
    return f"{base}/{os.environ.get('TEST_REDIS_DB', '9')}"


@pytest.fixture(scope="session")
def settings(
    database_url: str, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test",
        data_dir=tmp_path_factory.mktemp("data"),
        database_url=database_url,
        redis_url=redis_url,
        secret_key=TEST_SECRET_KEY,  # type: ignore[arg-type]
        telegram_bot_username="GermanTutorTestBot",
    )


@pytest.fixture(scope="session")
async def job_sender(settings: Settings) -> AsyncIterator[ArqJobSender]:
    assert settings.redis_url
    sender = await connect(settings.redis_url)
    yield sender
    await sender.pool.aclose()


@pytest.fixture(scope="session")
async def database(settings: Settings, job_sender: ArqJobSender) -> AsyncIterator[Database]:
    assert settings.database_url
    db = Database(settings.database_url, job_sender=job_sender)
    yield db
    await db.dispose()


@pytest.fixture(scope="session")
async def redis(settings: Settings) -> AsyncIterator[Redis]:
    assert settings.redis_url
    client = Redis.from_url(settings.redis_url)
    yield client
    await client.aclose()


CONTENT_TABLES = {"vocabulary_items", "grammar_topics", "exercises", "scenarios", "achievements"}


@pytest.fixture(scope="session")
async def _content_loaded(database: Database) -> str:
    """The seed catalogue, loaded once per session; `db` keeps it between tests."""
    async with database.unit_of_work() as session:
        report = await load_content(session)
    return str(report)


@pytest.fixture
async def db(database: Database, redis: Redis) -> AsyncIterator[Database]:
    """The test database; learner tables and the Redis database are emptied after the test.
    The content catalogue stays (tests that change it must restore it)."""
    await redis.flushdb()
    yield database
    tables = ", ".join(
        f'"{t.name}"' for t in Base.metadata.sorted_tables if t.name not in CONTENT_TABLES
    )
    async with database.engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        await connection.execute(text("DELETE FROM exercises WHERE source = 'ai'"))
    await redis.flushdb()


@pytest.fixture
async def content(db: Database, _content_loaded: str) -> Database:
    """The test database with the full German content loaded."""
    return db


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the real app (lifespan run), talking to the test database."""
    async with api_client(settings) as client:
        yield client


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=BOT_TOKEN, bot_username="GermanTutorTestBot") as fake:
        yield fake


@pytest.fixture
def bot_settings(settings: Settings, telegram: FakeTelegram) -> Settings:
    return settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(BOT_TOKEN),
            "telegram_api_base_url": telegram.base_url,
            "telegram_api_file_url": telegram.base_file_url,
        }
    )


@pytest.fixture
async def polling_bot(bot_settings: Settings, db: Database) -> AsyncIterator[BotApplication]:
    async with running(build_application(bot_settings), polling=True) as application:
        yield application


@pytest.fixture
def anna(telegram: FakeTelegram) -> BotChat:
    return BotChat(telegram, telegram.user(first_name="Anna"))
