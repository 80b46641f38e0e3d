"""A large import whose job died (Redis lost, a worker killed past its tries) does not stay
"running" forever: past the bound it is marked failed with a reason, on the next status read
and when a worker starts; an import still making progress is left alone."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
from sqlalchemy import select

from core.clock import utcnow
from core.db import Database
from core.models import DeckImport
from core.settings import Settings
from core.vocabulary.import_jobs import IMPORT_STALLED, STALLED_AFTER
from tests.helpers.learners import register_learner
from tests.helpers.worker import run_queued_jobs

IMPORTS = "/api/v1/vocabulary/deck/imports"


async def _import(db: Database, user_id: int, name: str, status: str, at: datetime) -> int:
    async with db.unit_of_work() as session:
        row = DeckImport(
            user_id=user_id,
            file_name=name,
            data=b"german\nHund\n",
            status=status,
            total=2_000,
            done=500 if status == "running" else 0,
            updated_at=at,
        )
        session.add(row)
        await session.flush()
        return row.id


async def test_a_stalled_import_fails_on_its_status_read_and_at_worker_start(
    api: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    anna = await register_learner(api)
    past_bound = utcnow() - STALLED_AFTER - timedelta(minutes=1)
    crashed = await _import(db, anna.id, "crashed.csv", "running", past_bound)
    never_started = await _import(db, anna.id, "lost.csv", "pending", past_bound)
    live = await _import(db, anna.id, "live.csv", "running", utcnow() - timedelta(minutes=5))

    read = await anna.get(f"{IMPORTS}/{crashed}")
    assert read.status_code == 200, read.text
    body = read.json()
    assert (body["status"], body["error"]) == ("failed", IMPORT_STALLED)
    assert "nothing was imported" in body["error"] and body["report"] is None
    assert (await anna.get(f"{IMPORTS}/{live}")).json()["status"] == "running"

    await run_queued_jobs(settings)  # a worker starting finds the one nobody asked about
    async with db.sessionmaker() as session:
        rows = {
            row.file_name: (row.status, row.error, row.data)
            for row in await session.scalars(
                select(DeckImport).where(DeckImport.user_id == anna.id)
            )
        }
    assert rows == {
        "crashed.csv": ("failed", IMPORT_STALLED, None),
        "lost.csv": ("failed", IMPORT_STALLED, None),
        "live.csv": ("running", None, b"german\nHund\n"),
    }
    assert (await anna.get(f"{IMPORTS}/{never_started}")).json()["status"] == "failed"
