"""The study-session engine: start, load, version check, save, finish, the chat message.

Stored in study_sessions (not process memory), so a run survives restarts and replicas.
Every change bumps `version` (abandoning too), so a button pressed twice or on an old
message is recognised: the check returns a `Stale` value and nothing changes."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeVar

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import object_session

from core.errors import Conflict, NotFound
from core.models import StudySession, User
from core.ownership import mine, owned
from core.progress.goal import note_finished_session
from core.study.kinds import KINDS, StudyKindName

SessionStatus = Literal["active", "finished", "abandoned"]
STATUSES: tuple[SessionStatus, ...] = ("active", "finished", "abandoned")

T = TypeVar("T")


@dataclass(frozen=True)
class Stale:
    """A press that no longer applies (the run moved on, is over, or was replaced)."""

    kind: StudyKindName
    status: SessionStatus

    def conflict(self) -> Conflict:
        """The same refusal as an error, for callers that answer with one (the API)."""
        noun = KINDS[self.kind].noun
        if self.status == "finished":
            return Conflict(f"This {noun} is already over. Start a new one!")
        if self.status == "abandoned":
            return Conflict(f"This {noun} was replaced by a newer one.")
        return Conflict(f"That button is out of date: the {noun} has moved on.")


def unless_stale(outcome: T | Stale) -> T:
    """The outcome, or the Stale refusal raised as a Conflict."""
    if isinstance(outcome, Stale):
        raise outcome.conflict()
    return outcome


def status_of(study: StudySession) -> SessionStatus:
    if study.status not in STATUSES:
        raise ValueError(f"unknown study session status {study.status!r}")
    return study.status


def kind_of(study: StudySession) -> StudyKindName:
    if study.kind not in KINDS:
        raise ValueError(f"unknown study session kind {study.kind!r}")
    return study.kind


async def abandon_active(
    session: AsyncSession,
    user: User,
    kind: StudyKindName,
    now: datetime,
    *,
    keep: int | None = None,
) -> None:
    """Abandon the learner's running session of this kind (but `keep`); its buttons turn stale."""
    statement = (
        update(StudySession)
        .where(
            mine(StudySession, user),
            StudySession.kind == kind,
            StudySession.status == "active",
        )
        .values(status="abandoned", finished_at=now, version=StudySession.version + 1)
        .execution_options(synchronize_session=False)
    )
    if keep is not None:
        statement = statement.where(StudySession.id != keep)
    await session.execute(statement)


async def start(
    session: AsyncSession,
    user: User,
    kind: StudyKindName,
    payload: dict[str, Any],
    now: datetime,
    *,
    chat_id: int | None = None,
    finished: bool = False,
) -> StudySession:
    """A new session of this kind; the previous running one is abandoned. `finished` records
    a run that has nothing to do (a review with nothing due). Two starts racing each other:
    the unique index lets one win, the other gets a Conflict."""
    await abandon_active(session, user, kind, now)
    study = StudySession(
        user_id=user.id,
        kind=kind,
        status="finished" if finished else "active",
        payload=payload,
        version=0,
        chat_id=chat_id,
        created_at=now,
        updated_at=now,
        finished_at=now if finished else None,
    )
    try:
        async with session.begin_nested():
            session.add(study)
            await session.flush()
    except IntegrityError as exc:
        noun = KINDS[kind].noun
        raise Conflict(f"A new {noun} was just started; please try again.") from exc
    return study


async def active(
    session: AsyncSession, user: User, kind: StudyKindName, *, lock: bool = False
) -> StudySession | None:
    statement = owned(StudySession, user).where(
        StudySession.kind == kind, StudySession.status == "active"
    )
    if lock:
        statement = statement.with_for_update()
    return await session.scalar(statement)


async def load(
    session: AsyncSession,
    user: User,
    kind: StudyKindName,
    session_id: int,
    *,
    lock: bool = False,
) -> StudySession:
    """The learner's own session; another learner's id is simply not found."""
    statement = owned(StudySession, user).where(
        StudySession.id == session_id, StudySession.kind == kind
    )
    if lock:
        statement = statement.with_for_update()
    study = await session.scalar(statement)
    if study is None:
        raise NotFound(f"No such {KINDS[kind].noun}.")
    return study


def check(study: StudySession, version: int | None, *, finished_ok: bool = False) -> Stale | None:
    """None when a press may act on this session: it is running (or over, with
    `finished_ok`) and, given a button's `version`, the button is the current one."""
    status = status_of(study)
    allowed = status == "active" or (finished_ok and status == "finished")
    if not allowed or (version is not None and version != study.version):
        return Stale(kind_of(study), status)
    return None


async def load_for_press(
    session: AsyncSession,
    user: User,
    kind: StudyKindName,
    session_id: int,
    version: int | None,
    *,
    finished_ok: bool = False,
) -> StudySession | Stale:
    """The learner's session, locked, when a press at `version` may change it."""
    study = await load(session, user, kind, session_id, lock=True)
    return check(study, version, finished_ok=finished_ok) or study


def editable_payload(study: StudySession) -> dict[str, Any]:
    """A deep copy to change and hand to `save`: JSONB is saved when the attribute is set."""
    return copy.deepcopy(study.payload)


def save(study: StudySession, payload: dict[str, Any]) -> None:
    """Store the next step; buttons of the previous one turn stale."""
    study.payload = payload
    study.version += 1


def finish(study: StudySession, now: datetime) -> None:
    study.status = "finished"
    study.finished_at = now
    study.version += 1
    note_finished_session(object_session(study))


async def reopen(session: AsyncSession, user: User, study: StudySession, now: datetime) -> None:
    """Make a finished session the running one again (undo after the end)."""
    await abandon_active(session, user, kind_of(study), now, keep=study.id)
    study.status = "active"
    study.finished_at = None


async def set_message(
    session: AsyncSession,
    user: User,
    kind: StudyKindName,
    session_id: int,
    chat_id: int,
    message_id: int,
) -> None:
    """Remember the chat message the session lives in (known only after it was sent)."""
    study = await load(session, user, kind, session_id, lock=True)
    study.chat_id = chat_id
    study.message_id = message_id
    await session.flush()
