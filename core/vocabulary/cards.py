"""A deck word's cards: which kinds it gets, creating them, and the names of their phases.

Every word is asked both ways, and a noun with a singular article also by its article. The
optional kinds (core.card_kinds) come on top, when the learner wants them (their setting,
or the word's own choice) and the word's data has the forms they ask for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, or_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.answers.forms import perfect_of
from core.card_kinds import OFF_REASONS, OptionalCardKind
from core.clock import utcnow
from core.german import SINGULAR_GENDERS
from core.models import Card, DeckWord
from core.reviews.scheduling import Phase
from core.vocabulary.schemas import VerbFormsView, WordCardKind

VERB_FORM_KEYS = ("praeteritum", "partizip2", "auxiliary")


def turned_on(reason: SQLColumnExpression[str | None]) -> ColumnElement[bool]:
    """SQL: a card with this `suspended_reason` is part of the deck (not a kind turned off)."""
    return or_(reason.is_(None), reason.not_in(OFF_REASONS))


def card_kinds(pos: str, gender: str | None) -> list[str]:
    """Every word is asked both ways; nouns with a singular article also get an article card."""
    kinds = ["recognition", "recall"]
    if pos == "noun" and gender in SINGULAR_GENDERS:
        kinds.append("article")
    return kinds


def has_verb_forms(verb_forms: Mapping[str, Any] | None) -> bool:
    return bool(verb_forms) and all(
        isinstance((verb_forms or {}).get(key), str) and (verb_forms or {})[key]
        for key in VERB_FORM_KEYS
    )


def verb_forms_view(verb_forms: Mapping[str, Any] | None) -> VerbFormsView | None:
    """The forms a verb's data holds, as a deck word shows them; None when incomplete."""
    if verb_forms is None or not has_verb_forms(verb_forms):
        return None
    praeteritum, partizip2, auxiliary = (str(verb_forms[key]) for key in VERB_FORM_KEYS)
    return VerbFormsView(
        praeteritum=praeteritum,
        partizip2=partizip2,
        auxiliary=auxiliary,
        perfekt=perfect_of(partizip2, auxiliary),
    )


def optional_kinds_available(
    word: DeckWord, verb_forms: Mapping[str, Any] | None
) -> list[OptionalCardKind]:
    """The optional kinds the word's data can ask: a plural for a noun that has one (and a
    singular to ask it from), Präteritum, Partizip II and auxiliary for a verb."""
    kinds: list[OptionalCardKind] = []
    if word.pos == "noun" and word.gender in SINGULAR_GENDERS and (word.plural or "").strip():
        kinds.append("plural")
    if word.pos == "verb" and has_verb_forms(verb_forms):
        kinds.append("verb_forms")
    return kinds


def kind_is_on(kind: OptionalCardKind, word: DeckWord, learner_kinds: Iterable[str]) -> bool:
    """The word's own choice, else the learner's setting."""
    if kind in word.card_kinds_on:
        return True
    if kind in word.card_kinds_off:
        return False
    return kind in learner_kinds


def wanted_kinds(
    word: DeckWord, verb_forms: Mapping[str, Any] | None, learner_kinds: Iterable[str]
) -> list[str]:
    chosen = set(learner_kinds)
    optional = [
        kind
        for kind in optional_kinds_available(word, verb_forms)
        if kind_is_on(kind, word, chosen)
    ]
    return card_kinds(word.pos, word.gender) + optional


def new_card_row(word: DeckWord, kind: str, now: datetime) -> dict[str, object]:
    """A new card of the word (paused with it when the word is paused)."""
    paused = word.suspended_at is not None
    return {
        "user_id": word.user_id,
        "deck_word_id": word.id,
        "kind": kind,
        "phase": int(Phase.NEW),
        "step": 0,
        "due_at": now,
        "suspended_at": now if paused else None,
        "suspended_reason": "manual" if paused else None,
    }


async def ensure_cards(
    session: AsyncSession,
    word: DeckWord,
    *,
    learner_kinds: Sequence[str] = (),
    verb_forms: Mapping[str, Any] | None = None,
) -> None:
    """Create the word's missing cards (idempotent), in one statement: its base kinds and
    the optional kinds that are on for it (`learner_kinds`: the learner's setting)."""
    now = utcnow()
    rows = [new_card_row(word, kind, now) for kind in wanted_kinds(word, verb_forms, learner_kinds)]
    await session.execute(
        insert(Card)
        .values(rows)
        .on_conflict_do_nothing(index_elements=[Card.deck_word_id, Card.kind])
    )


def word_card_kinds(
    word: DeckWord, verb_forms: Mapping[str, Any] | None, learner_kinds: Iterable[str]
) -> list[WordCardKind]:
    chosen = set(learner_kinds)
    return [
        WordCardKind(
            kind=kind,
            on=kind_is_on(kind, word, chosen),
            chosen_for_word=kind in word.card_kinds_on or kind in word.card_kinds_off,
            in_settings=kind in chosen,
        )
        for kind in optional_kinds_available(word, verb_forms)
    ]
