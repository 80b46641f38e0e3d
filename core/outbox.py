"""Jobs requested inside a transaction are sent only after it commits (and dropped on rollback)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

_PENDING_KEY = "pending_jobs"


@dataclass(frozen=True)
class JobRequest:
    name: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    job_id: str | None = None
    defer_seconds: float | None = None


class JobSender(Protocol):
    async def send(self, jobs: Sequence[JobRequest]) -> None: ...


def request_job(
    session: AsyncSession,
    name: str,
    *,
    job_id: str | None = None,
    defer_seconds: float | None = None,
    **kwargs: Any,
) -> None:
    """Ask for a background job once the session's transaction has committed."""
    pending: list[JobRequest] = session.info.setdefault(_PENDING_KEY, [])
    pending.append(JobRequest(name, kwargs, job_id, defer_seconds))


def take_pending_jobs(session: AsyncSession) -> list[JobRequest]:
    jobs: list[JobRequest] = session.info.pop(_PENDING_KEY, [])
    return jobs


def discard_pending_jobs(session: AsyncSession) -> None:
    session.info.pop(_PENDING_KEY, None)
