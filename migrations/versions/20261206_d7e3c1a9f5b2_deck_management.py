"""deck management: a study-session kind for the deck's typed values, and deleted words kept
for Undo

Revision ID: d7e3c1a9f5b2
Revises: d7a1c3e5f9b1
Create Date: 2026-12-06 20:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "d7e3c1a9f5b2"
down_revision: str | None = "d7a1c3e5f9b1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = "kind IN ('review', 'quiz', 'articles', 'grammar', 'placement')"
NEW_KINDS = "kind IN ('review', 'quiz', 'articles', 'grammar', 'placement', 'deck_text')"


def upgrade() -> None:
    op.drop_constraint(op.f("ck_study_sessions_kind"), "study_sessions", type_="check")
    op.create_check_constraint(op.f("ck_study_sessions_kind"), "study_sessions", NEW_KINDS)
    op.create_table(
        "deleted_deck_words",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("deck_word_id", sa.BigInteger(), nullable=False),
        sa.Column("lemma", sa.String(length=120), nullable=False),
        sa.Column("snapshot", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_deleted_deck_words_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deleted_deck_words")),
    )
    op.create_index(
        op.f("ix_deleted_deck_words_user_id"), "deleted_deck_words", ["user_id"], unique=False
    )
    op.create_index(
        op.f("ix_deleted_deck_words_deck_word_id"),
        "deleted_deck_words",
        ["deck_word_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("deleted_deck_words")
    op.execute("DELETE FROM study_sessions WHERE kind = 'deck_text'")
    op.drop_constraint(op.f("ck_study_sessions_kind"), "study_sessions", type_="check")
    op.create_check_constraint(op.f("ck_study_sessions_kind"), "study_sessions", OLD_KINDS)
