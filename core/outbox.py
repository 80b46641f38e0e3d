"""Jobs requested inside a transaction are sent only after it commits (and dropped on rollback).

A transactional outbox: the request is a row (OutboxJob) written in the same transaction, so
a job the API acknowledged survives a Redis outage or a process dying between the commit
and the enqueue. After the commit the unit of work sends the rows and stamps them sent; a
periodic relay (core.db.Database.relay_outbox) sends whatever is left. The queue's job id is
the requested one or "outbox:<row id>", so sending a row twice queues it once while it waits,
and jobs are idempotent anyway.

Job names are checked when a job is requested: `JobName` lists every job the worker runs
(jobs/worker.py builds its functions from these names and refuses to start when they
differ), so a misspelt or removed job fails where it is requested, not silently in Redis."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol, get_args

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    DateTime,
    Insert,
    String,
    delete,
    exists,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.models import OutboxJob

_PENDING_KEY = "pending_jobs"
_COALESCED_KEY = "coalesced_jobs"

JobName = Literal[
    "send_telegram_text",
    "purge_expired_records",
    "enrich_deck_word",
    "run_deck_import",
    "show_failed_import",
    "send_reminder",
    "sweep_reminders",
    "reply_to_conversation",
    "send_conversation_reply",
    "check_achievements",
    "send_achievement_notice",
    "refresh_league_standing",
    "close_progress_days",
    "send_freeze_notice",
    "generate_exercises",
    "judge_grammar_answer",
    "send_password_reset_code",
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
    JobRequest(name, kwargs, job_id, defer_seconds)  # refuses an unknown name here
    run_after = utcnow() + timedelta(seconds=defer_seconds) if defer_seconds else None
    row = OutboxJob(name=name, kwargs=kwargs, job_id=job_id, run_after=run_after)
    session.add(row)
    pending: list[OutboxJob] = session.info.setdefault(_PENDING_KEY, [])
    pending.append(row)


def request_job_once(session: AsyncSession, name: JobName, **kwargs: Any) -> None:
    """`request_job`, unless this transaction already asked for the same job with the same
    arguments (a session of many awards asks once per learner)."""
    pending: list[OutboxJob] = session.info.get(_PENDING_KEY, [])
    if any(row.name == name and row.kwargs == kwargs for row in pending):
        return
    request_job(session, name, **kwargs)


Requested = tuple[JobName, dict[str, Any]]
"""A job and its arguments, to request inside a larger statement."""


def not_yet_requested(session: AsyncSession, requests: Sequence[Requested]) -> list[Requested]:
    """The requests this transaction has not already made (as `request_job_once` skips), by
    `request_job` or coalesced (`coalesced_requests`)."""
    pending: list[OutboxJob] = session.info.get(_PENDING_KEY, [])
    made = [(row.name, row.kwargs) for row in pending]
    made += session.info.get(_COALESCED_KEY, [])
    return [request for request in requests if request not in made]


def claim_requests(session: AsyncSession, requests: Sequence[Requested]) -> list[Requested]:
    """The requests this transaction has not made yet; they count as made from now on (the
    caller writes them in this transaction, or it rolls back)."""
    fresh = not_yet_requested(session, requests)
    session.info.setdefault(_COALESCED_KEY, []).extend(fresh)
    return fresh


def coalesced_requests(
    session: AsyncSession, requests: Sequence[Requested], delay: timedelta
) -> Insert | None:
    """`coalesced_requests_statement` for the requests this transaction has not made yet (None
    when it made them all), for the caller to run alone or fold into its own statement."""
    fresh = claim_requests(session, requests)
    return coalesced_requests_statement(fresh, delay) if fresh else None


async def request_coalesced(
    session: AsyncSession, requests: Sequence[Requested], delay: timedelta
) -> None:
    """Follow-ups that may wait `delay`: one outbox row per request while none is pending,
    left to the relay, so the caller does no work after its commit and a burst of events
    asks once. At most one statement per transaction for the same requests."""
    statement = coalesced_requests(session, requests, delay)
    if statement is not None:
        await session.execute(statement)


def coalesced_requests_statement(requests: Sequence[Requested], delay: timedelta) -> Insert:
    """The outbox rows of these requests, each only if no unsent row already makes the same
    request, and due `delay` from now — for a hot path whose follow-ups may wait a little: the
    rows are left to the relay (nothing is sent after the commit), so a burst of events (a
    review run) asks once per relay round instead of once per event. Two concurrent
    statements may both insert; the jobs are idempotent."""
    run_after = literal(utcnow() + delay, DateTime(timezone=True))
    return coalesced_requests_template(
        [(name, literal(kwargs, JSONB())) for name, kwargs in requests], run_after
    )


def coalesced_requests_template(
    requests: Sequence[tuple[JobName, ColumnElement[Any]]], run_after: ColumnElement[Any]
) -> Insert:
    """`coalesced_requests_statement` with the arguments and the due time as SQL expressions
    (bound parameters), for a hot path that builds its statement once and runs it with new
    values each time (no statement to build, no cache key to compute per call)."""
    for name, _ in requests:
        JobRequest(name)  # refuses an unknown name here
    rows = [
        select(literal(name, String()), kwargs, run_after).where(
            ~exists().where(
                OutboxJob.sent_at.is_(None), OutboxJob.name == name, OutboxJob.kwargs == kwargs
            )
        )
        for name, kwargs in requests
    ]
    return insert(OutboxJob).from_select(["name", "kwargs", "run_after"], union_all(*rows))


def take_pending_jobs(session: AsyncSession) -> list[OutboxJob]:
    session.info.pop(_COALESCED_KEY, None)
    jobs: list[OutboxJob] = session.info.pop(_PENDING_KEY, [])
    return jobs


def discard_pending_jobs(session: AsyncSession) -> None:
    session.info.pop(_COALESCED_KEY, None)
    session.info.pop(_PENDING_KEY, None)


def as_request(row: OutboxJob, now: datetime) -> JobRequest:
    """What the queue gets for a row; a deferred job keeps its time, not its delay."""
    defer = (row.run_after - now).total_seconds() if row.run_after else 0.0
    return JobRequest(
        row.name, dict(row.kwargs), row.job_id or f"outbox:{row.id}", defer if defer > 0 else None
    )


async def unsent_jobs(session: AsyncSession, older_than: timedelta, limit: int) -> list[OutboxJob]:
    """Rows no one has sent: their sender could not reach the queue, or died after commit.
    Younger rows are left to the unit of work that is sending them right now."""
    rows = await session.scalars(
        select(OutboxJob)
        .where(OutboxJob.sent_at.is_(None), OutboxJob.created_at <= utcnow() - older_than)
        .order_by(OutboxJob.id)
        .limit(limit)
    )
    return list(rows)


async def mark_sent(session: AsyncSession, ids: Sequence[int]) -> None:
    await session.execute(update(OutboxJob).where(OutboxJob.id.in_(ids)).values(sent_at=utcnow()))


async def purge_sent(session: AsyncSession, kept_for: timedelta = timedelta(days=1)) -> int:
    """Forget jobs sent longer ago than `kept_for` (kept a while for looking into problems)."""
    result = await session.execute(delete(OutboxJob).where(OutboxJob.sent_at < utcnow() - kept_for))
    return result.rowcount if isinstance(result, CursorResult) else 0
