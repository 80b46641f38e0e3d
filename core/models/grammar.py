"""A learner's grammar: an FSRS card per practised topic, and every answer they gave."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base, CreatedAt, Timestamps


class GrammarMastery(Timestamps, Base):
    """A topic the learner has practised, scheduled like a vocabulary card: `rated_on` is the
    learner's local day of the last rating, because only the first session a day counts."""

    __tablename__ = "grammar_mastery"
    __table_args__ = (
        UniqueConstraint("user_id", "topic_id"),
        Index("ix_grammar_mastery_user_id_due_at", "user_id", "due_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("grammar_topics.id", ondelete="CASCADE"), index=True, nullable=False
    )
    phase: Mapped[int] = mapped_column(SmallInteger, default=0, nullable=False)
    step: Mapped[int | None] = mapped_column(SmallInteger)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    last_review_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reps: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    lapses: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    rated_on: Mapped[date | None] = mapped_column(Date)


class GrammarAttempt(CreatedAt, Base):
    """One answer to one exercise. `claimed`: the learner said "I was right" about an answer
    the checker rejected; it counts as right and waits here for someone to review it."""

    __tablename__ = "grammar_attempts"
    __table_args__ = (
        CheckConstraint("verdict IN ('correct', 'typo', 'wrong')", name="verdict"),
        Index("ix_grammar_attempts_user_id_created_at", "user_id", "created_at"),
        Index("ix_grammar_attempts_user_id_topic_id", "user_id", "topic_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    exercise_id: Mapped[int] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), index=True, nullable=False
    )
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("grammar_topics.id", ondelete="CASCADE"), nullable=False
    )
    study_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("study_sessions.id", ondelete="SET NULL"), index=True
    )
    answer: Mapped[str] = mapped_column(Text, nullable=False)
    verdict: Mapped[str] = mapped_column(String(8), nullable=False)
    correct: Mapped[bool] = mapped_column(Boolean, nullable=False)
    claimed: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false(), nullable=False
    )
