"""durable work: job outbox, webhook update leases, reminder send attempts, waiting work

Revision ID: a9c4e2d1b7f3
Revises: 4b7c9e2d1a30
Create Date: 2026-12-06 17:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "a9c4e2d1b7f3"
down_revision: str | None = "4b7c9e2d1a30"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_jobs",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("kwargs", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("job_id", sa.String(length=200), nullable=True),
        sa.Column("run_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_jobs")),
    )
    op.create_index(
        "ix_outbox_jobs_unsent",
        "outbox_jobs",
        ["created_at"],
        unique=False,
        postgresql_where=sa.text("sent_at IS NULL"),
    )
    op.add_column("telegram_updates", sa.Column("chat_id", sa.BigInteger(), nullable=True))
    op.add_column(
        "telegram_updates", sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("telegram_updates", sa.Column("claimed_by", sa.String(length=64), nullable=True))
    op.add_column(
        "telegram_updates",
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
    )
    op.create_index(
        "ix_telegram_updates_unprocessed",
        "telegram_updates",
        ["chat_id", "update_id"],
        unique=False,
        postgresql_where=sa.text("processed_at IS NULL"),
    )
    op.add_column(
        "reminder_deliveries", sa.Column("sending_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_index(
        "ix_conversation_turns_waiting",
        "conversation_turns",
        ["created_at"],
        unique=False,
        postgresql_where=sa.text("status IN ('pending', 'processing')"),
    )
    op.create_index(
        "ix_deck_words_enrichment_pending",
        "deck_words",
        ["updated_at"],
        unique=False,
        postgresql_where=sa.text("enrichment = 'pending'"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_deck_words_enrichment_pending",
        table_name="deck_words",
        postgresql_where=sa.text("enrichment = 'pending'"),
    )
    op.drop_index(
        "ix_conversation_turns_waiting",
        table_name="conversation_turns",
        postgresql_where=sa.text("status IN ('pending', 'processing')"),
    )
    op.drop_column("reminder_deliveries", "sending_at")
    op.drop_index(
        "ix_telegram_updates_unprocessed",
        table_name="telegram_updates",
        postgresql_where=sa.text("processed_at IS NULL"),
    )
    op.drop_column("telegram_updates", "attempts")
    op.drop_column("telegram_updates", "claimed_by")
    op.drop_column("telegram_updates", "claimed_at")
    op.drop_column("telegram_updates", "chat_id")
    op.drop_index(
        "ix_outbox_jobs_unsent",
        table_name="outbox_jobs",
        postgresql_where=sa.text("sent_at IS NULL"),
    )
    op.drop_table("outbox_jobs")
