from __future__ import annotations

import secrets
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
    SmallInteger,
    String,
    Time,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from core.card_kinds import OPTIONAL_CARD_KINDS
from core.german import BEGINNER_LEVEL, CEFR_LEVELS
from core.models.base import Base, CreatedAt, Timestamps

PSEUDONYM_DEFAULT_SQL = (
    "(((1000)::double precision + floor((random() * (9000)::double precision))))::smallint"
)


def _random_pseudonym_number() -> int:
    return 1000 + secrets.randbelow(9000)


# Exactly the SQL text of the migration's constraint: 'A1','A2',... without spaces.
_CEFR_LEVELS_SQL = ",".join(f"'{level}'" for level in CEFR_LEVELS)
OPTIONAL_CARD_KINDS_SQL = (
    "ARRAY[" + ", ".join(f"'{kind}'" for kind in OPTIONAL_CARD_KINDS) + "]::varchar[]"
)


class User(Timestamps, Base):
    """A learner; reachable by web credentials, by Telegram, or both."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"cefr_level IN ({_CEFR_LEVELS_SQL})", name="cefr_level"),
        CheckConstraint("daily_goal BETWEEN 10 AND 100", name="daily_goal"),
        CheckConstraint("desired_retention BETWEEN 0.7 AND 0.99", name="desired_retention"),
        CheckConstraint("new_cards_per_day BETWEEN 0 AND 500", name="new_cards_per_day"),
        CheckConstraint("pseudonym_number BETWEEN 1000 AND 9999", name="pseudonym_number"),
        CheckConstraint(f"card_kinds <@ {OPTIONAL_CARD_KINDS_SQL}", name="card_kinds"),
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
    # When fsrs_parameters were fitted to the learner's log, and on how many reviews
    # (core.reviews.fitting); when the weekly fit last looked at the learner.
    fsrs_fitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fsrs_fitted_reviews: Mapped[int | None] = mapped_column(Integer)
    fsrs_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The evening streak nudge (opt-in) and when it is next decided (UTC), like the reminder.
    streak_nudge_enabled: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false"), nullable=False
    )
    next_nudge_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Boards (core.leagues) show display_name only once the learner chose it themselves
    # (/name, PATCH /users/me, or at registration); the default taken from an email address
    # or a Telegram profile is never shown to others. Until then: "Learner <pseudonym_number>",
    # a random number that says nothing about the learner.
    display_name_chosen: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false"), nullable=False
    )
    pseudonym_number: Mapped[int] = mapped_column(
        SmallInteger,
        default=_random_pseudonym_number,
        # PostgreSQL's own spelling of (1000 + floor(random() * 9000))::smallint, so that
        # the migrations test compares it as text (a volatile default never equals itself).
        server_default=text(PSEUDONYM_DEFAULT_SQL),
        nullable=False,
    )
    # The optional card kinds on for the learner's words (core.vocabulary.card_kinds):
    # "plural", "verb_forms"; none by default. A word can say otherwise (deck_words).
    card_kinds: Mapped[list[str]] = mapped_column(
        ARRAY(String(12)), default=list, server_default=text("'{}'"), nullable=False
    )
    # Set while the learner has left the weekly leagues: in no group and on no board.
    leagues_left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


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
    """A one-time code (stored hashed): joining a Telegram identity and web credentials, or
    ('password') resetting a forgotten password, sent to the linked Telegram chat."""

    __tablename__ = "link_codes"
    __table_args__ = (
        CheckConstraint("purpose IN ('telegram', 'web', 'password')", name="purpose"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    purpose: Mapped[str] = mapped_column(String(16), nullable=False)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
