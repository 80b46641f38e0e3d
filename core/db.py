"""Engine, sessions and the unit of work: whoever opens the session owns the transaction."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from core.clock import utcnow
from core.models import OutboxJob
from core.outbox import (
    JobSender,
    as_request,
    discard_pending_jobs,
    mark_sent,
    take_pending_jobs,
    unsent_jobs,
)

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


class Database:
    def __init__(
        self, url: str, *, job_sender: JobSender | None = None, pool_size: int = 10
    ) -> None:
        self.engine: AsyncEngine = create_async_engine(
            async_database_url(url), pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
        )
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
        await self.engine.dispose()
