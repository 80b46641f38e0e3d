"""A learner's deck: words, their FSRS cards, the full review log, lists and study sessions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from core.models.accounts import OPTIONAL_CARD_KINDS_SQL
from core.models.base import Base, CreatedAt, Timestamps


class DeckWord(Timestamps, Base):
    """A word in a learner's deck: a catalogue entry, or a word they typed (custom fields)."""

    __tablename__ = "deck_words"
    __table_args__ = (
        UniqueConstraint("user_id", "lemma_key"),
        CheckConstraint("enrichment IN ('none', 'pending', 'done', 'failed')", name="enrichment"),
        CheckConstraint(f"card_kinds_on <@ {OPTIONAL_CARD_KINDS_SQL}", name="card_kinds_on"),
        CheckConstraint(f"card_kinds_off <@ {OPTIONAL_CARD_KINDS_SQL}", name="card_kinds_off"),
        # The stale-work sweep (core.stale_work) looks for words still waiting.
        Index(
            "ix_deck_words_enrichment_pending",
            "updated_at",
            postgresql_where=text("enrichment = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    vocabulary_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("vocabulary_items.id"), index=True
    )
    lemma: Mapped[str] = mapped_column(String(120), nullable=False)
    lemma_key: Mapped[str] = mapped_column(String(140), nullable=False)
    pos: Mapped[str] = mapped_column(String(16), nullable=False)
    gender: Mapped[str | None] = mapped_column(String(2))
    plural: Mapped[str | None] = mapped_column(String(120))
    translations: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list, nullable=False)
    example_de: Mapped[str | None] = mapped_column(Text)
    example_en: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), nullable=False)
    enrichment: Mapped[str] = mapped_column(String(8), default="none", nullable=False)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list, nullable=False)
    suspended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The optional card kinds (core.vocabulary.card_kinds) the learner turned on or off for
    # this word itself; a kind in neither follows their setting (users.card_kinds).
    card_kinds_on: Mapped[list[str]] = mapped_column(
        ARRAY(String(12)), default=list, server_default=text("'{}'"), nullable=False
    )
    card_kinds_off: Mapped[list[str]] = mapped_column(
        ARRAY(String(12)), default=list, server_default=text("'{}'"), nullable=False
    )


class Card(CreatedAt, Base):
    """One FSRS card: a word asked one way (recognition, recall, article, or the optional
    typed plural and verb forms). A card of an optional kind that was turned off is kept,
    suspended with the reason "off", so turning it on again resumes its schedule."""

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("deck_word_id", "kind"),
        CheckConstraint(
            "kind IN ('recognition', 'recall', 'article', 'plural', 'verb_forms')", name="kind"
        ),
        Index(
            "ix_cards_user_id_due_at_active",
            "user_id",
            "due_at",
            postgresql_where=text("suspended_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    deck_word_id: Mapped[int] = mapped_column(
        ForeignKey("deck_words.id", ondelete="CASCADE"), index=True, nullable=False
    )
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    phase: Mapped[int] = mapped_column(SmallInteger, default=0, nullable=False)
    step: Mapped[int | None] = mapped_column(SmallInteger)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    last_review_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reps: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    lapses: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    suspended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    suspended_reason: Mapped[str | None] = mapped_column(String(16))


class ReviewLog(Base):
    """Every review, with the memory state before and after, so FSRS can be fitted later."""

    __tablename__ = "review_logs"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 4", name="rating"),
        Index("ix_review_logs_user_id_reviewed_at", "user_id", "reviewed_at"),
        Index("ix_review_logs_card_id_reviewed_at", "card_id", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), nullable=False)
    rating: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    memory_before: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    memory_after: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    source: Mapped[str] = mapped_column(String(12), nullable=False)
    answer: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(8))
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DeletedDeckWord(Base):
    """A word the learner deleted, kept whole (word, cards, review log, list places) so that
    Undo puts it back with its scheduling, under the same ids. Kept for a week."""

    __tablename__ = "deleted_deck_words"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    deck_word_id: Mapped[int] = mapped_column(BigInteger, index=True, nullable=False)
    lemma: Mapped[str] = mapped_column(String(120), nullable=False)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    deleted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class WordList(CreatedAt, Base):
    __tablename__ = "word_lists"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    name: Mapped[str] = mapped_column(String(80), nullable=False)


class WordListItem(CreatedAt, Base):
    __tablename__ = "word_list_items"

    list_id: Mapped[int] = mapped_column(
        ForeignKey("word_lists.id", ondelete="CASCADE"), primary_key=True
    )
    deck_word_id: Mapped[int] = mapped_column(
        ForeignKey("deck_words.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class StudySession(Timestamps, Base):
    """A review, quiz, article drill, grammar drill or placement test in progress; lives
    here, not in process memory, so it survives restarts and works across replicas.
    `version` guards against double presses."""

    __tablename__ = "study_sessions"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('review', 'quiz', 'articles', 'grammar', 'placement', 'deck_text', 'scene')",
            name="kind",
        ),
        CheckConstraint("status IN ('active', 'finished', 'abandoned')", name="status"),
        Index(
            "ix_study_sessions_user_id_kind_active",
            "user_id",
            "kind",
            unique=True,
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    status: Mapped[str] = mapped_column(String(10), default="active", nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    version: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReminderDelivery(Timestamps, Base):
    """At most one reminder of each kind per learner and local day: the unique key makes it
    so. Kinds: "daily" (the daily reminder) and "nudge" (the evening streak nudge)."""

    __tablename__ = "reminder_deliveries"
    __table_args__ = (
        UniqueConstraint("user_id", "local_on", "kind"),
        CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'blocked', 'failed')", name="status"
        ),
        CheckConstraint("kind IN ('daily', 'nudge')", name="kind"),
        Index(
            "ix_reminder_deliveries_unsent",
            "status",
            "updated_at",
            postgresql_where=text("status IN ('pending', 'sending')"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    local_on: Mapped[date] = mapped_column(Date, nullable=False)
    kind: Mapped[str] = mapped_column(
        String(8), default="daily", server_default=text("'daily'"), nullable=False
    )
    due_count: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(8), default="pending", nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    last_error: Mapped[str | None] = mapped_column(String(300))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the current attempt (`attempts`) handed the message to Telegram: from then on it
    # may have been delivered even if nobody recorded it (see core.reminders.deliveries).
    sending_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Claims go stale by PostgreSQL's now() (one clock for every worker that sweeps them,
    # core.reminders.deliveries), so the database writes this column too.
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


class DeckImport(Timestamps, Base):
    """A large deck file imported by a job: the file until it is done, progress, the report."""

    __tablename__ = "deck_imports"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'running', 'done', 'failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    file_name: Mapped[str] = mapped_column(String(200), nullable=False)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(8), default="pending", nullable=False)
    total: Mapped[int] = mapped_column(Integer, nullable=False)
    done: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
