from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, Integer, String, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base


class TelegramUpdate(Base):
    """A webhook delivery, stored before it is acknowledged; the key deduplicates retries.

    Processing claims it with a lease (claimed_at/claimed_by, attempts counted); an update
    whose claimant died is taken again once the lease expired, by any API replica."""

    __tablename__ = "telegram_updates"
    __table_args__ = (
        Index(
            "ix_telegram_updates_unprocessed",
            "chat_id",
            "update_id",
            postgresql_where=text("processed_at IS NULL"),
        ),
    )

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    # Updates of one chat are processed in update_id order; None for updates without a chat.
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0", nullable=False)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(String(500))
