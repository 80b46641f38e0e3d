"""Webhook updates from Telegram: stored and deduplicated by update_id before they are
acknowledged, marked processed (with the error, if any) afterwards."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.db import Database
from core.models import TelegramUpdate


async def store_update(session: AsyncSession, update_id: int, payload: dict[str, Any]) -> bool:
    """Store the update; False when this update_id was stored before (a Telegram resend)."""
    inserted = await session.scalar(
        insert(TelegramUpdate)
        .values(update_id=update_id, payload=payload)
        .on_conflict_do_nothing(index_elements=[TelegramUpdate.update_id])
        .returning(TelegramUpdate.update_id)
    )
    return inserted is not None


async def mark_processed(db: Database, update_id: int, error: str | None) -> None:
    """Runs after the bot handled the update, outside the request: its own transaction."""
    async with db.unit_of_work() as session:
        await session.execute(
            update(TelegramUpdate)
            .where(TelegramUpdate.update_id == update_id)
            .values(processed_at=utcnow(), error=error)
        )
