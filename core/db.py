"""Engine, sessions and the unit of work: whoever opens the session owns the transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from core.outbox import JobRequest, JobSender, discard_pending_jobs, take_pending_jobs


def async_database_url(url: str) -> str:
    """Accept plain `postgresql://` URLs (as docker and embedded servers give) for asyncpg."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


# Seconds to open a connection: an unreachable server fails fast (a 503), never hangs a request.
CONNECT_TIMEOUT_SECONDS = 5


class Database:
    def __init__(
        self, url: str, *, job_sender: JobSender | None = None, pool_size: int = 10
    ) -> None:
        self.engine: AsyncEngine = create_async_engine(
            async_database_url(url),
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=True,
            connect_args={"timeout": CONNECT_TIMEOUT_SECONDS},
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

    async def send_jobs(self, jobs: list[JobRequest]) -> None:
        if not jobs:
            return
        if self.job_sender is None:
            raise RuntimeError("jobs were requested but this process has no job sender")
        await self.job_sender.send(jobs)

    async def dispose(self) -> None:
        await self.engine.dispose()
