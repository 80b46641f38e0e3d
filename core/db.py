"""Engine, sessions and the unit of work: whoever opens the session owns the transaction."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import asyncpg
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

from core.clock import utcnow
from core.fair_pool import FairAsyncQueuePool
from core.models import OutboxJob
from core.outbox import (
    JobSender,
    as_request,
    discard_pending_jobs,
    mark_sent,
    take_pending_jobs,
    unsent_jobs,
)
from core.signals import Signals

log = logging.getLogger(__name__)

# The relay leaves rows this young to the unit of work that wrote them (it sends right after
# its commit), so a healthy request's jobs are not sent twice.
RELAY_GRACE = timedelta(seconds=15)


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


# Seconds a request waits for a pooled connection before it is refused (503 with
# Retry-After): waiters are served first come, first served, and none waits without limit.
POOL_TIMEOUT_SECONDS = 10.0


class Database:
    def __init__(
        self,
        url: str,
        *,
        job_sender: JobSender | None = None,
        pool_size: int = 20,
        max_overflow: int = 0,
        pool_timeout: float = POOL_TIMEOUT_SECONDS,
    ) -> None:
        self.engine: AsyncEngine = create_async_engine(
            async_database_url(url),
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=pool_timeout,
            poolclass=FairAsyncQueuePool,
            pool_recycle=RECYCLE_SECONDS,
            connect_args={"timeout": CONNECT_TIMEOUT_SECONDS},
        )
        event.listen(self.engine.sync_engine.pool, "checkin", _remember_checkin)
        event.listen(self.engine.sync_engine.pool, "checkout", _ping_if_idle)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self.job_sender = job_sender
        self.signals = Signals(self._connect_unpooled)

    async def _connect_unpooled(self) -> asyncpg.Connection:
        """A connection of its own, outside the pool (the one that listens for signals)."""
        args, kwargs = self.engine.dialect.create_connect_args(self.engine.url)
        connection: asyncpg.Connection = await asyncpg.connect(
            *args, **kwargs, timeout=CONNECT_TIMEOUT_SECONDS
        )
        return connection

    def checked_out(self) -> int:
        """Pooled connections in use right now."""
        pool = self.engine.sync_engine.pool
        return int(pool.checkedout())  # type: ignore[attr-defined]

    def waiting(self) -> int:
        """Requests waiting for a pooled connection right now."""
        pool = self.engine.sync_engine.pool
        assert isinstance(pool, FairAsyncQueuePool)
        return pool.waiting()

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

    async def send_jobs(self, rows: list[OutboxJob]) -> int:
        """Send outbox rows to the queue and stamp them sent. When the queue cannot be
        reached they stay unsent for the relay: the caller's work is committed and answered
        for, and its jobs go out once the queue is back. Returns how many were sent."""
        if not rows:
            return 0
        if self.job_sender is None:
            raise RuntimeError("jobs were requested but this process has no job sender")
        now = utcnow()
        try:
            await self.job_sender.send([as_request(row, now) for row in rows])
        except Exception as exc:  # any queue failure: the rows stay for the relay
            log.warning("queue unreachable, %d job(s) stay in the outbox: %r", len(rows), exc)
            return 0
        try:
            async with self.sessionmaker() as session:
                await mark_sent(session, [row.id for row in rows])
                await session.commit()
        except Exception as exc:  # they were sent: the relay sends them again, harmlessly
            log.warning("could not stamp %d sent job(s): %r", len(rows), exc)
        return len(rows)

    async def relay_outbox(
        self, *, older_than: timedelta = RELAY_GRACE, batch_size: int = 500
    ) -> int:
        """Send every job left in the outbox (the queue was down, or the process that wrote
        it died after its commit). Returns how many were sent."""
        sent = 0
        while True:
            async with self.sessionmaker() as session:
                rows = await unsent_jobs(session, older_than, batch_size)
            done = await self.send_jobs(rows)
            sent += done
            if len(rows) < batch_size or done < len(rows):
                return sent

    async def dispose(self) -> None:
        await self.signals.close()
        await self.engine.dispose()
