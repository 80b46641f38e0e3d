"""progress_days.told_at: a frozen day's notice is claimed before it is sent

Revision ID: e4f6a8b0c2d4
Revises: c3e8a1f40b27
Create Date: 2026-12-06 19:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e4f6a8b0c2d4"
down_revision: str | None = "c3e8a1f40b27"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("progress_days", sa.Column("told_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("progress_days", "told_at")
