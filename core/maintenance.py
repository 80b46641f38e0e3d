"""Housekeeping that keeps tables small; safe to run any number of times."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import CursorResult, delete
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.models import DeckImport, LinkCode, RefreshToken, TelegramUpdate


async def purge_expired(session: AsyncSession, keep_days: int = 7) -> dict[str, int]:
    cutoff = utcnow() - timedelta(days=keep_days)
    statements = {
        "refresh_tokens": delete(RefreshToken).where(RefreshToken.expires_at < cutoff),
        "link_codes": delete(LinkCode).where(LinkCode.expires_at < cutoff),
        "telegram_updates": delete(TelegramUpdate).where(TelegramUpdate.received_at < cutoff),
        # Large imports a week after their last change: reports read long ago, and the stored
        # file of one whose job never finished (the learner was told nothing was imported).
        "deck_imports": delete(DeckImport).where(DeckImport.updated_at < cutoff),
    }
    counts: dict[str, int] = {}
    for name, statement in statements.items():
        result = await session.execute(statement)
        counts[name] = result.rowcount if isinstance(result, CursorResult) else 0
    return counts
