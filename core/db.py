"""Engine, sessions and the unit of work: whoever opens the session owns the transaction."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from core.outbox import JobRequest, JobSender, discard_pending_jobs, take_pending_jobs


def async_database_url(url: str) -> str:
    """Accept plain `postgresql://` URLs (as docker and embedded servers give) for asyncpg."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


# Seconds to open a connection: an unreachable server fails fast (a 503), never hangs a request.
CONNECT_TIMEOUT_SECONDS = 5
# No ping on every checkout (pool_pre_ping costs BEGIN, `;`, ROLLBACK: three round trips per
# request). A pooled connection is pinged only when it sat unused this long, since only then
# may a restart or a firewall have dropped it unseen; a failed ping replaces every pooled
# connection. A connection dropped while in use fails its request once (503, see
# api/errors.py) and the pool is renewed the same way. Connections are renewed after
# RECYCLE_SECONDS regardless.
IDLE_PING_SECONDS = 10.0
RECYCLE_SECONDS = 1800
_CHECKED_IN_AT = "checked_in_at"


def _remember_checkin(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    record.info[_CHECKED_IN_AT] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: ConnectionPoolEntry, proxy: Any) -> None:
    checked_in = record.info.get(_CHECKED_IN_AT)
    if checked_in is None or time.monotonic() - checked_in < IDLE_PING_SECONDS:
        return
    try:
        dbapi_connection.ping()
    except Exception as exc:
        raise InvalidatePoolError("idle connection was dropped") from exc


class Database:
    def __init__(
        self, url: str, *, job_sender: JobSender | None = None, pool_size: int = 10
    ) -> None:
        self.engine: AsyncEngine = create_async_engine(
            async_database_url(url),
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_recycle=RECYCLE_SECONDS,
            connect_args={"timeout": CONNECT_TIMEOUT_SECONDS},
        )
        event.listen(self.engine.sync_engine.pool, "checkin", _remember_checkin)
        event.listen(self.engine.sync_engine.pool, "checkout", _ping_if_idle)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self.job_sender = job_sender

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        """Commit on success, roll back on any error; send requested jobs after the commit."""
        async with self.sessionmaker() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                discard_pending_jobs(session)
                await session.rollback()
                raise
            jobs = take_pending_jobs(session)
        await self.send_jobs(jobs)

    async def send_jobs(self, jobs: list[JobRequest]) -> None:
        if not jobs:
            return
        if self.job_sender is None:
            raise RuntimeError("jobs were requested but this process has no job sender")
        await self.job_sender.send(jobs)

    async def dispose(self) -> None:
        await self.engine.dispose()
