"""Which words a quiz or drill asks about, and when an answer may count as an FSRS review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.german import CEFR_LEVELS, SINGULAR_GENDERS, article_of
from core.german_text import with_article
from core.models import Card, DeckWord, User, VocabularyItem
from core.ownership import mine, owned
from core.reviews.scheduling import Phase


@dataclass(frozen=True)
class PoolWord:
    """A word to ask about: from the learner's deck (with its cards) or from the catalogue."""

    lemma: str
    pos: str
    gender: str | None
    plural: str | None
    translations: tuple[str, ...]
    level: str
    vocabulary_item_id: int | None = None
    deck_word_id: int | None = None
    card_ids: dict[str, int] = field(default_factory=dict)
    due_kinds: frozenset[str] = frozenset()

    @property
    def has_article(self) -> bool:
        return self.pos == "noun" and self.gender in SINGULAR_GENDERS

    @property
    def article(self) -> str | None:
        return article_of(self.gender) if self.has_article else None

    @property
    def german(self) -> str:
        """How the word is shown: nouns with their article ("das Haus", "die Eltern")."""
        return with_article(self.lemma, self.gender if self.pos == "noun" else None)


def _is_due_review(card: Card, now: datetime) -> bool:
    return card.suspended_at is None and card.phase != int(Phase.NEW) and card.due_at <= now


def _due_exists(now: datetime, kinds: Sequence[str]) -> ColumnElement[bool]:
    return exists().where(
        Card.deck_word_id == DeckWord.id,
        Card.kind.in_(list(kinds)),
        Card.suspended_at.is_(None),
        Card.phase != int(Phase.NEW),
        Card.due_at <= now,
    )


async def deck_pool(
    session: AsyncSession,
    user: User,
    now: datetime,
    *,
    limit: int,
    due_kinds: Sequence[str],
    nouns_only: bool = False,
) -> list[PoolWord]:
    """Words from the learner's deck (not suspended): those with a due card of `due_kinds`
    first, the rest in random order."""
    conditions: list[ColumnElement[bool]] = [
        mine(DeckWord, user),
        DeckWord.suspended_at.is_(None),
    ]
    if nouns_only:
        conditions += [DeckWord.pos == "noun", DeckWord.gender.in_(SINGULAR_GENDERS)]
    rows = (
        await session.execute(
            select(DeckWord, VocabularyItem)
            .outerjoin(VocabularyItem, VocabularyItem.id == DeckWord.vocabulary_item_id)
            .where(*conditions)
            .order_by(_due_exists(now, due_kinds).desc(), func.random())
            .limit(limit)
        )
    ).all()
    cards = await _cards_by_word(session, [word.id for word, _ in rows])
    return [
        _deck_word(word, item, user.cefr_level, cards.get(word.id, []), now) for word, item in rows
    ]


async def _cards_by_word(session: AsyncSession, deck_word_ids: list[int]) -> dict[int, list[Card]]:
    if not deck_word_ids:
        return {}
    cards = (
        await session.scalars(
            select(Card).where(Card.deck_word_id.in_(deck_word_ids), Card.suspended_at.is_(None))
        )
    ).all()
    by_word: dict[int, list[Card]] = {}
    for card in cards:
        by_word.setdefault(card.deck_word_id, []).append(card)
    return by_word


def _deck_word(
    word: DeckWord, item: VocabularyItem | None, level: str, cards: list[Card], now: datetime
) -> PoolWord:
    return PoolWord(
        lemma=word.lemma,
        pos=word.pos,
        gender=word.gender,
        plural=word.plural,
        translations=tuple(
            item.translations if item and word.enrichment != "done" else word.translations
        ),
        level=item.level if item else level,
        vocabulary_item_id=word.vocabulary_item_id,
        deck_word_id=word.id,
        card_ids={card.kind: card.id for card in cards},
        due_kinds=frozenset(card.kind for card in cards if _is_due_review(card, now)),
    )


def catalogue_word(item: VocabularyItem) -> PoolWord:
    return PoolWord(
        lemma=item.lemma,
        pos=item.pos,
        gender=item.gender,
        plural=item.plural,
        translations=tuple(item.translations),
        level=item.level,
        vocabulary_item_id=item.id,
    )


def level_distance(level: str) -> ColumnElement[int]:
    """0 for the learner's level, 1 for a neighbour, ...: their level first, then nearby."""
    rank = CEFR_LEVELS.index(level) if level in CEFR_LEVELS else 0
    return case(
        {name: abs(i - rank) for i, name in enumerate(CEFR_LEVELS)},
        value=VocabularyItem.level,
        else_=len(CEFR_LEVELS),
    )


async def catalogue_pool(
    session: AsyncSession,
    user: User,
    *,
    limit: int,
    exclude_item_ids: Sequence[int] = (),
    parts_of_speech: Sequence[str] = (),
    nouns_only: bool = False,
) -> list[PoolWord]:
    """Catalogue words not in the learner's deck, at their level first, in random order."""
    in_deck = select(DeckWord.vocabulary_item_id).where(
        mine(DeckWord, user), DeckWord.vocabulary_item_id.is_not(None)
    )
    conditions: list[ColumnElement[bool]] = [
        VocabularyItem.retired_at.is_(None),
        VocabularyItem.id.not_in(in_deck),
        VocabularyItem.id.not_in(list(exclude_item_ids)),
    ]
    if parts_of_speech:
        conditions.append(VocabularyItem.pos.in_(list(parts_of_speech)))
    if nouns_only:
        conditions += [VocabularyItem.pos == "noun", VocabularyItem.gender.in_(SINGULAR_GENDERS)]
    items = (
        await session.scalars(
            select(VocabularyItem)
            .where(*conditions)
            .order_by(level_distance(user.cefr_level), func.random())
            .limit(limit)
        )
    ).all()
    return [catalogue_word(item) for item in items]


async def reviewable_card(
    session: AsyncSession, user: User, card_id: int | None, now: datetime
) -> Card | None:
    """The card, if an answer now may count as an FSRS review: it is the learner's, not
    suspended, already learned and due. A card not due yet is left alone (reviewing it early
    would distort its schedule), and so is a new one: new cards are introduced by the review
    flow, within the learner's daily limit, not by a multiple-choice guess."""
    if card_id is None:
        return None
    card = await session.scalar(owned(Card, user).where(Card.id == card_id))
    return card if card is not None and _is_due_review(card, now) else None
