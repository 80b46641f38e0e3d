"""Streaks: one row per closed local day of a learner, and the learner's running streak."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base, CreatedAt, Timestamps


class ProgressDay(CreatedAt, Base):
    """A learner's local day, written once when it has ended (core.progress.closing).

    `starts_at`/`ends_at` are the UTC bounds the day covered: each day starts where the one
    before ended, so a change of time zone or a DST switch never counts an hour twice or
    loses one (a day can be longer, shorter or even empty). `xp` is the ledger's sum over
    those bounds; `outcome` is what the day did to the streak."""

    __tablename__ = "progress_days"
    __table_args__ = (
        CheckConstraint("outcome IN ('met', 'skipped', 'frozen', 'broken')", name="outcome"),
        CheckConstraint("ends_at >= starts_at", name="bounds"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    local_on: Mapped[date] = mapped_column(Date, primary_key=True)
    time_zone: Mapped[str] = mapped_column(String(64), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    xp: Mapped[int] = mapped_column(Integer, nullable=False)
    goal: Mapped[int] = mapped_column(Integer, nullable=False)
    goal_met: Mapped[bool] = mapped_column(Boolean, nullable=False)
    anything_due: Mapped[bool] = mapped_column(Boolean, nullable=False)
    outcome: Mapped[str] = mapped_column(String(8), nullable=False)
    streak_after: Mapped[int] = mapped_column(Integer, nullable=False)
    freezes_after: Mapped[int] = mapped_column(Integer, nullable=False)


class Streak(Timestamps, Base):
    """The streak after the last closed day (`through_on`), kept so reads are one row.
    Always equal to replaying the learner's progress_days (tests/progress check it)."""

    __tablename__ = "streaks"
    __table_args__ = (
        CheckConstraint("freezes BETWEEN 0 AND 2", name="freezes"),
        CheckConstraint("current >= 0 AND longest >= current", name="lengths"),
    )

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    current: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    longest: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    freezes: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    through_on: Mapped[date] = mapped_column(Date, nullable=False)
    through_ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # The local day on which the learner was last told "daily goal reached" (told once a day).
    goal_announced_on: Mapped[date | None] = mapped_column(Date)
