"""Learning content loaded from seeds/ by stable slugs. Rows are never deleted by a reload:
an entry removed from the files is retired, so learners' progress on it is kept."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base, CreatedAt, Timestamps


class Retirable:
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class VocabularyItem(Timestamps, Retirable, Base):
    __tablename__ = "vocabulary_items"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    lemma: Mapped[str] = mapped_column(String(120), nullable=False)
    pos: Mapped[str] = mapped_column(String(16), nullable=False)
    translations: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    example_de: Mapped[str] = mapped_column(Text, nullable=False)
    example_en: Mapped[str] = mapped_column(Text, nullable=False)
    level: Mapped[str] = mapped_column(String(2), index=True, nullable=False)
    frequency_rank: Mapped[int | None] = mapped_column(Integer)
    topics: Mapped[list[str]] = mapped_column(ARRAY(String(32)), nullable=False)
    gender: Mapped[str | None] = mapped_column(String(2))
    plural: Mapped[str | None] = mapped_column(String(120))
    genitive: Mapped[str | None] = mapped_column(String(120))
    verb_forms: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    comparative: Mapped[str | None] = mapped_column(String(120))
    superlative: Mapped[str | None] = mapped_column(String(120))
    # fold()ed lemma and translations, for umlaut-insensitive search ("schon" finds "schön").
    search_text: Mapped[str] = mapped_column(
        Text, default="", server_default=text("''"), nullable=False
    )


class GrammarTopic(Timestamps, Retirable, Base):
    __tablename__ = "grammar_topics"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    level: Mapped[str] = mapped_column(String(2), index=True, nullable=False)
    category: Mapped[str] = mapped_column(String(32), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    explanation: Mapped[str] = mapped_column(Text, nullable=False)
    examples: Mapped[list[dict[str, str]]] = mapped_column(JSONB, nullable=False)
    common_mistakes: Mapped[list[dict[str, str]]] = mapped_column(JSONB, nullable=False)
    prerequisites: Mapped[list[str]] = mapped_column(ARRAY(String(80)), nullable=False)


class Exercise(Timestamps, Retirable, Base):
    __tablename__ = "exercises"
    __table_args__ = (UniqueConstraint("topic_id", "slug"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("grammar_topics.id", ondelete="CASCADE"), index=True, nullable=False
    )
    slug: Mapped[str] = mapped_column(String(80), nullable=False)
    kind: Mapped[str] = mapped_column(String(24), nullable=False)
    instruction: Mapped[str] = mapped_column(Text, nullable=False)
    prompt: Mapped[str] = mapped_column(Text, nullable=False)
    options: Mapped[list[str] | None] = mapped_column(JSONB)
    tokens: Mapped[list[str] | None] = mapped_column(JSONB)
    answer: Mapped[str] = mapped_column(Text, nullable=False)
    accepted_answers: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    explanation: Mapped[str] = mapped_column(Text, nullable=False)
    difficulty: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    source: Mapped[str] = mapped_column(
        String(8), default="file", server_default="file", nullable=False
    )
    """"file": from seeds/content; "ai": written by Claude and passed every content check."""
    generation_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    """The exercise_generations row that wrote it (no foreign key: content outlives the log,
    and emptying the log must never cascade into the exercises)."""


class ExerciseGeneration(CreatedAt, Base):
    """One request to Claude for new exercises of a topic: what came back, what was stored,
    and each rejected exercise with the reason (the same checks as the content files)."""

    __tablename__ = "exercise_generations"
    __table_args__ = (
        CheckConstraint(
            "status IN ('requested', 'done', 'offline', 'quota', 'failed')", name="status"
        ),
        Index("ix_exercise_generations_topic_id_created_at", "topic_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("grammar_topics.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    level: Mapped[str] = mapped_column(String(2), nullable=False)
    trigger: Mapped[str] = mapped_column(String(12), nullable=False)
    status: Mapped[str] = mapped_column(String(12), default="requested", nullable=False)
    proposed: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    stored: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    rejected: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    rejections: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, default=list, server_default="[]", nullable=False
    )
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AnswerJudgement(CreatedAt, Base):
    """Claude's verdict on a free answer the bank does not know, kept per exercise and
    normalised answer: the same answer is never judged (nor paid for) twice."""

    __tablename__ = "answer_judgements"
    __table_args__ = (UniqueConstraint("exercise_id", "answer_key"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    exercise_id: Mapped[int] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), nullable=False
    )
    answer_key: Mapped[str] = mapped_column(Text, nullable=False)
    accepted: Mapped[bool] = mapped_column(Boolean, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    model: Mapped[str] = mapped_column(String(64), nullable=False)


class Scenario(Timestamps, Retirable, Base):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    title_de: Mapped[str] = mapped_column(String(200), nullable=False)
    category: Mapped[str] = mapped_column(String(24), nullable=False)
    level_min: Mapped[str] = mapped_column(String(2), nullable=False)
    level_max: Mapped[str] = mapped_column(String(2), nullable=False)
    tutor_role: Mapped[str] = mapped_column(Text, nullable=False)
    learner_goal: Mapped[str] = mapped_column(Text, nullable=False)
    opening_line: Mapped[str] = mapped_column(Text, nullable=False)
    key_vocabulary: Mapped[list[str]] = mapped_column(ARRAY(String(80)), nullable=False)
    turns: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)
    closing_line: Mapped[str] = mapped_column(Text, nullable=False)


class Achievement(Timestamps, Retirable, Base):
    __tablename__ = "achievements"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    tier: Mapped[str] = mapped_column(String(16), nullable=False)
    category: Mapped[str] = mapped_column(String(24), nullable=False)
    criterion_kind: Mapped[str] = mapped_column(String(40), nullable=False)
    threshold: Mapped[int] = mapped_column(Integer, nullable=False)
