"""Fault tests kill and restart real processes, so they run on PostgreSQL and Redis servers
started here (embedded), never on the machine's shared ones. Each test gets its own database
and Redis database number on them."""

from __future__ import annotations

import itertools
import os
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from migrations.runner import upgrade_async
from tutor.embedded import EmbeddedPostgres, EmbeddedRedis

ROOT = Path(__file__).resolve().parents[2]
_redis_dbs = itertools.count(1)


@dataclass(frozen=True)
class OwnServers:
    postgres_url: str
    redis_url: str

    async def fresh(self) -> tuple[str, str]:
        """A new migrated database and an unused Redis database: (database URL, Redis URL)."""
        server = make_url(self.postgres_url)
        name = f"fault_{uuid.uuid4().hex[:8]}"
        admin_dsn = server.set(drivername="postgresql").render_as_string(hide_password=False)
        admin = await asyncpg.connect(admin_dsn)
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        url = server.set(database=name).render_as_string(hide_password=False)
        await upgrade_async(url)
        return url, f"{self.redis_url.rsplit('/', 1)[0]}/{next(_redis_dbs)}"


@pytest.fixture(scope="package")
def own_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnServers]:
    folder = tmp_path_factory.mktemp("servers")
    postgres, redis = EmbeddedPostgres(folder, delete_on_stop=True), EmbeddedRedis(folder)
    postgres_url = postgres.start("postgres")
    try:
        redis_url = redis.start()
        try:
            yield OwnServers(postgres_url, redis_url)
        finally:
            redis.stop()
    finally:
        postgres.stop()


def process_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of a `tutor` process started by a fault test: these settings only."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "TELEGRAM_"))}
    return {
        **keep,
        "PYTHONPATH": str(ROOT),
        "ENVIRONMENT": "test",
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": "fault-test-secret-" + "x" * 32,
        **{name.upper(): value for name, value in settings.items()},
    }


PYTHON = sys.executable
