"""weekly leagues: groups, memberships; display names for boards, leaving the leagues

Revision ID: c3d8f1a2b4e6
Revises: c3d5f7a9b1e2
Create Date: 2026-12-06 19:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c3d8f1a2b4e6"
down_revision: str | None = "c3d5f7a9b1e2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A random 1000..9999 per learner: "Learner 4821" on boards (PostgreSQL's own spelling).
PSEUDONYM_DEFAULT_SQL = (
    "(((1000)::double precision + floor((random() * (9000)::double precision))))::smallint"
)


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column(
            "display_name_chosen", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
    )
    op.add_column(
        "users",
        sa.Column(
            "pseudonym_number",
            sa.SmallInteger(),
            server_default=sa.text(PSEUDONYM_DEFAULT_SQL),
            nullable=False,
        ),
    )
    op.add_column("users", sa.Column("leagues_left_at", sa.DateTime(timezone=True), nullable=True))
    op.create_check_constraint(
        op.f("ck_users_pseudonym_number"), "users", "pseudonym_number BETWEEN 1000 AND 9999"
    )
    op.create_table(
        "league_groups",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("week_starts_on", sa.Date(), nullable=False),
        sa.Column("tier", sa.SmallInteger(), nullable=False),
        sa.Column("activity_band", sa.SmallInteger(), nullable=False),
        sa.Column("member_count", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("tier BETWEEN 0 AND 9", name=op.f("ck_league_groups_tier")),
        sa.CheckConstraint(
            "member_count BETWEEN 0 AND 30", name=op.f("ck_league_groups_member_count")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_league_groups")),
    )
    op.create_index(
        "ix_league_groups_open_seats",
        "league_groups",
        ["week_starts_on", "tier", "activity_band", "id"],
        unique=False,
        postgresql_where=sa.text("member_count < 30"),
    )
    op.create_index(
        "ix_league_groups_unclosed",
        "league_groups",
        ["week_starts_on"],
        unique=False,
        postgresql_where=sa.text("closed_at IS NULL"),
    )
    op.create_table(
        "league_memberships",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("group_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("week_starts_on", sa.Date(), nullable=False),
        sa.Column("tier", sa.SmallInteger(), nullable=False),
        sa.Column("final_xp", sa.Integer(), nullable=True),
        sa.Column("final_rank", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(length=8), nullable=True),
        sa.Column("next_tier", sa.SmallInteger(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("tier BETWEEN 0 AND 9", name=op.f("ck_league_memberships_tier")),
        sa.CheckConstraint(
            "next_tier BETWEEN 0 AND 9", name=op.f("ck_league_memberships_next_tier")
        ),
        sa.CheckConstraint(
            "result IN ('promoted', 'stayed', 'demoted', 'left')",
            name=op.f("ck_league_memberships_result"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["league_groups.id"],
            name=op.f("fk_league_memberships_group_id_league_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_league_memberships_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_league_memberships")),
        sa.UniqueConstraint(
            "user_id", "week_starts_on", name=op.f("uq_league_memberships_user_id_week_starts_on")
        ),
    )
    op.create_index(
        op.f("ix_league_memberships_group_id"), "league_memberships", ["group_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_league_memberships_group_id"), table_name="league_memberships")
    op.drop_table("league_memberships")
    op.drop_index(
        "ix_league_groups_unclosed",
        table_name="league_groups",
        postgresql_where=sa.text("closed_at IS NULL"),
    )
    op.drop_index(
        "ix_league_groups_open_seats",
        table_name="league_groups",
        postgresql_where=sa.text("member_count < 30"),
    )
    op.drop_table("league_groups")
    op.drop_constraint(op.f("ck_users_pseudonym_number"), "users", type_="check")
    op.drop_column("users", "leagues_left_at")
    op.drop_column("users", "pseudonym_number")
    op.drop_column("users", "display_name_chosen")
