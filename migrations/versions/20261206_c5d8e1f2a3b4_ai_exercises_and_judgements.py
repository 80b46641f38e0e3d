"""AI-made exercises (source, the generation that wrote them, its rejections) and Claude's
verdicts on free answers, cached per exercise and normalised answer

Revision ID: c5d8e1f2a3b4
Revises: c3d8f1a2b4e6
Create Date: 2026-12-06 19:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "c5d8e1f2a3b4"
down_revision: str | None = "c3d8f1a2b4e6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "exercise_generations",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("topic_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("level", sa.String(length=2), nullable=False),
        sa.Column("trigger", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("proposed", sa.Integer(), nullable=False),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column(
            "rejections",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="[]",
            nullable=False,
        ),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('requested', 'done', 'offline', 'quota', 'failed')",
            name=op.f("ck_exercise_generations_status"),
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["grammar_topics.id"],
            name=op.f("fk_exercise_generations_topic_id_grammar_topics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_exercise_generations_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercise_generations")),
    )
    op.create_index(
        "ix_exercise_generations_topic_id_created_at",
        "exercise_generations",
        ["topic_id", "created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_exercise_generations_user_id"), "exercise_generations", ["user_id"], unique=False
    )
    op.add_column(
        "exercises",
        sa.Column("source", sa.String(length=8), server_default="file", nullable=False),
    )
    op.add_column("exercises", sa.Column("generation_id", sa.BigInteger(), nullable=True))
    op.create_index(
        op.f("ix_exercises_generation_id"), "exercises", ["generation_id"], unique=False
    )
    op.create_table(
        "answer_judgements",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("exercise_id", sa.BigInteger(), nullable=False),
        sa.Column("answer_key", sa.Text(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("model", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["exercise_id"],
            ["exercises.id"],
            name=op.f("fk_answer_judgements_exercise_id_exercises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_judgements")),
        sa.UniqueConstraint(
            "exercise_id", "answer_key", name=op.f("uq_answer_judgements_exercise_id_answer_key")
        ),
    )


def downgrade() -> None:
    op.drop_table("answer_judgements")
    op.drop_index(op.f("ix_exercises_generation_id"), table_name="exercises")
    op.drop_column("exercises", "generation_id")
    op.drop_column("exercises", "source")
    op.drop_index(op.f("ix_exercise_generations_user_id"), table_name="exercise_generations")
    op.drop_index("ix_exercise_generations_topic_id_created_at", table_name="exercise_generations")
    op.drop_table("exercise_generations")
