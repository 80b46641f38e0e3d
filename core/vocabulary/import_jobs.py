"""Large deck imports run as a job; small ones at once.

A file of more than LARGE_IMPORT_ROWS rows (or Anki notes) is checked at once (a file that
cannot be used is refused then, nothing stored), then stored as a DeckImport and imported by
the `run_deck_import` job: in ONE transaction, so it lands whole or not at all (a retry after
a crash starts over from the stored file). Progress (rows done) is written in separate short
transactions as the import goes, for GET /vocabulary/deck/imports/{id} and the bot's
"Importing… 2,000/5,000" message. When done, the report is stored and the file dropped.

An import the job will never finish (its job lost with Redis, a worker killed past its
tries) must not look "running" forever: a pending or running import with no write for
STALLED_AFTER (longer than a job may run, so no live try is still at it) is marked failed
with IMPORT_STALLED, on the next read of its status and by the worker at start and every
minute (`fail_stalled_imports`). One started from the bot has its "Importing…" message
turned into the failure by the `show_failed_import` job, asked for in the same transaction.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.models import DeckImport, User
from core.outbox import request_job
from core.ownership import get_owned
from core.vocabulary import import_apkg, import_csv
from core.vocabulary.import_csv import PreparedRow, Progress, import_rows
from core.vocabulary.schemas import ImportReport

LARGE_IMPORT_ROWS = 1_000
MAX_FILE_NAME_CHARS = 200
IMPORT_TIMEOUT_SECONDS = 1_800  # one try of the job
MAX_IMPORT_TRIES = 3  # a worker stopped mid-import: the next try starts over from the file
# Each try writes as it starts (claim) and every 500 rows, so a live try never goes this long
# without a write; the margin covers a retry waiting in the queue.
STALLED_AFTER = timedelta(seconds=IMPORT_TIMEOUT_SECONDS) + timedelta(minutes=10)
IMPORT_STALLED = (
    "The import stopped before it finished (nothing was imported); please send the file again."
)


class DeckImportView(BaseModel):
    id: int
    file_name: str
    status: Literal["pending", "running", "done", "failed"]
    total: int = Field(description="Rows (or Anki notes) in the file.")
    done: int = Field(description="Rows imported so far (all of them once done).")
    report: ImportReport | None = Field(description="What was added, merged and rejected.")
    error: str | None
    created_at: datetime


def read_deck_file(data: bytes) -> list[PreparedRow]:
    """Blocking: a CSV file's or an Anki package's rows, checked (raises for unusable files)."""
    if data[:4] == import_apkg.ZIP_MAGIC:
        return import_apkg.read_apkg(data)
    return import_csv.read_csv_rows(data)


def import_view(deck_import: DeckImport) -> DeckImportView:
    return DeckImportView(
        id=deck_import.id,
        file_name=deck_import.file_name,
        status=deck_import.status,
        total=deck_import.total,
        done=deck_import.done,
        report=ImportReport.model_validate(deck_import.report) if deck_import.report else None,
        error=deck_import.error,
        created_at=deck_import.created_at,
    )


async def begin_import(
    session: AsyncSession,
    user: User,
    data: bytes,
    file_name: str,
    *,
    chat_id: int | None = None,
    message_id: int | None = None,
) -> ImportReport | DeckImportView:
    """Import a small file now (its report), or store a large one for the job (its import)."""
    prepared = await asyncio.to_thread(read_deck_file, data)
    if len(prepared) <= LARGE_IMPORT_ROWS:
        return await import_rows(session, user, prepared)
    deck_import = DeckImport(
        user_id=user.id,
        file_name=file_name[:MAX_FILE_NAME_CHARS] or "deck",
        data=data,
        status="pending",
        total=len(prepared),
        done=0,
        chat_id=chat_id,
        message_id=message_id,
    )
    session.add(deck_import)
    await session.flush()
    await session.refresh(deck_import)
    request_job(
        session, "run_deck_import", job_id=f"deck-import:{deck_import.id}", import_id=deck_import.id
    )
    return import_view(deck_import)


def _stalled(now: datetime) -> Any:
    return DeckImport.status.in_(("pending", "running")) & (
        DeckImport.updated_at < now - STALLED_AFTER
    )


async def get_import(
    session: AsyncSession, user: User, import_id: int, *, now: datetime | None = None
) -> DeckImportView:
    """The import's status; one that stalled is marked failed first (see the module)."""
    deck_import = await get_owned(session, DeckImport, import_id, user, missing="No such import.")
    now = now or utcnow()
    if deck_import.status in ("pending", "running") and deck_import.updated_at < (
        now - STALLED_AFTER
    ):
        await fail_import(session, import_id, IMPORT_STALLED)
        await session.refresh(deck_import)
        _show_failure(session, deck_import.id, deck_import.chat_id, deck_import.message_id)
    return import_view(deck_import)


def _show_failure(
    session: AsyncSession, import_id: int, chat_id: int | None, message_id: int | None
) -> None:
    """Ask for the bot's "Importing…" message of a stalled import to say it failed."""
    if chat_id is not None and message_id is not None:
        request_job(
            session,
            "show_failed_import",
            job_id=f"deck-import-failed:{import_id}",
            import_id=import_id,
        )


async def fail_stalled_imports(session: AsyncSession, now: datetime | None = None) -> list[int]:
    """Mark every stalled import failed (the worker's start and its minute sweep); their ids."""
    failed = (
        await session.execute(
            update(DeckImport)
            .where(_stalled(now or utcnow()))
            .values(status="failed", error=IMPORT_STALLED, data=None)
            .returning(DeckImport.id, DeckImport.chat_id, DeckImport.message_id)
        )
    ).all()
    for import_id, chat_id, message_id in failed:
        _show_failure(session, import_id, chat_id, message_id)
    return [import_id for import_id, _, _ in failed]


@dataclass(frozen=True)
class FailedImport:
    chat_id: int
    message_id: int
    error: str


async def failed_import(session: AsyncSession, import_id: int) -> FailedImport | None:
    """Where a failed import started from the bot shows its failure (None: not so)."""
    deck_import = await session.get(DeckImport, import_id)
    if (
        deck_import is None
        or deck_import.status != "failed"
        or deck_import.chat_id is None
        or deck_import.message_id is None
    ):
        return None
    return FailedImport(
        deck_import.chat_id, deck_import.message_id, deck_import.error or IMPORT_STALLED
    )


@dataclass(frozen=True)
class ClaimedImport:
    data: bytes
    file_name: str
    total: int
    chat_id: int | None
    message_id: int | None


async def claim_import(session: AsyncSession, import_id: int) -> ClaimedImport | None:
    """The job's first step: the import to run (None when it is done or failed already)."""
    deck_import = await session.get(DeckImport, import_id, with_for_update=True)
    if deck_import is None or deck_import.status in ("done", "failed") or deck_import.data is None:
        return None
    deck_import.status = "running"
    deck_import.done = 0
    return ClaimedImport(
        deck_import.data,
        deck_import.file_name,
        deck_import.total,
        deck_import.chat_id,
        deck_import.message_id,
    )


async def record_progress(session: AsyncSession, import_id: int, done: int) -> None:
    await session.execute(update(DeckImport).where(DeckImport.id == import_id).values(done=done))


async def run_import(
    session: AsyncSession, import_id: int, prepared: list[PreparedRow], progress: Progress
) -> ImportReport | None:
    """The whole import in the caller's one transaction; the import row ends done with its
    report (None when another run finished it meanwhile)."""
    # No row lock: the progress steps update this row from their own transactions meanwhile.
    deck_import = await session.get(DeckImport, import_id)
    if deck_import is None or deck_import.status != "running":
        return None
    user = await session.get(User, deck_import.user_id)
    assert user is not None  # the import is deleted with its learner
    report = await import_rows(session, user, prepared, progress)
    deck_import.status = "done"
    deck_import.done = deck_import.total
    deck_import.report = report.model_dump(mode="json")
    deck_import.data = None
    return report


async def fail_import(session: AsyncSession, import_id: int, error: str) -> None:
    values: dict[str, Any] = {"status": "failed", "error": error, "data": None}
    await session.execute(update(DeckImport).where(DeckImport.id == import_id).values(**values))
