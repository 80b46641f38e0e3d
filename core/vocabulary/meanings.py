"""The learner names what a typed word means ("Fernweh" = "wanderlust")."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import Invalid, NotFound
from core.german_text import fold, split_article
from core.models import DeckWord, User
from core.ownership import mine
from core.vocabulary.deck import deck_word_view
from core.vocabulary.schemas import DeckWordView


async def set_translation(
    session: AsyncSession, user: User, german: str, translations: Sequence[str]
) -> DeckWordView:
    """Give a typed word in the deck its meaning; catalogue words already have theirs."""
    _, bare = split_article(german)
    key = fold(bare)
    word = await session.scalar(
        select(DeckWord).where(
            mine(DeckWord, user), DeckWord.lemma_key.like(f"{key.replace('%', '')}:%")
        )
    )
    if word is None:
        raise NotFound(f"“{bare[:80]}” is not in your deck; add it first with /add.")
    if word.vocabulary_item_id is not None:
        raise Invalid("That word comes from the catalogue and already has its meaning.")
    word.translations = [t[:200] for t in translations[:5]]
    word.enrichment = "done"
    await session.flush()
    return await deck_word_view(session, user, word)
