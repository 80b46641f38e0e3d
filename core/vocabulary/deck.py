"""A learner's deck: read its words with their cards, list and filter them, edit, remove."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.errors import Invalid
from core.german import article_of
from core.german_text import fold
from core.models import Card, DeckWord, User, VocabularyItem, WordListItem
from core.ownership import get_owned, owned
from core.reviews.scheduling import PHASE_NAMES
from core.vocabulary.lists import get_word_list
from core.vocabulary.paging import page_bounds
from core.vocabulary.schemas import CardSummary, DeckWordUpdate, DeckWordView, Page


async def get_deck_word(session: AsyncSession, user: User, deck_word_id: int) -> DeckWord:
    """Only the learner's own words; another learner's id is simply not found."""
    return await get_owned(
        session, DeckWord, deck_word_id, user, missing="No such word in your deck."
    )


async def deck_word_views(
    session: AsyncSession, user: User, words: Sequence[DeckWord]
) -> list[DeckWordView]:
    ids = [w.id for w in words]
    if not ids:
        return []
    cards = (
        await session.scalars(
            select(Card).where(Card.deck_word_id.in_(ids)).order_by(Card.deck_word_id, Card.id)
        )
    ).all()
    memberships = (
        await session.execute(
            select(WordListItem.deck_word_id, WordListItem.list_id).where(
                WordListItem.deck_word_id.in_(ids)
            )
        )
    ).all()
    item_ids = [w.vocabulary_item_id for w in words if w.vocabulary_item_id]
    items = {
        i.id: i
        for i in (
            await session.scalars(select(VocabularyItem).where(VocabularyItem.id.in_(item_ids)))
        ).all()
    }
    views = []
    for word in words:
        item = items.get(word.vocabulary_item_id) if word.vocabulary_item_id else None
        views.append(
            DeckWordView(
                id=word.id,
                lemma=word.lemma,
                article=article_of(word.gender),
                pos=word.pos,
                plural=word.plural,
                translations=list(item.translations if item else word.translations),
                example_de=item.example_de if item else word.example_de,
                example_en=item.example_en if item else word.example_en,
                source=word.source,
                enrichment=word.enrichment,
                tags=word.tags,
                suspended=word.suspended_at is not None,
                catalogue_slug=item.slug if item else None,
                level=item.level if item else None,
                lists=sorted(list_id for deck_id, list_id in memberships if deck_id == word.id),
                cards=[
                    CardSummary(
                        id=c.id,
                        kind=c.kind,
                        due_at=c.due_at,
                        phase=PHASE_NAMES[c.phase],
                        reps=c.reps,
                        lapses=c.lapses,
                        suspended=c.suspended_at is not None,
                        suspended_reason=c.suspended_reason,
                    )
                    for c in cards
                    if c.deck_word_id == word.id
                ],
                created_at=word.created_at,
            )
        )
    return views


async def deck_word_view(session: AsyncSession, user: User, word: DeckWord) -> DeckWordView:
    [view] = await deck_word_views(session, user, [word])
    return view


async def read_deck_word(session: AsyncSession, user: User, deck_word_id: int) -> DeckWordView:
    return await deck_word_view(session, user, await get_deck_word(session, user, deck_word_id))


async def list_deck(
    session: AsyncSession,
    user: User,
    *,
    query: str | None = None,
    tag: str | None = None,
    list_id: int | None = None,
    suspended: bool | None = None,
    page: int = 1,
    page_size: int = 20,
) -> Page[DeckWordView]:
    offset, limit = page_bounds(page, page_size)
    statement: Select[Any] = owned(DeckWord, user)
    if query:
        key = fold(query)
        statement = statement.where(
            or_(
                DeckWord.lemma_key.like(f"%{key}%"),
                func.array_to_string(DeckWord.translations, " ").ilike(f"%{query}%"),
            )
        )
    if tag:
        statement = statement.where(DeckWord.tags.any_() == tag)
    if list_id is not None:
        await get_word_list(session, user, list_id)
        statement = statement.join(
            WordListItem,
            and_(WordListItem.deck_word_id == DeckWord.id, WordListItem.list_id == list_id),
        )
    if suspended is not None:
        statement = statement.where(
            DeckWord.suspended_at.is_not(None) if suspended else DeckWord.suspended_at.is_(None)
        )
    total = await session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    words = (
        await session.scalars(
            statement.order_by(DeckWord.created_at.desc(), DeckWord.id.desc())
            .offset(offset)
            .limit(limit)
        )
    ).all()
    return Page(
        items=await deck_word_views(session, user, list(words)),
        total=total,
        page=page,
        page_size=page_size,
    )


async def set_suspended(session: AsyncSession, word: DeckWord, suspended: bool) -> None:
    """Suspending a word pauses all its cards; unsuspending also releases leeches."""
    now = utcnow()
    word.suspended_at = now if suspended else None
    await session.execute(
        update(Card)
        .where(Card.deck_word_id == word.id)
        .values(
            suspended_at=now if suspended else None,
            suspended_reason="manual" if suspended else None,
        )
    )


async def update_deck_word(
    session: AsyncSession, user: User, deck_word_id: int, changes: DeckWordUpdate
) -> DeckWordView:
    word = await get_deck_word(session, user, deck_word_id)
    values = changes.model_dump(exclude_unset=True)
    if any(v is None for v in values.values()):
        raise Invalid("Fields cannot be set to null.")
    if word.vocabulary_item_id is not None and (
        {"translations", "example_de", "example_en"} & values.keys()
    ):
        raise Invalid("Catalogue words are edited in the catalogue; you can tag or suspend them.")
    for field_name in ("translations", "example_de", "example_en"):
        if field_name in values:
            setattr(word, field_name, values[field_name])
            word.enrichment = "done"
    if "tags" in values:
        word.tags = sorted(set(values["tags"]))
    if "suspended" in values:
        await set_suspended(session, word, values["suspended"])
    await session.flush()
    return await deck_word_view(session, user, word)


async def delete_deck_word(session: AsyncSession, user: User, deck_word_id: int) -> None:
    word = await get_deck_word(session, user, deck_word_id)
    await session.delete(word)
    await session.flush()
