"""learner scenes: scenes a learner writes for themselves, played in conversations; the
scene form as a study-session kind (its answers are typed)

Revision ID: d7a3c9e1f5b8
Revises: d7e3c1a9f5b2
Create Date: 2026-12-06 20:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "d7a3c9e1f5b8"
down_revision: str | None = "d7e3c1a9f5b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "learner_scenes",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("setting", sa.String(length=500), nullable=False),
        sa.Column("tutor_role", sa.String(length=300), nullable=False),
        sa.Column("learner_goal", sa.String(length=300), nullable=False),
        sa.Column("level", sa.String(length=2), nullable=False),
        sa.Column("key_words", postgresql.ARRAY(sa.String(length=40)), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')", name=op.f("ck_learner_scenes_level")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_learner_scenes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learner_scenes")),
    )
    op.create_index(
        "ix_learner_scenes_user_id_created_at", "learner_scenes", ["user_id", "created_at"]
    )
    op.add_column("conversations", sa.Column("learner_scene_id", sa.BigInteger(), nullable=True))
    op.create_index(
        op.f("ix_conversations_learner_scene_id"), "conversations", ["learner_scene_id"]
    )
    op.create_foreign_key(
        op.f("fk_conversations_learner_scene_id_learner_scenes"),
        "conversations",
        "learner_scenes",
        ["learner_scene_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.drop_constraint(op.f("ck_study_sessions_kind"), "study_sessions", type_="check")
    op.create_check_constraint(
        op.f("ck_study_sessions_kind"),
        "study_sessions",
        "kind IN ('review', 'quiz', 'articles', 'grammar', 'placement', 'deck_text', 'scene')",
    )


def downgrade() -> None:
    op.execute("DELETE FROM study_sessions WHERE kind = 'scene'")
    op.drop_constraint(op.f("ck_study_sessions_kind"), "study_sessions", type_="check")
    op.create_check_constraint(
        op.f("ck_study_sessions_kind"),
        "study_sessions",
        "kind IN ('review', 'quiz', 'articles', 'grammar', 'placement', 'deck_text')",
    )
    op.drop_constraint(
        op.f("fk_conversations_learner_scene_id_learner_scenes"),
        "conversations",
        type_="foreignkey",
    )
    op.drop_index(op.f("ix_conversations_learner_scene_id"), table_name="conversations")
    op.drop_column("conversations", "learner_scene_id")
    op.drop_index("ix_learner_scenes_user_id_created_at", table_name="learner_scenes")
    op.drop_table("learner_scenes")
