"""A learner's deck as the exports read it: each word with its catalogue entry and its cards."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.answers.forms import verb_forms_answer
from core.card_kinds import OPTIONAL_CARD_KINDS, OptionalCardKind
from core.german import article_of
from core.models import Card, DeckWord, User, VocabularyItem
from core.ownership import mine, owned
from core.vocabulary.cards import verb_forms_view

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class ExportedWord:
    word: DeckWord
    item: VocabularyItem | None
    cards: dict[str, Card]

    @property
    def article(self) -> str:
        return article_of(self.word.gender) or ""

    # Catalogue words show the catalogue's current text, as the deck views do.
    @property
    def translations(self) -> list[str]:
        return list(self.item.translations if self.item else self.word.translations)

    @property
    def example_de(self) -> str:
        return (self.item.example_de if self.item else self.word.example_de) or ""

    @property
    def example_en(self) -> str:
        return (self.item.example_en if self.item else self.word.example_en) or ""

    @property
    def verb_forms(self) -> str:
        """ "ging, ist gegangen" for a verb whose data has its forms, else empty."""
        forms = verb_forms_view(self.item.verb_forms) if self.item else None
        if forms is None or self.word.pos != "verb":
            return ""
        return verb_forms_answer(forms.praeteritum, forms.partizip2, forms.auxiliary)


CardChoice = Literal["on", "off"]
CARD_CHOICES: dict[str, bool] = {"on": True, "off": False}
CARD_KINDS_KEY = "card_kinds"
"""The key of the word's own choices in the Anki export's Scheduling JSON."""


def card_choice_column(kind: OptionalCardKind) -> str:
    """The exports' name for a word's own choice of an optional kind: plural_card, ..."""
    return f"{kind}_card"


def word_card_choices(word: DeckWord) -> dict[OptionalCardKind, CardChoice]:
    """The word's own choices ("on"/"off"); a kind it leaves to the setting is absent."""
    choices: dict[OptionalCardKind, CardChoice] = {}
    for kind in OPTIONAL_CARD_KINDS:
        if kind in word.card_kinds_on:
            choices[kind] = "on"
        elif kind in word.card_kinds_off:
            choices[kind] = "off"
    return choices


async def exported_words(session: AsyncSession, user: User) -> list[ExportedWord]:
    """Every word of the deck, oldest first."""
    rows = (
        await session.execute(
            select(DeckWord, VocabularyItem)
            .outerjoin(VocabularyItem, VocabularyItem.id == DeckWord.vocabulary_item_id)
            .where(mine(DeckWord, user))
            .order_by(DeckWord.created_at, DeckWord.id)
        )
    ).all()
    cards: dict[int, dict[str, Card]] = defaultdict(dict)
    for card in await session.scalars(owned(Card, user)):
        cards[card.deck_word_id][card.kind] = card
    return [ExportedWord(word, item, cards[word.id]) for word, item in rows]


def iso_utc(at: datetime | None) -> str:
    """ISO 8601 in UTC to the second; empty for no time."""
    return at.astimezone(UTC).isoformat(timespec="seconds") if at else ""
