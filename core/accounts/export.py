"""Everything stored about a learner, as one JSON document (GET /users/me/export, /mydata).

The tables are found generically: every table with a `user_id` column is exported (so a
table added later is exported without touching this module), plus the items of the
learner's word lists, which are owned through their list. Secrets are left out: the
password hash, and the refresh tokens and link codes (hashes of credentials, not learning
data). Rows are read in one transaction; the JSON is encoded in a thread."""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.models import Base, User, WordList, WordListItem

FORMAT_VERSION = 1
SECRET_TABLES = frozenset({"refresh_tokens", "link_codes"})
SECRET_COLUMNS = frozenset({"password_hash"})


def learner_tables() -> list[Table]:
    """Every table of per-learner rows (those with a `user_id` column), in a stable order."""
    return [t for t in Base.metadata.sorted_tables if "user_id" in t.columns]


def _row(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in SECRET_COLUMNS}


async def collect_learner_data(session: AsyncSession, user: User) -> dict[str, Any]:
    """The learner's profile and rows of every learner table, as plain values."""
    users = Base.metadata.tables["users"]
    profile = (await session.execute(select(users).where(users.c.id == user.id))).mappings().one()
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in learner_tables():
        if table.name in SECRET_TABLES:
            continue
        statement = select(table).where(table.c.user_id == user.id)
        if "id" in table.columns:
            statement = statement.order_by(table.c.id)
        rows = (await session.execute(statement)).mappings().all()
        tables[table.name] = [_row(table, dict(row)) for row in rows]
    items = Base.metadata.tables[WordListItem.__tablename__]
    list_items = (
        await session.execute(
            select(items)
            .join(WordList, WordList.id == items.c.list_id)
            .where(WordList.user_id == user.id)
        )
    ).mappings()
    tables[items.name] = [dict(row) for row in list_items]
    return {
        "format": "german-tutor export",
        "version": FORMAT_VERSION,
        "exported_at": utcnow(),
        "profile": _row(users, dict(profile)),
        "tables": tables,
    }


def _plain(value: object) -> object:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot export {type(value).__name__}")


def encode(data: dict[str, Any]) -> bytes:
    return json.dumps(data, default=_plain, ensure_ascii=False, indent=1).encode()


async def export_learner(session: AsyncSession, user: User) -> bytes:
    """The learner's data as UTF-8 JSON (encoded off the event loop)."""
    data = await collect_learner_data(session, user)
    return await asyncio.to_thread(encode, data)


def export_filename(user: User) -> str:
    return f"german-tutor-{user.id}-{utcnow():%Y-%m-%d}.json"


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    filename: str


async def export_file(session: AsyncSession, user: User) -> ExportFile:
    """The export with its file name (the bot sends it as a document)."""
    return ExportFile(await export_learner(session, user), export_filename(user))
