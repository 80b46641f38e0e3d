"""Idempotent upserts of content by stable keys; entries that left the files are retired."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, literal_column, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.models.content import Retirable


@dataclass
class UpsertCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0

    def __str__(self) -> str:
        return f"{self.inserted} new, {self.updated} updated, {self.unchanged} unchanged" + (
            f", {self.retired} retired" if self.retired else ""
        )


@dataclass
class LoadReport:
    counts: dict[str, UpsertCounts] = field(default_factory=dict)

    def __str__(self) -> str:
        return "; ".join(f"{name}: {counts}" for name, counts in self.counts.items())

    @property
    def changed(self) -> bool:
        return any(c.inserted or c.updated or c.retired for c in self.counts.values())


async def upsert(
    session: AsyncSession,
    model: type[Any],
    rows: Sequence[dict[str, Any]],
    key: Sequence[str] = ("slug",),
    chunk_size: int = 500,
) -> UpsertCounts:
    """Insert new rows, update rows whose values differ, leave identical rows untouched
    (so `updated_at` only moves when content really changed). Un-retires returning rows."""
    counts = UpsertCounts()
    table = model.__table__
    for start in range(0, len(rows), chunk_size):
        chunk = [{**row, "retired_at": None} for row in rows[start : start + chunk_size]]
        statement = insert(table).values(chunk)
        columns = [c for c in chunk[0] if c not in key]
        changed = or_(*(table.c[c].is_distinct_from(statement.excluded[c]) for c in columns))
        upserting: Any = statement.on_conflict_do_update(
            index_elements=[table.c[k] for k in key],
            set_={**{c: statement.excluded[c] for c in columns}, "updated_at": utcnow()},
            where=changed,
        ).returning(literal_column("xmax = 0").label("inserted"))
        results = (await session.execute(upserting)).scalars().all()
        counts.inserted += sum(1 for r in results if r)
        counts.updated += sum(1 for r in results if not r)
        counts.unchanged += len(chunk) - len(results)
    return counts


async def retire_missing(
    session: AsyncSession,
    model: type[Retirable],
    keep: Sequence[tuple[Any, ...]],
    key: Sequence[str],
    *,
    only: ColumnElement[bool] | None = None,
) -> int:
    """Mark rows whose key is not in `keep` as retired (never delete: progress points at them).
    `only` limits it to the rows the files own (not exercises Claude wrote, say)."""
    table = model.__table__  # type: ignore[attr-defined]
    key_columns = tuple_(*(table.c[k] for k in key))
    statement = update(table).where(table.c.retired_at.is_(None)).values(retired_at=utcnow())
    if only is not None:
        statement = statement.where(only)
    if keep:
        statement = statement.where(key_columns.not_in(keep))
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


async def id_by_slug(session: AsyncSession, model: type[Any]) -> dict[str, int]:
    rows = await session.execute(select(model.slug, model.id))
    return {slug: id_ for slug, id_ in rows.all()}
