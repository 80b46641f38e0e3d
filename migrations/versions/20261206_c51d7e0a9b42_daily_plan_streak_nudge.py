"""daily plan: the evening streak nudge (a setting, its schedule) and a kind per delivery

Revision ID: c51d7e0a9b42
Revises: c5e8a1f4b2d9
Create Date: 2026-12-06 19:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c51d7e0a9b42"
down_revision: str | None = "c5e8a1f4b2d9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column(
            "streak_nudge_enabled", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
    )
    op.add_column("users", sa.Column("next_nudge_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_users_next_nudge_at",
        "users",
        ["next_nudge_at"],
        unique=False,
        postgresql_where=sa.text("streak_nudge_enabled AND telegram_chat_id IS NOT NULL"),
    )
    op.add_column(
        "reminder_deliveries",
        sa.Column("kind", sa.String(length=8), server_default=sa.text("'daily'"), nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_reminder_deliveries_kind"), "reminder_deliveries", "kind IN ('daily', 'nudge')"
    )
    op.drop_constraint(
        op.f("uq_reminder_deliveries_user_id_local_on"), "reminder_deliveries", type_="unique"
    )
    op.create_unique_constraint(
        op.f("uq_reminder_deliveries_user_id_local_on_kind"),
        "reminder_deliveries",
        ["user_id", "local_on", "kind"],
    )


def downgrade() -> None:
    op.execute("DELETE FROM reminder_deliveries WHERE kind <> 'daily'")
    op.drop_constraint(
        op.f("uq_reminder_deliveries_user_id_local_on_kind"), "reminder_deliveries", type_="unique"
    )
    op.create_unique_constraint(
        op.f("uq_reminder_deliveries_user_id_local_on"),
        "reminder_deliveries",
        ["user_id", "local_on"],
    )
    op.drop_constraint(op.f("ck_reminder_deliveries_kind"), "reminder_deliveries", type_="check")
    op.drop_column("reminder_deliveries", "kind")
    op.drop_index(
        "ix_users_next_nudge_at",
        table_name="users",
        postgresql_where=sa.text("streak_nudge_enabled AND telegram_chat_id IS NOT NULL"),
    )
    op.drop_column("users", "next_nudge_at")
    op.drop_column("users", "streak_nudge_enabled")
