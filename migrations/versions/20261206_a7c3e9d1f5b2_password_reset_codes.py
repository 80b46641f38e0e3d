"""password reset codes: link_codes gets the purpose 'password' (sent to the linked chat)

Revision ID: a7c3e9d1f5b2
Revises: d7a3c9e1f5b8
Create Date: 2026-12-06 21:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a7c3e9d1f5b2"
down_revision: str | None = "d7a3c9e1f5b8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_constraint(op.f("ck_link_codes_purpose"), "link_codes", type_="check")
    op.create_check_constraint(
        op.f("ck_link_codes_purpose"), "link_codes", "purpose IN ('telegram', 'web', 'password')"
    )


def downgrade() -> None:
    op.execute("DELETE FROM link_codes WHERE purpose = 'password'")
    op.drop_constraint(op.f("ck_link_codes_purpose"), "link_codes", type_="check")
    op.create_check_constraint(
        op.f("ck_link_codes_purpose"), "link_codes", "purpose IN ('telegram', 'web')"
    )
