"""progress: closed local days and streaks; the daily goal counts XP instead of reviews

Revision ID: c3d5f7a9b1e2
Revises: a9c4e2d1b7f3
Create Date: 2026-12-06 19:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c3d5f7a9b1e2"
down_revision: str | None = "a9c4e2d1b7f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A review pays 2 XP (core.progress.xp.XP_AMOUNTS), so a goal of N reviews becomes 2N XP,
# clamped to the goals now allowed (10..100 XP).
REVIEW_XP = 2


def upgrade() -> None:
    op.create_table(
        "progress_days",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("local_on", sa.Date(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("xp", sa.Integer(), nullable=False),
        sa.Column("goal", sa.Integer(), nullable=False),
        sa.Column("goal_met", sa.Boolean(), nullable=False),
        sa.Column("anything_due", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("streak_after", sa.Integer(), nullable=False),
        sa.Column("freezes_after", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "outcome IN ('met', 'skipped', 'frozen', 'broken')",
            name=op.f("ck_progress_days_outcome"),
        ),
        sa.CheckConstraint("ends_at >= starts_at", name=op.f("ck_progress_days_bounds")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_progress_days_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "local_on", name=op.f("pk_progress_days")),
    )
    op.create_table(
        "streaks",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("current", sa.Integer(), nullable=False),
        sa.Column("longest", sa.Integer(), nullable=False),
        sa.Column("freezes", sa.Integer(), nullable=False),
        sa.Column("through_on", sa.Date(), nullable=False),
        sa.Column("through_ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("goal_announced_on", sa.Date(), nullable=True),
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
        sa.CheckConstraint("freezes BETWEEN 0 AND 2", name=op.f("ck_streaks_freezes")),
        sa.CheckConstraint("current >= 0 AND longest >= current", name=op.f("ck_streaks_lengths")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_streaks_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_streaks")),
    )
    op.drop_constraint(op.f("ck_users_daily_goal"), "users", type_="check")
    op.execute(f"UPDATE users SET daily_goal = LEAST(GREATEST(daily_goal * {REVIEW_XP}, 10), 100)")
    op.create_check_constraint(
        op.f("ck_users_daily_goal"), "users", "daily_goal BETWEEN 10 AND 100"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_users_daily_goal"), "users", type_="check")
    op.execute(f"UPDATE users SET daily_goal = GREATEST(daily_goal / {REVIEW_XP}, 1)")
    op.create_check_constraint(op.f("ck_users_daily_goal"), "users", "daily_goal BETWEEN 1 AND 500")
    op.drop_table("streaks")
    op.drop_table("progress_days")
