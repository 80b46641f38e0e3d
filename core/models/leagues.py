"""Weekly leagues: one group of at most 30 learners of one tier per week, and who was in it.

PostgreSQL is the source of truth (the XP itself is in the ledger); the live ranking in Redis
(core.leagues.boards) is rebuilt from these rows and the ledger whenever it is missing."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base, CreatedAt


class LeagueGroup(CreatedAt, Base):
    """One competition: learners of one tier and similar activity, for one ISO week."""

    __tablename__ = "league_groups"
    __table_args__ = (
        CheckConstraint("tier BETWEEN 0 AND 9", name="tier"),
        CheckConstraint("member_count BETWEEN 0 AND 30", name="member_count"),
        # Joining looks for the first group of (week, tier, band) with a free seat.
        Index(
            "ix_league_groups_open_seats",
            "week_starts_on",
            "tier",
            "activity_band",
            "id",
            postgresql_where=text("member_count < 30"),
        ),
        # The week-end cron looks for groups of past weeks that are still open.
        Index(
            "ix_league_groups_unclosed",
            "week_starts_on",
            postgresql_where=text("closed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    week_starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    tier: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    activity_band: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    member_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LeagueMembership(CreatedAt, Base):
    """A learner in a group for one week; the final standing is written when the week closes."""

    __tablename__ = "league_memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "week_starts_on"),
        CheckConstraint("tier BETWEEN 0 AND 9", name="tier"),
        CheckConstraint("next_tier BETWEEN 0 AND 9", name="next_tier"),
        CheckConstraint("result IN ('promoted', 'stayed', 'demoted', 'left')", name="result"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("league_groups.id", ondelete="CASCADE"), index=True, nullable=False
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    week_starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    tier: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    final_xp: Mapped[int | None] = mapped_column(Integer)
    final_rank: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str | None] = mapped_column(String(8))
    next_tier: Mapped[int | None] = mapped_column(SmallInteger)
