from __future__ import annotations

import uuid
from datetime import datetime, time

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Time,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from core.german import BEGINNER_LEVEL, CEFR_LEVELS
from core.models.base import Base, CreatedAt, Timestamps

# Exactly the SQL text of the migration's constraint: 'A1','A2',... without spaces.
_CEFR_LEVELS_SQL = ",".join(f"'{level}'" for level in CEFR_LEVELS)


class User(Timestamps, Base):
    """A learner; reachable by web credentials, by Telegram, or both."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"cefr_level IN ({_CEFR_LEVELS_SQL})", name="cefr_level"),
        CheckConstraint("daily_goal BETWEEN 10 AND 100", name="daily_goal"),
        CheckConstraint("desired_retention BETWEEN 0.7 AND 0.99", name="desired_retention"),
        CheckConstraint("new_cards_per_day BETWEEN 0 AND 500", name="new_cards_per_day"),
        Index(
            "ix_users_next_reminder_at",
            "next_reminder_at",
            postgresql_where=text("reminders_enabled AND telegram_chat_id IS NOT NULL"),
        ),
        Index(
            "ix_users_next_nudge_at",
            "next_nudge_at",
            postgresql_where=text("streak_nudge_enabled AND telegram_chat_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80), default="", nullable=False)
    cefr_level: Mapped[str] = mapped_column(String(2), default=BEGINNER_LEVEL, nullable=False)
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Berlin", nullable=False)
    # XP per local day (core.progress.goal).
    daily_goal: Mapped[int] = mapped_column(Integer, default=20, nullable=False)
    reminder_time: Mapped[time] = mapped_column(Time, default=time(19, 0), nullable=False)
    reminders_enabled: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    reminders_disabled_reason: Mapped[str | None] = mapped_column(String(200))
    desired_retention: Mapped[float] = mapped_column(Float, default=0.9, nullable=False)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    telegram_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    telegram_username: Mapped[str | None] = mapped_column(String(64))
    language_code: Mapped[str | None] = mapped_column(String(16))
    onboarded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    new_cards_per_day: Mapped[int] = mapped_column(
        Integer, default=20, server_default=text("20"), nullable=False
    )
    # When the next daily reminder is due (UTC), kept in step with time zone and reminder
    # time, so the sweep is one index range scan instead of time-zone math on every learner.
    next_reminder_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fsrs_parameters: Mapped[list[float] | None] = mapped_column(ARRAY(Float))
    # The evening streak nudge (opt-in) and when it is next decided (UTC), like the reminder.
    streak_nudge_enabled: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false"), nullable=False
    )
    next_nudge_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RefreshToken(CreatedAt, Base):
    """An opaque refresh token, stored hashed; rotation keeps a family to detect reuse."""

    __tablename__ = "refresh_tokens"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    family_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True, nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LinkCode(CreatedAt, Base):
    """A one-time code joining a Telegram identity and web credentials (stored hashed)."""

    __tablename__ = "link_codes"
    __table_args__ = (CheckConstraint("purpose IN ('telegram', 'web')", name="purpose"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    purpose: Mapped[str] = mapped_column(String(16), nullable=False)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
