"""Conversations with the tutor, their turns, the learner's error log, AI usage and XP."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base, CreatedAt, Timestamps


class Conversation(Timestamps, Base):
    __tablename__ = "conversations"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'ended')", name="status"),
        CheckConstraint("mode IN ('auto', 'offline')", name="mode"),
        Index("ix_conversations_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    scenario_id: Mapped[int | None] = mapped_column(ForeignKey("scenarios.id"))
    # A scene the learner wrote (LearnerScene); deleting the scene keeps the conversation.
    learner_scene_id: Mapped[int | None] = mapped_column(
        ForeignKey("learner_scenes.id", ondelete="SET NULL"), index=True
    )
    level: Mapped[str] = mapped_column(String(2), nullable=False)
    # "auto": Claude when configured and within the daily limit; "offline": always offline.
    mode: Mapped[str] = mapped_column(String(8), default="auto", nullable=False)
    status: Mapped[str] = mapped_column(String(8), default="active", nullable=False)
    script_step: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    summary: Mapped[str] = mapped_column(Text, default="", nullable=False)
    summary_turns: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # Set when the conversation happens in Telegram: replies are sent to this chat.
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    report: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class LearnerScene(Timestamps, Base):
    """A scene a learner wrote for themselves: private to them, played like a shared one.
    Its texts are the learner's words and reach the AI only as delimited data."""

    __tablename__ = "learner_scenes"
    __table_args__ = (
        CheckConstraint("level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')", name="level"),
        Index("ix_learner_scenes_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    title: Mapped[str] = mapped_column(String(80), nullable=False)
    setting: Mapped[str] = mapped_column(String(500), nullable=False)
    tutor_role: Mapped[str] = mapped_column(String(300), nullable=False)
    learner_goal: Mapped[str] = mapped_column(String(300), nullable=False)
    level: Mapped[str] = mapped_column(String(2), nullable=False)
    key_words: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list, nullable=False)


class ConversationTurn(CreatedAt, Base):
    """A learner message (stored before any AI call) or a tutor reply."""

    __tablename__ = "conversation_turns"
    __table_args__ = (
        UniqueConstraint("conversation_id", "position"),
        CheckConstraint("role IN ('learner', 'tutor')", name="role"),
        CheckConstraint(
            "status IN ('pending', 'processing', 'answered', 'failed', 'done')", name="status"
        ),
        # The stale-work sweep (core.stale_work) looks for messages still waiting.
        Index(
            "ix_conversation_turns_waiting",
            "created_at",
            postgresql_where=text("status IN ('pending', 'processing')"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True, nullable=False
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    role: Mapped[str] = mapped_column(String(8), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    # Learner turns: pending → processing → answered (or failed, retryable). Tutor: done.
    status: Mapped[str] = mapped_column(String(10), nullable=False)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reply_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversation_turns.id", ondelete="CASCADE")
    )
    corrections: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list, nullable=False)
    new_words: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list, nullable=False)
    level_estimate: Mapped[str | None] = mapped_column(String(2))
    tutor: Mapped[str | None] = mapped_column(String(8))
    error: Mapped[str | None] = mapped_column(String(300))
    chat_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # Learner turns: what the checks of the AI's German withheld or fixed in the answer to
    # this message, counted by reason (core.tutor.vetting), e.g. {"contradicted": 1}.
    vetting: Mapped[dict[str, int]] = mapped_column(
        JSONB, default=dict, server_default="{}", nullable=False
    )


class LearnerError(CreatedAt, Base):
    """The learner's error log: every correction, by category and grammar topic."""

    __tablename__ = "learner_errors"
    __table_args__ = (Index("ix_learner_errors_user_id_category", "user_id", "category"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    turn_id: Mapped[int] = mapped_column(
        ForeignKey("conversation_turns.id", ondelete="CASCADE"), index=True, nullable=False
    )
    category: Mapped[str] = mapped_column(String(20), nullable=False)
    topic_slug: Mapped[str | None] = mapped_column(String(80))
    original: Mapped[str] = mapped_column(Text, nullable=False)
    corrected: Mapped[str] = mapped_column(Text, nullable=False)
    explanation: Mapped[str] = mapped_column(Text, nullable=False)


class AiUsage(CreatedAt, Base):
    """Tokens of every AI call, so cost per learner and per turn can be reported."""

    __tablename__ = "ai_usage"
    __table_args__ = (Index("ix_ai_usage_user_id_created_at", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    turn_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversation_turns.id", ondelete="SET NULL")
    )
    purpose: Mapped[str] = mapped_column(String(16), nullable=False)
    model: Mapped[str] = mapped_column(String(64), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    input_tokens: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    output_tokens: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    cache_read_tokens: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    cache_write_tokens: Mapped[int] = mapped_column(Integer, default=0, nullable=False)


class XpEntry(CreatedAt, Base):
    """XP is a ledger: every award is a row with its reason; totals are sums."""

    __tablename__ = "xp_ledger"
    __table_args__ = (
        UniqueConstraint("user_id", "reason", "source_id"),
        Index("ix_xp_ledger_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    amount: Mapped[int] = mapped_column(Integer, nullable=False)
    reason: Mapped[str] = mapped_column(String(32), nullable=False)
    source_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
