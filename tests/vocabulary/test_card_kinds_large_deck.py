"""The setting switched on a large deck: every eligible word gets its card, in pages that
stay under PostgreSQL's bind-parameter limit, and switching off parks them all."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from core.db import Database
from core.models import Card, DeckWord
from core.vocabulary.card_choices import set_learner_card_kinds
from tests.quizzes.helpers import make_learner

WORDS = 4500  # 4,500 new cards x 8 columns: beyond 32,767 parameters in one statement


async def test_turning_plural_on_and_off_for_thousands_of_nouns(db: Database) -> None:
    async with db.unit_of_work() as session:
        user = await make_learner(session)
        await session.execute(
            insert(DeckWord),
            [
                {
                    "user_id": user.id,
                    "lemma": f"Ding{n}",
                    "lemma_key": f"ding{n}:noun",
                    "pos": "noun",
                    "gender": "n",
                    "plural": f"Dinge{n}",
                    "translations": ["thing"],
                    "source": "typed",
                    "tags": [],
                }
                for n in range(WORDS)
            ]
            + [
                {
                    "user_id": user.id,
                    "lemma": "Eltern",
                    "lemma_key": "eltern:noun",
                    "pos": "noun",
                    "gender": "pl",  # plural only: nothing to ask
                    "plural": "Eltern",
                    "translations": ["parents"],
                    "source": "typed",
                    "tags": [],
                }
            ],
        )
        await set_learner_card_kinds(session, user, ["plural"])

        def plural_cards(*conditions: object) -> object:
            return select(func.count()).where(
                Card.user_id == user.id, Card.kind == "plural", *conditions
            )

        assert await session.scalar(plural_cards()) == WORDS
        assert await session.scalar(plural_cards(Card.suspended_at.is_(None))) == WORDS
        await set_learner_card_kinds(session, user, [])
        assert await session.scalar(plural_cards(Card.suspended_reason == "off")) == WORDS
        await set_learner_card_kinds(session, user, ["plural"])
        assert await session.scalar(plural_cards(Card.suspended_at.is_(None))) == WORDS
