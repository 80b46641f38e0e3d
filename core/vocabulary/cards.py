"""A deck word's cards: which kinds it gets, creating them, and the names of their phases."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.german import SINGULAR_GENDERS
from core.models import Card, DeckWord
from core.reviews.scheduling import Phase


def card_kinds(pos: str, gender: str | None) -> list[str]:
    """Every word is asked both ways; nouns with a singular article also get an article card."""
    kinds = ["recognition", "recall"]
    if pos == "noun" and gender in SINGULAR_GENDERS:
        kinds.append("article")
    return kinds


async def ensure_cards(session: AsyncSession, word: DeckWord) -> None:
    """Create the word's missing cards (idempotent)."""
    now = utcnow()
    for kind in card_kinds(word.pos, word.gender):
        await session.execute(
            insert(Card)
            .values(
                user_id=word.user_id,
                deck_word_id=word.id,
                kind=kind,
                phase=int(Phase.NEW),
                step=0,
                due_at=now,
            )
            .on_conflict_do_nothing(index_elements=[Card.deck_word_id, Card.kind])
        )
