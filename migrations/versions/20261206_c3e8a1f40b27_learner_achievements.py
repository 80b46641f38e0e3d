"""learner achievements: one unlock per learner and achievement

Revision ID: c3e8a1f40b27
Revises: c5d8e1f2a3b4
Create Date: 2026-12-06 19:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c3e8a1f40b27"
down_revision: str | None = "c5d8e1f2a3b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "learner_achievements",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("achievement_id", sa.BigInteger(), nullable=False),
        sa.Column("unlocked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["achievement_id"],
            ["achievements.id"],
            name=op.f("fk_learner_achievements_achievement_id_achievements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_learner_achievements_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learner_achievements")),
        sa.UniqueConstraint(
            "user_id", "achievement_id", name=op.f("uq_learner_achievements_user_id_achievement_id")
        ),
    )
    op.create_index(
        op.f("ix_learner_achievements_achievement_id"),
        "learner_achievements",
        ["achievement_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_learner_achievements_achievement_id"), table_name="learner_achievements")
    op.drop_table("learner_achievements")
