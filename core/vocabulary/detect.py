"""New words from any German text: the words of a pasted article or a forwarded message that
are worth adding to the learner's deck.

The text's words are lemmatised (simplemma: "ging" → "gehen", "Häuser" → "Haus"); function
words (articles, pronouns, auxiliaries, prepositions, particles) and the words already in the
deck are dropped. The rest are ranked: catalogue words first, those at the learner's level
before the level above, then easier, then harder ones; within a level the more frequent word
first (the catalogue's frequency rank, else wordfreq). Words outside the catalogue are offered
when wordfreq knows them as German (so names and typos stay out), after the catalogue's.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Literal

import simplemma
from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from wordfreq import zipf_frequency

from core.errors import Invalid
from core.german import CEFR_LEVELS, CefrLevel
from core.german_text import fold, with_article
from core.models import ConversationTurn, DeckWord, User, VocabularyItem
from core.ownership import mine, owned
from core.tutor.listening import FUNCTION_LEMMAS, lemma
from core.vocabulary.adding import add_catalogue_word, add_typed_word
from core.vocabulary.catalogue import get_catalogue_word

MAX_TEXT_CHARS = 10_000
MAX_SUGGESTIONS = 10
RECENT_TURNS = 60  # the tutor's last messages, where recommendations look for words heard
MIN_WORD_CHARS = 3
# wordfreq's Zipf scale: 3 is once per million words. Below this a word outside the catalogue
# is a name, a typo or too rare to be worth a card.
MIN_ZIPF = 2.5
# Contractions and a few more words that say nothing on their own, beyond the tutor's list.
_MORE_FUNCTION_WORDS = frozenset(
    fold(word)
    for word in [
        "zum",
        "zur",
        "im",
        "am",
        "ins",
        "ans",
        "vom",
        "beim",
        "aufs",
        "durchs",
        "fürs",
        "sein",
        "ihr",
        "jetzt",
        "immer",
    ]
)
_SKIPPED = FUNCTION_LEMMAS | _MORE_FUNCTION_WORDS
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class FoundWord:
    """A word of the text worth adding: its lemma, and the catalogue entry when there is one."""

    lemma: str
    display: str  # with its article for a catalogue noun ("der Bahnhof")
    seen_as: str  # the form in the text ("Bahnhöfe")
    count: int
    item: VocabularyItem | None
    zipf: float

    @property
    def translations(self) -> list[str]:
        return list(self.item.translations) if self.item is not None else []

    @property
    def level(self) -> CefrLevel | None:
        level = self.item.level if self.item is not None else None
        return next((known for known in CEFR_LEVELS if known == level), None)


@dataclass(frozen=True)
class Suggestion:
    """A recommended next word and why: heard in a conversation, or next for the level."""

    word: FoundWord
    reason: Literal["conversation", "level"]


def _lemmas(text: str) -> dict[str, tuple[str, str, int]]:
    """Blocking (lemmatising a long text takes a while): folded lemma → (lemma, first form
    seen, count), function words and short words left out."""
    counts: Counter[str] = Counter()
    found: dict[str, tuple[str, str]] = {}
    for token in _WORD.findall(text):
        if len(token) < MIN_WORD_CHARS:
            continue
        key = lemma(token)
        if key in _SKIPPED or len(key) < MIN_WORD_CHARS:
            continue
        counts[key] += 1
        if key not in found:
            found[key] = (simplemma.lemmatize(token, lang="de"), token)
    return {key: (*found[key], counts[key]) for key in found}


def _level_order(level: str | None, learner: CefrLevel) -> int:
    """0 for the learner's level, 1 the level above, then easier levels, then harder ones."""
    if level not in CEFR_LEVELS:
        return 99
    at, own = CEFR_LEVELS.index(level), CEFR_LEVELS.index(learner)
    if at == own:
        return 0
    if at == own + 1:
        return 1
    return 2 + (own - at if at < own else 10 + at)


async def find_new_words(
    session: AsyncSession, user: User, text: str, *, limit: int = MAX_SUGGESTIONS
) -> list[FoundWord]:
    """The text's words worth adding to the learner's deck, best first (module docstring)."""
    if len(text) > MAX_TEXT_CHARS:
        raise Invalid(f"The text is longer than {MAX_TEXT_CHARS:,} characters; send a part of it.")
    lemmas = await asyncio.to_thread(_lemmas, text)
    if not lemmas:
        return []
    keys = await session.scalars(owned(DeckWord, user).with_only_columns(DeckWord.lemma_key))
    in_deck = {key.rsplit(":", 1)[0] for key in keys}
    fresh = {key: value for key, value in lemmas.items() if key not in in_deck}
    head = func.split_part(VocabularyItem.search_text, " | ", 1)
    items: dict[str, VocabularyItem] = {}
    if fresh:
        rows = await session.scalars(
            select(VocabularyItem)
            .where(VocabularyItem.retired_at.is_(None), head.in_(list(fresh)))
            .order_by(VocabularyItem.frequency_rank.asc().nulls_last(), VocabularyItem.id)
        )
        for row in rows:
            items.setdefault(fold(row.lemma), row)
    learner: CefrLevel = next((lv for lv in CEFR_LEVELS if lv == user.cefr_level), "A1")
    found: list[FoundWord] = []
    for key, (lemma_text, seen_as, count) in fresh.items():
        item = items.get(key)
        zipf = zipf_frequency(lemma_text, "de")
        if item is None and zipf < MIN_ZIPF:
            continue
        display = with_article(item.lemma, item.gender) if item is not None else lemma_text
        headword = lemma_text if item is None else item.lemma
        found.append(FoundWord(headword, display, seen_as, count, item, zipf))
    found.sort(
        key=lambda w: (
            w.item is None,
            _level_order(w.item.level if w.item else None, learner),
            w.item.frequency_rank if w.item and w.item.frequency_rank else 10**9,
            -w.zipf,
        )
    )
    return found[:limit]


async def recommend_words(
    session: AsyncSession, user: User, *, limit: int = MAX_SUGGESTIONS
) -> list[Suggestion]:
    """The next words for the learner: first those the tutor used in their recent
    conversations that are not in their deck (ranked as find_new_words ranks), then the
    catalogue's most frequent words of their level not in the deck, then of the level above."""
    turns = await session.scalars(
        select(ConversationTurn.text)
        .where(mine(ConversationTurn, user), ConversationTurn.role == "tutor")
        .order_by(ConversationTurn.id.desc())
        .limit(RECENT_TURNS)
    )
    heard = await find_new_words(session, user, "\n".join(turns)[:MAX_TEXT_CHARS], limit=limit)
    suggestions = [Suggestion(word, "conversation") for word in heard if word.item is not None]
    taken = {word.item.id for word in heard if word.item is not None}
    level_index = next((i for i, level in enumerate(CEFR_LEVELS) if level == user.cefr_level), 0)
    for level in CEFR_LEVELS[level_index : level_index + 2]:
        if len(suggestions) >= limit:
            break
        in_deck = select(DeckWord.vocabulary_item_id).where(
            mine(DeckWord, user), DeckWord.vocabulary_item_id.is_not(None)
        )
        items = await session.scalars(
            select(VocabularyItem)
            .where(
                VocabularyItem.retired_at.is_(None),
                VocabularyItem.level == level,
                VocabularyItem.id.not_in(in_deck),
                VocabularyItem.id.not_in(taken or {0}),
            )
            .order_by(VocabularyItem.frequency_rank.asc().nulls_last(), VocabularyItem.id)
            .limit(limit - len(suggestions))
        )
        for item in items:
            word = FoundWord(
                item.lemma, with_article(item.lemma, item.gender), item.lemma, 0, item, 0.0
            )
            suggestions.append(Suggestion(word, "level"))
    return suggestions[:limit]


class DetectWords(BaseModel):
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT_CHARS)] = Field(
        description="Any German text: an article, a message, song lyrics."
    )


class WordSuggestion(BaseModel):
    """A word to add: POST /vocabulary/deck with its vocabulary_id, or with text=lemma
    for a word outside the catalogue."""

    lemma: str
    display: str = Field(description="With its article for a noun from the catalogue.")
    translations: list[str] = Field(description="From the catalogue; empty outside it.")
    level: CefrLevel | None = Field(description="CEFR level; None outside the catalogue.")
    vocabulary_id: int | None = Field(description="The catalogue entry, when there is one.")
    slug: str | None
    seen_as: str | None = Field(description="The form in the text, e.g. 'ging' for 'gehen'.")
    count: int = Field(description="How often the text (or the conversations) used it.")
    reason: Literal["text", "conversation", "level"] = Field(
        description="text: in the text sent; conversation: the tutor used it in your recent "
        "conversations; level: among the most frequent words of your level (or the next)."
    )


def suggestion_view(
    word: FoundWord, reason: Literal["text", "conversation", "level"]
) -> WordSuggestion:
    return WordSuggestion(
        lemma=word.lemma,
        display=word.display,
        translations=word.translations,
        level=word.level,
        vocabulary_id=word.item.id if word.item is not None else None,
        slug=word.item.slug if word.item is not None else None,
        seen_as=word.seen_as if reason != "level" else None,
        count=word.count,
        reason=reason,
    )


async def detect_words_view(session: AsyncSession, user: User, text: str) -> list[WordSuggestion]:
    return [suggestion_view(word, "text") for word in await find_new_words(session, user, text)]


async def recommendations_view(session: AsyncSession, user: User) -> list[WordSuggestion]:
    return [suggestion_view(s.word, s.reason) for s in await recommend_words(session, user)]


async def add_suggested_word(
    session: AsyncSession, user: User, *, vocabulary_id: int | None, text: str | None
) -> tuple[str, bool]:
    """Add a suggested word (a catalogue entry, or a word as text): (its headword, created)."""
    if vocabulary_id is not None:
        word, created = await add_catalogue_word(
            session, user, await get_catalogue_word(session, vocabulary_id), source="catalogue"
        )
    elif text:
        word, created = await add_typed_word(session, user, text)
    else:
        raise Invalid("No word to add.")
    return with_article(word.lemma, word.gender), created
