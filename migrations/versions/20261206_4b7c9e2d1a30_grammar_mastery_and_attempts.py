"""grammar mastery and attempts; grammar and placement study sessions

Revision ID: 4b7c9e2d1a30
Revises: d332412c47fe
Create Date: 2026-12-06 17:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4b7c9e2d1a30"
down_revision: str | None = "d332412c47fe"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = "kind IN ('review', 'quiz', 'articles')"
NEW_KINDS = "kind IN ('review', 'quiz', 'articles', 'grammar', 'placement')"


def upgrade() -> None:
    op.drop_constraint(op.f("ck_study_sessions_kind"), "study_sessions", type_="check")
    op.create_check_constraint(op.f("ck_study_sessions_kind"), "study_sessions", NEW_KINDS)
    op.create_table(
        "grammar_mastery",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("topic_id", sa.BigInteger(), nullable=False),
        sa.Column("phase", sa.SmallInteger(), nullable=False),
        sa.Column("step", sa.SmallInteger(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_review_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["grammar_topics.id"],
            name=op.f("fk_grammar_mastery_topic_id_grammar_topics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_grammar_mastery_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grammar_mastery")),
        sa.UniqueConstraint(
            "user_id", "topic_id", name=op.f("uq_grammar_mastery_user_id_topic_id")
        ),
    )
    op.create_index(
        op.f("ix_grammar_mastery_topic_id"), "grammar_mastery", ["topic_id"], unique=False
    )
    op.create_index(
        "ix_grammar_mastery_user_id_due_at", "grammar_mastery", ["user_id", "due_at"], unique=False
    )
    op.create_table(
        "grammar_attempts",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("exercise_id", sa.BigInteger(), nullable=False),
        sa.Column("topic_id", sa.BigInteger(), nullable=False),
        sa.Column("study_session_id", sa.BigInteger(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(length=8), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("claimed", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "verdict IN ('correct', 'typo', 'wrong')", name=op.f("ck_grammar_attempts_verdict")
        ),
        sa.ForeignKeyConstraint(
            ["exercise_id"],
            ["exercises.id"],
            name=op.f("fk_grammar_attempts_exercise_id_exercises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["study_session_id"],
            ["study_sessions.id"],
            name=op.f("fk_grammar_attempts_study_session_id_study_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["grammar_topics.id"],
            name=op.f("fk_grammar_attempts_topic_id_grammar_topics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_grammar_attempts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grammar_attempts")),
    )
    op.create_index(
        op.f("ix_grammar_attempts_exercise_id"), "grammar_attempts", ["exercise_id"], unique=False
    )
    op.create_index(
        op.f("ix_grammar_attempts_study_session_id"),
        "grammar_attempts",
        ["study_session_id"],
        unique=False,
    )
    op.create_index(
        "ix_grammar_attempts_user_id_created_at",
        "grammar_attempts",
        ["user_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_grammar_attempts_user_id_topic_id",
        "grammar_attempts",
        ["user_id", "topic_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("grammar_attempts")
    op.drop_table("grammar_mastery")
    op.execute("DELETE FROM study_sessions WHERE kind IN ('grammar', 'placement')")
    op.drop_constraint(op.f("ck_study_sessions_kind"), "study_sessions", type_="check")
    op.create_check_constraint(op.f("ck_study_sessions_kind"), "study_sessions", OLD_KINDS)
