"""A learner's deck: read its words with their cards, list and filter them, edit, remove."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.card_kinds import OFF_REASONS
from core.clock import utcnow
from core.errors import Invalid
from core.german import CefrLevel, article_of
from core.german_text import fold
from core.models import Card, DeckWord, User, VocabularyItem, WordListItem
from core.ownership import get_owned, owned
from core.reviews.scheduling import PHASE_NAMES, Phase
from core.vocabulary.card_choices import set_word_card_kinds
from core.vocabulary.cards import turned_on, verb_forms_view, word_card_kinds
from core.vocabulary.lists import get_word_list
from core.vocabulary.paging import page_bounds
from core.vocabulary.schemas import CardSummary, DeckWordUpdate, DeckWordView, Page, WordState


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
        # A catalogue word the learner edited ("done") shows their own translation and example.
        item = (
            items.get(word.vocabulary_item_id)
            if word.vocabulary_item_id and word.enrichment != "done"
            else None
        )
        catalogued = items.get(word.vocabulary_item_id) if word.vocabulary_item_id else None
        # A card the learner turned off is kept for its schedule but is not part of the deck.
        word_cards = [
            c for c in cards if c.deck_word_id == word.id and c.suspended_reason not in OFF_REASONS
        ]
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
                catalogue_slug=catalogued.slug if catalogued else None,
                level=catalogued.level if catalogued else None,
                state=word_state(word, word_cards),
                due_at=min((c.due_at for c in word_cards if c.suspended_at is None), default=None),
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
                    for c in word_cards
                ],
                created_at=word.created_at,
                card_kinds=word_card_kinds(
                    word, catalogued.verb_forms if catalogued else None, user.card_kinds
                ),
                verb_forms=verb_forms_view(catalogued.verb_forms)
                if catalogued and word.pos == "verb"
                else None,
            )
        )
    return views


def word_state(word: DeckWord, cards: Sequence[Card]) -> WordState:
    """Paused by the learner, paused as a leech, or how far its cards are learned."""
    if word.suspended_at is not None:
        return "suspended"
    if any(c.suspended_reason == "leech" for c in cards):
        return "leech"
    phases = {c.phase for c in cards}
    if phases <= {int(Phase.NEW)}:
        return "new"
    if phases == {int(Phase.REVIEW)}:
        return "review"
    return "learning"


def state_condition(state: WordState) -> ColumnElement[bool]:
    """The SQL twin of `word_state`, to filter the deck by state."""
    card = aliased(Card)
    leech = (
        select(card.id)
        .where(card.deck_word_id == DeckWord.id, card.suspended_reason == "leech")
        .exists()
    )
    counted = turned_on(card.suspended_reason)
    not_new = (
        select(card.id).where(
            card.deck_word_id == DeckWord.id, counted, card.phase != int(Phase.NEW)
        )
    ).exists()
    not_review = (
        select(card.id).where(
            card.deck_word_id == DeckWord.id, counted, card.phase != int(Phase.REVIEW)
        )
    ).exists()
    active = and_(DeckWord.suspended_at.is_(None), ~leech)
    conditions: dict[WordState, ColumnElement[bool]] = {
        "suspended": DeckWord.suspended_at.is_not(None),
        "leech": and_(DeckWord.suspended_at.is_(None), leech),
        "new": and_(active, ~not_new),
        "review": and_(active, not_new, ~not_review),
        "learning": and_(active, not_new, not_review),
    }
    return conditions[state]


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
    state: WordState | None = None,
    level: CefrLevel | None = None,
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
    if state is not None:
        statement = statement.where(state_condition(state))
    if level is not None:
        statement = statement.join(
            VocabularyItem, VocabularyItem.id == DeckWord.vocabulary_item_id
        ).where(VocabularyItem.level == level)
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
    """Suspending a word pauses all its cards; unsuspending also releases leeches. A card
    the learner turned off stays off either way."""
    now = utcnow()
    word.suspended_at = now if suspended else None
    await session.execute(
        update(Card)
        .where(
            Card.deck_word_id == word.id,
            turned_on(Card.suspended_reason),
        )
        .values(
            suspended_at=now if suspended else None,
            suspended_reason="manual" if suspended else None,
        )
    )


async def keep_own_copy(session: AsyncSession, word: DeckWord) -> None:
    """Before the learner edits a catalogue word: their copy starts from the catalogue's
    current translation and example, and is what they see from now on."""
    if word.vocabulary_item_id is None or word.enrichment == "done":
        return
    item = await session.get(VocabularyItem, word.vocabulary_item_id)
    if item is not None:
        word.translations = list(item.translations)
        word.example_de, word.example_en = item.example_de, item.example_en
    word.enrichment = "done"


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
        await keep_own_copy(session, word)
    for field_name in ("translations", "example_de", "example_en"):
        if field_name in values:
            setattr(word, field_name, values[field_name])
            word.enrichment = "done"
    if "tags" in values:
        word.tags = sorted(set(values["tags"]))
    if "suspended" in values:
        await set_suspended(session, word, values["suspended"])
    if "card_kinds" in values:
        await set_word_card_kinds(session, user, word, values["card_kinds"])
    await session.flush()
    return await deck_word_view(session, user, word)


async def delete_deck_word(session: AsyncSession, user: User, deck_word_id: int) -> None:
    word = await get_deck_word(session, user, deck_word_id)
    await session.delete(word)
    await session.flush()
