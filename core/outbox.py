"""Jobs requested inside a transaction are sent only after it commits (and dropped on rollback).

Job names are checked when a job is requested: `JobName` lists every job the worker runs
(jobs/worker.py builds its functions from these names and refuses to start when they
differ), so a misspelt or removed job fails where it is requested, not silently in Redis."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, get_args

from sqlalchemy.ext.asyncio import AsyncSession

_PENDING_KEY = "pending_jobs"

JobName = Literal[
    "send_telegram_text",
    "purge_expired_records",
    "enrich_deck_word",
    "send_reminder",
    "sweep_reminders",
    "reply_to_conversation",
    "send_conversation_reply",
]
JOB_NAMES: frozenset[str] = frozenset(get_args(JobName))


class UnknownJob(ValueError):
    """A job was requested by a name no worker function has."""


@dataclass(frozen=True)
class JobRequest:
    name: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    job_id: str | None = None
    defer_seconds: float | None = None

    def __post_init__(self) -> None:
        if self.name not in JOB_NAMES:
            raise UnknownJob(
                f"no job is called {self.name!r}; known: {', '.join(sorted(JOB_NAMES))}"
            )


class JobSender(Protocol):
    async def send(self, jobs: Sequence[JobRequest]) -> None: ...


def request_job(
    session: AsyncSession,
    name: JobName,
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
