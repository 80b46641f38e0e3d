"""Quiz and drill state as StudySession rows: one active per (learner, kind), versioned."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import Conflict, NotFound
from core.models import StudySession, User
from core.quizzes.schemas import SessionStatus

NOUNS = {"quiz": "quiz", "articles": "article drill"}
STATUSES = ("active", "finished", "abandoned")


def status_of(study: StudySession) -> SessionStatus:
    if study.status not in STATUSES:
        raise ValueError(f"unknown study session status {study.status!r}")
    return cast(SessionStatus, study.status)


async def load(
    session: AsyncSession, user: User, session_id: int, kind: str, *, lock: bool = False
) -> StudySession:
    """The learner's own session; another learner's id is simply not found."""
    statement = select(StudySession).where(
        StudySession.id == session_id, StudySession.user_id == user.id, StudySession.kind == kind
    )
    if lock:
        statement = statement.with_for_update()
    study = await session.scalar(statement)
    if study is None:
        raise NotFound(f"No such {NOUNS[kind]}.")
    return study


async def active(session: AsyncSession, user: User, kind: str) -> StudySession | None:
    return await session.scalar(
        select(StudySession).where(
            StudySession.user_id == user.id,
            StudySession.kind == kind,
            StudySession.status == "active",
        )
    )


async def replace_active(
    session: AsyncSession, user: User, kind: str, payload: dict[str, Any], now: datetime
) -> StudySession:
    """Abandon the learner's running session of this kind (its buttons turn stale) and start
    a new one. Two starts racing each other: the unique index lets one win."""
    await session.execute(
        update(StudySession)
        .where(
            StudySession.user_id == user.id,
            StudySession.kind == kind,
            StudySession.status == "active",
        )
        .values(status="abandoned", finished_at=now, version=StudySession.version + 1)
        .execution_options(synchronize_session=False)
    )
    study = StudySession(
        user_id=user.id,
        kind=kind,
        status="active",
        payload=payload,
        version=0,
        created_at=now,
        updated_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(study)
            await session.flush()
    except IntegrityError as exc:
        raise Conflict(f"A new {NOUNS[kind]} was just started; please try again.") from exc
    return study


def ensure_open(study: StudySession, version: int | None = None) -> None:
    """Refuse answers to a session that is over, or from a button that is out of date."""
    noun = NOUNS[study.kind]
    if study.status == "finished":
        raise Conflict(f"This {noun} is already over. Start a new one!")
    if study.status == "abandoned":
        raise Conflict(f"This {noun} was replaced by a newer one.")
    if version is not None and version != study.version:
        raise Conflict(f"That button is out of date: the {noun} has moved on.")


def editable_payload(study: StudySession) -> dict[str, Any]:
    """A deep copy to change and hand to `save`: JSONB is saved when the attribute is set."""
    return copy.deepcopy(study.payload)


def save(study: StudySession, payload: dict[str, Any]) -> None:
    study.payload = payload
    study.version += 1


def finish(study: StudySession, now: datetime) -> None:
    study.status = "finished"
    study.finished_at = now
    study.version += 1
