"""A learner's unlocked achievements: one row per (learner, achievement), ever."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base


class LearnerAchievement(Base):
    """Unlocked at `unlocked_at`; `notified_at` is when the Telegram notice was claimed for
    sending (None: not told, e.g. a learner without Telegram). The unique key is what makes two
    workers evaluating the same learner at once unlock, and so notify, exactly once."""

    __tablename__ = "learner_achievements"
    __table_args__ = (UniqueConstraint("user_id", "achievement_id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    achievement_id: Mapped[int] = mapped_column(
        ForeignKey("achievements.id", ondelete="CASCADE"), index=True, nullable=False
    )
    unlocked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
