"""Turning the optional card kinds on and off: for all the learner's words (their setting)
or for one word. A card that is turned off keeps its schedule (suspended, reason "off"), so
turning it on again resumes it; each kind of each word has its own FSRS state."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import BigInteger, any_, case, cast, func, update
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.card_kinds import (
    CARD_KIND_NAMES,
    OFF_LEECH_REASON,
    OFF_REASON,
    OFF_REASONS,
    OPTIONAL_CARD_KINDS,
    OptionalCardKind,
)
from core.clock import utcnow
from core.errors import Invalid
from core.models import Card, DeckWord, User, VocabularyItem
from core.ownership import owned
from core.vocabulary.cards import kind_is_on, new_card_row, optional_kinds_available, turned_on

WordWithForms = tuple[DeckWord, Mapping[str, Any] | None]
"""A deck word and its catalogue entry's verb forms (None when it has none)."""


async def words_with_forms(
    session: AsyncSession, user: User, deck_word_ids: Sequence[int] | None = None
) -> list[WordWithForms]:
    statement = (
        owned(DeckWord, user)
        .add_columns(VocabularyItem.verb_forms)
        .outerjoin(VocabularyItem, VocabularyItem.id == DeckWord.vocabulary_item_id)
    )
    if deck_word_ids is not None:
        statement = statement.where(DeckWord.id.in_(list(deck_word_ids)))
    return [(word, forms) for word, forms in (await session.execute(statement)).all()]


async def sync_optional_cards(
    session: AsyncSession, user: User, words: Sequence[WordWithForms]
) -> None:
    """Make the words' optional cards match what is on: create the missing ones, release
    the ones turned on again (paused words keep them paused, and a card parked as a leech
    comes back a paused leech), park the ones turned off (a leech remembered as one).
    One insert (sent in pages of 1,000) and one update per kind that changes."""
    now = utcnow()
    new_rows: list[dict[str, object]] = []
    release: list[tuple[int, str]] = []
    release_paused: list[tuple[int, str]] = []
    park: list[tuple[int, str]] = []
    learner_kinds = set(user.card_kinds)
    for word, verb_forms in words:
        paused = word.suspended_at is not None
        for kind in optional_kinds_available(word, verb_forms):
            if not kind_is_on(kind, word, learner_kinds):
                park.append((word.id, kind))
                continue
            (release_paused if paused else release).append((word.id, kind))
            new_rows.append(new_card_row(word, kind, now))
    if new_rows:
        # Parameter sets, not one VALUES list: compiled once, sent in pages (insertmanyvalues).
        await session.execute(
            insert(Card).on_conflict_do_nothing(index_elements=[Card.deck_word_id, Card.kind]),
            new_rows,
        )
    # A card parked as a leech stays a paused leech (SET reads the row's old values); any
    # other card is released.
    was_leech = Card.suspended_reason == OFF_LEECH_REASON
    for pairs, values in (
        (
            release,
            {
                "suspended_at": case((was_leech, Card.suspended_at), else_=None),
                "suspended_reason": case((was_leech, "leech"), else_=None),
            },
        ),
        (release_paused, {"suspended_reason": "manual"}),
    ):
        for card_kind, ids in _by_kind(pairs).items():
            await session.execute(
                update(Card)
                .where(
                    Card.deck_word_id == any_(cast(ids, ARRAY(BigInteger))),
                    Card.kind == card_kind,
                    Card.suspended_reason.in_(OFF_REASONS),
                )
                .values(values)
            )
    parked = case((Card.suspended_reason == "leech", OFF_LEECH_REASON), else_=OFF_REASON)
    for card_kind, ids in _by_kind(park).items():
        await session.execute(
            update(Card)
            .where(
                Card.deck_word_id == any_(cast(ids, ARRAY(BigInteger))),
                Card.kind == card_kind,
                turned_on(Card.suspended_reason),
            )
            .values(suspended_at=func.coalesce(Card.suspended_at, now), suspended_reason=parked)
        )


def _by_kind(pairs: Sequence[tuple[int, str]]) -> dict[str, list[int]]:
    """Word ids by card kind: one statement per kind, the ids as one array parameter."""
    ids: dict[str, list[int]] = {}
    for deck_word_id, kind in pairs:
        ids.setdefault(kind, []).append(deck_word_id)
    return ids


def _ordered(kinds: Iterable[str]) -> list[str]:
    chosen = set(kinds)
    return [kind for kind in OPTIONAL_CARD_KINDS if kind in chosen]


async def set_learner_card_kinds(
    session: AsyncSession, user: User, kinds: Iterable[OptionalCardKind]
) -> None:
    """The learner's setting: which optional kinds are on for their words (a word's own
    choice stays as it is)."""
    wanted = _ordered(kinds)
    if wanted == list(user.card_kinds):
        return
    user.card_kinds = wanted
    await session.flush()
    await sync_optional_cards(session, user, await words_with_forms(session, user))


async def toggle_learner_card_kind(
    session: AsyncSession, user: User, kind: OptionalCardKind
) -> User:
    """/settings: one optional kind on or off for all words; the learner, changed."""
    kinds = set(user.card_kinds) ^ {kind}
    await set_learner_card_kinds(session, user, [k for k in OPTIONAL_CARD_KINDS if k in kinds])
    return user


async def set_word_card_kinds(
    session: AsyncSession,
    user: User,
    word: DeckWord,
    choices: Mapping[OptionalCardKind, bool | None],
) -> None:
    """One word's own choices (True on, False off, None: follow the learner's setting)."""
    [(_, verb_forms)] = await words_with_forms(session, user, [word.id])
    available = optional_kinds_available(word, verb_forms)
    for kind in choices:
        if kind not in available:
            raise Invalid(
                f"{word.lemma} has no {CARD_KIND_NAMES[kind].split(' (')[0].lower()} "
                "in the word data, so it cannot get that card."
            )
    on, off = set(word.card_kinds_on), set(word.card_kinds_off)
    for kind, choice in choices.items():
        on.discard(kind)
        off.discard(kind)
        if choice is True:
            on.add(kind)
        elif choice is False:
            off.add(kind)
    word.card_kinds_on, word.card_kinds_off = _ordered(on), _ordered(off)
    await session.flush()
    await sync_optional_cards(session, user, [(word, verb_forms)])
