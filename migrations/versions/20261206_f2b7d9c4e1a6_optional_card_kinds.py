"""optional card kinds: typed plural and verb forms, on per learner and per word

Revision ID: f2b7d9c4e1a6
Revises: b8d4f0e2a6c3
Create Date: 2026-12-06 22:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "f2b7d9c4e1a6"
down_revision: str | None = "b8d4f0e2a6c3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = "ARRAY['plural', 'verb_forms']::varchar[]"
OLD_CARD_KINDS = "kind IN ('recognition', 'recall', 'article')"
NEW_CARD_KINDS = "kind IN ('recognition', 'recall', 'article', 'plural', 'verb_forms')"


def _kinds_column(name: str) -> sa.Column[list[str]]:
    return sa.Column(
        name, postgresql.ARRAY(sa.String(length=12)), server_default=sa.text("'{}'"), nullable=False
    )


def upgrade() -> None:
    op.add_column("users", _kinds_column("card_kinds"))
    op.create_check_constraint(op.f("ck_users_card_kinds"), "users", f"card_kinds <@ {KINDS}")
    for column in ("card_kinds_on", "card_kinds_off"):
        op.add_column("deck_words", _kinds_column(column))
        op.create_check_constraint(
            op.f(f"ck_deck_words_{column}"), "deck_words", f"{column} <@ {KINDS}"
        )
    op.drop_constraint(op.f("ck_cards_kind"), "cards", type_="check")
    op.create_check_constraint(op.f("ck_cards_kind"), "cards", NEW_CARD_KINDS)


def downgrade() -> None:
    # The optional cards (and their review log, by cascade) go with the kinds.
    op.execute("DELETE FROM cards WHERE kind IN ('plural', 'verb_forms')")
    op.drop_constraint(op.f("ck_cards_kind"), "cards", type_="check")
    op.create_check_constraint(op.f("ck_cards_kind"), "cards", OLD_CARD_KINDS)
    for column in ("card_kinds_off", "card_kinds_on"):
        op.drop_constraint(op.f(f"ck_deck_words_{column}"), "deck_words", type_="check")
        op.drop_column("deck_words", column)
    op.drop_constraint(op.f("ck_users_card_kinds"), "users", type_="check")
    op.drop_column("users", "card_kinds")
