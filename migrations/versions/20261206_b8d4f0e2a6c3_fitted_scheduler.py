"""fitted scheduler: when and on how many reviews a learner's FSRS parameters were fitted

Revision ID: b8d4f0e2a6c3
Revises: a7c3e9d1f5b2
Create Date: 2026-12-06 21:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b8d4f0e2a6c3"
down_revision: str | None = "a7c3e9d1f5b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("fsrs_fitted_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("users", sa.Column("fsrs_fitted_reviews", sa.Integer(), nullable=True))
    op.add_column("users", sa.Column("fsrs_checked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "fsrs_checked_at")
    op.drop_column("users", "fsrs_fitted_reviews")
    op.drop_column("users", "fsrs_fitted_at")
