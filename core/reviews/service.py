"""Reviews: the due queue, FSRS reviews (buttons, typed answers, articles), leeches, undo."""

from __future__ import annotations

import functools
import typing
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any, Protocol, get_args

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    DateTime,
    Float,
    Select,
    Table,
    bindparam,
    cast,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from core.achievement_checks import FOLLOWUP_DELAY
from core.answers import AnswerCheck, Verdict, check_answer
from core.answers.forms import check_plural, check_verb_forms, verb_forms_answer
from core.answers.marking import mark
from core.card_kinds import TYPED_CARD_KINDS, CardKind
from core.clock import local_day_start, local_today, utcnow
from core.direct_sql import DirectStatement
from core.errors import Conflict, Invalid, NotFound
from core.german import ARTICLES, article_of
from core.german_text import lemma_key, split_article, with_article
from core.models import Card, DeckWord, ReviewLog, User, VocabularyItem, WordListItem
from core.outbox import JobName, claim_requests, coalesced_requests_template
from core.ownership import get_owned, mine, owned
from core.progress.xp import XpReason, award, award_followups, award_for_returned
from core.reviews.scheduling import PHASE_NAMES, MemoryState, Phase, Rating, ReviewScheduler
from core.reviews.schemas import CardFace, DueSummary, NextDue, ReviewResult, WordForms

LEECH_LAPSES = 8
RATING_BY_VERDICT = {
    Verdict.CORRECT: Rating.GOOD,
    Verdict.TYPO: Rating.HARD,
    Verdict.WRONG: Rating.AGAIN,
}


def scheduler_for(user: User) -> ReviewScheduler:
    return ReviewScheduler(user.desired_retention, user.fsrs_parameters)


class CardFields(Protocol):
    """What scheduling needs of a card: a Card, or its locked row for a review (LockedCard)."""

    @property
    def kind(self) -> str: ...
    @property
    def phase(self) -> int: ...
    @property
    def step(self) -> int | None: ...
    @property
    def stability(self) -> float | None: ...
    @property
    def difficulty(self) -> float | None: ...
    @property
    def due_at(self) -> datetime: ...
    @property
    def last_review_at(self) -> datetime | None: ...
    @property
    def reps(self) -> int: ...
    @property
    def lapses(self) -> int: ...
    @property
    def suspended_reason(self) -> str | None: ...


def memory_of(card: CardFields) -> MemoryState:
    return MemoryState(
        phase=Phase(card.phase),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due_at=card.due_at,
        last_review_at=card.last_review_at,
    )


def _apply(card: Card, memory: MemoryState) -> None:
    card.phase = int(memory.phase)
    card.step = memory.step
    card.stability = memory.stability
    card.difficulty = memory.difficulty
    card.due_at = memory.due_at or card.due_at
    card.last_review_at = memory.last_review_at


def _snapshot(card: CardFields) -> dict[str, object]:
    return {
        **memory_of(card).as_dict(),
        "reps": card.reps,
        "lapses": card.lapses,
        "suspended_reason": card.suspended_reason,
    }


async def new_cards_introduced_today(session: AsyncSession, user: User, now: datetime) -> int:
    start = local_day_start(user.time_zone, local_today(user.time_zone, now))
    count = await session.scalar(
        select(func.count()).where(
            mine(ReviewLog, user),
            ReviewLog.reviewed_at >= start,
            ReviewLog.undone_at.is_(None),
            ReviewLog.memory_before["phase"].as_integer() == int(Phase.NEW),
        )
    )
    return int(count or 0)


def _active_cards(user: User, list_id: int | None = None) -> list[ColumnElement[bool]]:
    """The learner's unsuspended cards (of one word list's words, given `list_id`)."""
    conditions = [mine(Card, user), Card.suspended_at.is_(None)]
    if list_id is not None:
        in_list = select(WordListItem.deck_word_id).where(WordListItem.list_id == list_id)
        conditions.append(Card.deck_word_id.in_(in_list))
    return conditions


async def due_summary(
    session: AsyncSession, user: User, now: datetime | None = None, *, list_id: int | None = None
) -> DueSummary:
    now = now or utcnow()
    due_reviews = await session.scalar(
        select(func.count()).where(
            *_active_cards(user, list_id),
            Card.phase != int(Phase.NEW),
            Card.due_at <= now,
        )
    )
    new_total = await session.scalar(
        select(func.count()).where(*_active_cards(user, list_id), Card.phase == int(Phase.NEW))
    )
    allowance = max(
        0, user.new_cards_per_day - await new_cards_introduced_today(session, user, now)
    )
    return DueSummary(
        due_reviews=int(due_reviews or 0),
        new_available=min(int(new_total or 0), allowance),
        new_per_day=user.new_cards_per_day,
    )


async def next_due_at(session: AsyncSession, user: User) -> datetime | None:
    """When the learner's next active card falls due (None with an empty deck)."""
    return await session.scalar(select(func.min(Card.due_at)).where(*_active_cards(user)))


async def due_queue(
    session: AsyncSession,
    user: User,
    now: datetime | None = None,
    *,
    limit: int = 50,
    exclude: Sequence[int] = (),
    new_only: bool = False,
    list_id: int | None = None,
) -> list[Card]:
    """Due cards, most forgotten first (learning steps before that), then new cards within
    today's allowance, oldest word first, recognition before recall before article
    before the typed forms.
    `new_only`: just the new cards (learning new words without the reviews first).
    `list_id`: only the cards of that word list's words (the caller checked it is theirs)."""
    now = now or utcnow()
    elapsed_days = func.extract("epoch", now - Card.last_review_at) / 86400.0
    forgotten = elapsed_days / func.greatest(cast(Card.stability, Float), 0.01)
    conditions = [*_active_cards(user, list_id), Card.id.not_in(list(exclude))]
    reviews = (
        []
        if new_only
        else (
            await session.scalars(
                select(Card)
                .where(*conditions, Card.phase != int(Phase.NEW), Card.due_at <= now)
                .order_by((Card.phase == int(Phase.REVIEW)).asc(), forgotten.desc(), Card.id)
                .limit(limit)
            )
        ).all()
    )
    cards = list(reviews)
    allowance = min(
        limit - len(cards),
        user.new_cards_per_day - await new_cards_introduced_today(session, user, now),
    )
    if allowance > 0:
        kind_rank = func.array_position(list(get_args(CardKind)), Card.kind)
        new_cards = (
            await session.scalars(
                select(Card)
                .join(DeckWord, DeckWord.id == Card.deck_word_id)
                .where(*conditions, Card.phase == int(Phase.NEW))
                .order_by(DeckWord.created_at, DeckWord.id, kind_rank)
                .limit(allowance)
            )
        ).all()
        cards.extend(new_cards)
    return cards


async def get_card(session: AsyncSession, user: User, card_id: int, *, lock: bool = False) -> Card:
    return await get_owned(
        session, Card, card_id, user, missing="No such card in your deck.", lock=lock
    )


@dataclass(frozen=True)
class WordFacts:
    lemma: str
    article: str | None
    plural: str | None
    translations: list[str]
    example_de: str | None
    example_en: str | None
    gender: str | None
    forms: WordForms


async def word_facts(session: AsyncSession, deck_word_id: int) -> WordFacts:
    word = await session.get(DeckWord, deck_word_id)
    assert word is not None
    item = (
        await session.get(VocabularyItem, word.vocabulary_item_id)
        if word.vocabulary_item_id
        else None
    )
    return facts_of(word, item)


class WordFields(Protocol):
    """What the facts need of a deck word: a DeckWord, or the columns of one."""

    @property
    def lemma(self) -> str: ...
    @property
    def gender(self) -> str | None: ...
    @property
    def plural(self) -> str | None: ...
    @property
    def translations(self) -> list[str]: ...
    @property
    def example_de(self) -> str | None: ...
    @property
    def example_en(self) -> str | None: ...
    @property
    def enrichment(self) -> str: ...


class ItemFields(Protocol):
    """What the facts need of a catalogue entry: a VocabularyItem, or its columns."""

    @property
    def translations(self) -> list[str]: ...
    @property
    def example_de(self) -> str: ...
    @property
    def example_en(self) -> str: ...
    @property
    def genitive(self) -> str | None: ...
    @property
    def verb_forms(self) -> dict[str, Any] | None: ...
    @property
    def comparative(self) -> str | None: ...
    @property
    def superlative(self) -> str | None: ...


def facts_of(word: WordFields, item: ItemFields | None) -> WordFacts:
    """A deck word's facts; the catalogue entry it came from (if any) has the translations,
    unless the learner edited their own ("done")."""
    if word.enrichment == "done":
        item = None
    return WordFacts(
        lemma=word.lemma,
        article=article_of(word.gender),
        plural=word.plural,
        translations=list(item.translations if item else word.translations),
        example_de=item.example_de if item else word.example_de,
        example_en=item.example_en if item else word.example_en,
        gender=word.gender,
        forms=forms_of(item),
    )


def forms_of(item: ItemFields | None) -> WordForms:
    if item is None:
        return WordForms()
    verb = item.verb_forms or {}

    def verb_form(key: str) -> str | None:
        value = verb.get(key)
        return value if isinstance(value, str) else None

    return WordForms(
        genitive=item.genitive,
        praeteritum=verb_form("praeteritum"),
        partizip2=verb_form("partizip2"),
        auxiliary=verb_form("auxiliary"),
        comparative=item.comparative,
        superlative=item.superlative,
    )


def expected_answer(card: CardFields, facts: WordFacts) -> str:
    if card.kind == "article":
        return facts.article or ""
    if card.kind == "plural":
        return f"die {facts.plural or ''}".strip()
    if card.kind == "verb_forms":
        forms = facts.forms
        return verb_forms_answer(
            forms.praeteritum or "", forms.partizip2 or "", forms.auxiliary or ""
        )
    return (
        with_article(facts.lemma, facts.gender if facts.gender != "pl" else None)
        if facts.article
        else facts.lemma
    )


async def card_face(
    session: AsyncSession, user: User, card: Card, now: datetime | None = None
) -> CardFace:
    now = now or utcnow()
    facts = await word_facts(session, card.deck_word_id)
    english = ", ".join(facts.translations) or "(translation on its way)"
    singular = (
        with_article(facts.lemma, facts.gender if facts.gender != "pl" else None)
        if facts.article
        else facts.lemma
    )
    prompt = {
        "recognition": singular,
        "recall": english,
        "article": facts.lemma,
        "plural": f"{singular} → plural?",
        "verb_forms": f"{facts.lemma} → Präteritum, Perfekt?",
    }[card.kind]
    preview = scheduler_for(user).preview(memory_of(card), now)
    return CardFace(
        card_id=card.id,
        deck_word_id=card.deck_word_id,
        kind=card.kind,
        phase=PHASE_NAMES[card.phase],
        prompt=prompt,
        answer=english if card.kind == "recognition" else expected_answer(card, facts),
        expects_typing=card.kind in TYPED_CARD_KINDS,
        choices=list(ARTICLES) if card.kind == "article" else None,
        lemma=facts.lemma,
        article=facts.article,
        plural=facts.plural,
        translations=facts.translations,
        example_de=facts.example_de,
        example_en=facts.example_en,
        forms=facts.forms,
        reps=card.reps,
        lapses=card.lapses,
        due_at=card.due_at,
        next_due=NextDue(
            again=preview[Rating.AGAIN],
            hard=preview[Rating.HARD],
            good=preview[Rating.GOOD],
            easy=preview[Rating.EASY],
        ),
    )


@dataclass(slots=True)
class LockedCard:
    """A card as a review reads it (locked), and as it writes it back."""

    id: int
    deck_word_id: int
    kind: str
    phase: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due_at: datetime
    last_review_at: datetime | None
    reps: int
    lapses: int
    suspended_at: datetime | None
    suspended_reason: str | None


@dataclass(frozen=True, slots=True)
class _WordColumns:  # WordFields
    lemma: str
    gender: str | None
    plural: str | None
    translations: list[str]
    example_de: str | None
    example_en: str | None
    enrichment: str


@dataclass(frozen=True, slots=True)
class _ItemColumns:  # ItemFields
    translations: list[str]
    example_de: str
    example_en: str
    genitive: str | None
    verb_forms: dict[str, Any] | None
    comparative: str | None
    superlative: str | None


def _columns(table: Table, names: Sequence[str], prefix: str) -> list[Any]:
    return [table.c[name].label(f"{prefix}{name}") for name in names]


_CARD_FIELDS = tuple(field.name for field in fields(LockedCard))
_WORD_FIELDS = tuple(field.name for field in fields(_WordColumns))
_ITEM_FIELDS = tuple(field.name for field in fields(_ItemColumns))


def _locked_card_statement() -> Select[Any]:
    cards, words = typing.cast(Table, Card.__table__), typing.cast(Table, DeckWord.__table__)
    items = typing.cast(Table, VocabularyItem.__table__)
    return (
        select(
            *(cards.c[name] for name in _CARD_FIELDS),
            *_columns(words, _WORD_FIELDS, "word_"),
            items.c.id.label("item_id"),
            *_columns(items, _ITEM_FIELDS, "item_"),
        )
        .join(words, words.c.id == cards.c.deck_word_id)
        .outerjoin(items, items.c.id == words.c.vocabulary_item_id)
        .where(cards.c.user_id == bindparam("owner_id"), cards.c.id == bindparam("card_id"))
        .with_for_update(of=cards)
    )


# Compiled once and run on the driver (core.direct_sql): the card, its deck word and catalogue
# entry in one round trip, as plain values (no ORM objects, no identity map).
_LOCKED_CARD_WITH_FACTS = DirectStatement.of(_locked_card_statement())


async def locked_card_with_facts(
    session: AsyncSession, user: User, card_id: int
) -> tuple[LockedCard, WordFacts]:
    """The learner's card, locked for the review, with its word's facts: one round trip
    (card, deck word and catalogue entry joined) on the hot path of every review."""
    row = await _LOCKED_CARD_WITH_FACTS.fetchrow(session, {"owner_id": user.id, "card_id": card_id})
    if row is None:
        raise NotFound("No such card in your deck.")
    card = LockedCard(*(row[name] for name in _CARD_FIELDS))
    word = _WordColumns(*(row[f"word_{name}"] for name in _WORD_FIELDS))
    item = (
        None
        if row["item_id"] is None
        else _ItemColumns(*(row[f"item_{name}"] for name in _ITEM_FIELDS))
    )
    return card, facts_of(word, item)


_CARD_CHANGES = (
    "phase",
    "step",
    "stability",
    "difficulty",
    "due_at",
    "last_review_at",
    "reps",
    "lapses",
    "suspended_at",
    "suspended_reason",
)
_LOG_COLUMNS = (
    "card_id",
    "rating",
    "duration_ms",
    "memory_before",
    "memory_after",
    "source",
    "answer",
    "verdict",
)


@functools.cache
def _review_statement(followups: tuple[JobName, ...]) -> DirectStatement:
    """The review's one statement, built and compiled once per set of follow-ups with bound
    parameters (on the tables, not the ORM classes): a review only binds its values."""
    cards, logs = typing.cast(Table, Card.__table__), typing.cast(Table, ReviewLog.__table__)
    user_id = bindparam("p_user_id", type_=BigInteger)
    reviewed_at = bindparam("p_reviewed_at", type_=DateTime(timezone=True))
    updated = (
        update(cards)
        .where(cards.c.id == bindparam("p_card_id", type_=BigInteger))
        .values({name: bindparam(f"p_new_{name}", cards.c[name].type) for name in _CARD_CHANGES})
        .returning(cards.c.id)
    )
    logged = (
        insert(logs)
        .values(
            user_id=user_id,
            reviewed_at=reviewed_at,
            **{name: bindparam(f"p_log_{name}", type_=logs.c[name].type) for name in _LOG_COLUMNS},
        )
        .returning(logs.c.id)
        .cte("logged")
    )
    paid = award_for_returned(user_id, XpReason.REVIEW, logged.c.id, reviewed_at)
    statement = select(logged.c.id).add_cte(updated.cte("updated")).add_cte(paid.cte("paid"))
    if followups:
        kwargs = bindparam("p_followup_kwargs", type_=JSONB())
        run_after = bindparam("p_followup_at", type_=DateTime(timezone=True))
        queued = coalesced_requests_template([(name, kwargs) for name in followups], run_after)
        statement = statement.add_cte(queued.cte("queued"))
    return DirectStatement.of(statement)


async def _write_review(
    session: AsyncSession,
    card: LockedCard,
    changes: dict[str, object],
    log: dict[str, object],
    *,
    user_id: int,
    reviewed_at: datetime,
) -> int:
    """The card's new state, its review log row, the review's XP and the jobs paid XP asks
    for (league standing, achievement check; coalesced per learner while one is pending) in
    ONE statement (data-modifying CTEs): with BEGIN, the learner, the locked card and COMMIT,
    five round trips per review, and no work after the commit. The card gets the new values,
    and so does the session's Card object of it, if one is loaded (as already stored:
    nothing to flush)."""
    followups = claim_requests(session, award_followups(user_id))
    params: dict[str, object] = {
        "p_user_id": user_id,
        "p_reviewed_at": reviewed_at,
        "p_card_id": card.id,
        **{f"p_new_{name}": changes[name] for name in _CARD_CHANGES},
        **{f"p_log_{name}": log[name] for name in _LOG_COLUMNS},
    }
    if followups:
        params["p_followup_kwargs"] = {"user_id": user_id}
        params["p_followup_at"] = utcnow() + FOLLOWUP_DELAY
        assert all(kwargs == {"user_id": user_id} for _, kwargs in followups)
    statement = _review_statement(tuple(name for name, _ in followups))
    review_id = int(await statement.fetchval(session, params))
    loaded = session.sync_session.identity_map.get(identity_key(Card, card.id))
    for key, value in changes.items():
        setattr(card, key, value)
        if loaded is not None:
            set_committed_value(loaded, key, value)
    return review_id


async def review(
    session: AsyncSession,
    user: User,
    card_id: int,
    *,
    rating: int | None = None,
    answer: str | None = None,
    duration_ms: int | None = None,
    source: str = "review",
    now: datetime | None = None,
) -> ReviewResult:
    """Rate a card (buttons) or answer it (typed recall, article choice); FSRS reschedules."""
    now = now or utcnow()
    card, facts = await locked_card_with_facts(session, user, card_id)
    if card.suspended_at is not None:
        raise Conflict("This card is suspended; unsuspend the word to review it.")
    expected = marked_against = expected_answer(card, facts)
    verdict = None
    feedback = reason = None
    if answer is not None:
        if card.kind == "recognition":
            raise Invalid("Recognition cards are rated with a button, not typed.")
        if card.kind == "article":
            chosen = answer.strip().lower()
            correct = chosen == expected
            verdict = Verdict.CORRECT if correct else Verdict.WRONG
            feedback = None if correct else f"It's {expected} {facts.lemma}."
            if not correct and chosen in ARTICLES:
                reason = f"Wrong article: {expected}, not {chosen}."
        elif card.kind in FORM_KINDS:
            check = check_forms(card.kind, answer, facts)
            verdict, feedback, reason = check.verdict, check.feedback, check.reason or None
            marked_against = check.matched
        else:
            check = check_answer(answer, [expected], mode="word")
            verdict, feedback = check.verdict, check.feedback
            reason = await _reason(session, check, answer, facts) or None
        rating = int(RATING_BY_VERDICT[verdict])
    if rating is None or not 1 <= rating <= 4:
        raise Invalid("Give a rating from 1 (Again) to 4 (Easy), or an answer.")
    before = _snapshot(card)
    was_review = card.phase == int(Phase.REVIEW)
    memory = scheduler_for(user).review(memory_of(card), Rating(rating), now)
    stored = replace(memory, due_at=memory.due_at or card.due_at)
    lapses = card.lapses + (1 if was_review and rating == Rating.AGAIN else 0)
    leech = lapses >= LEECH_LAPSES and card.suspended_at is None and rating == Rating.AGAIN
    changes: dict[str, object] = {
        "phase": int(memory.phase),
        "step": memory.step,
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due_at": stored.due_at,
        "last_review_at": memory.last_review_at,
        "reps": card.reps + 1,
        "lapses": lapses,
    }
    changes.update(
        suspended_at=now if leech else None,
        suspended_reason="leech" if leech else card.suspended_reason,
    )
    after = {**before, **stored.as_dict(), "reps": changes["reps"], "lapses": lapses}
    if leech:
        after["suspended_reason"] = "leech"
    review_id = await _write_review(
        session,
        card,
        changes,
        {
            "card_id": card.id,
            "rating": rating,
            "duration_ms": duration_ms,
            "memory_before": before,
            "memory_after": after,
            "source": source,
            "answer": answer[:500] if answer is not None else None,
            "verdict": verdict.value if verdict is not None else None,
        },
        user_id=user.id,
        reviewed_at=now,
    )
    marked = (
        mark(answer, marked_against)
        if answer is not None and card.kind in TYPED_CARD_KINDS and verdict is not Verdict.CORRECT
        else None
    )
    return ReviewResult(
        card_id=card.id,
        rating=rating,
        verdict=verdict.value if verdict is not None else None,
        feedback=feedback,
        reason=reason,
        marked=marked,
        expected=expected,
        due_at=card.due_at,
        phase=PHASE_NAMES[card.phase],
        interval_days=round((card.due_at - now).total_seconds() / 86400, 4),
        leech=leech,
        review_id=review_id,
    )


FORM_KINDS = frozenset({"plural", "verb_forms"})


def check_forms(kind: str, typed: str, facts: WordFacts) -> AnswerCheck:
    """A typed plural or verb forms, checked part by part (core.answers.forms)."""
    if kind == "plural":
        return check_plural(typed, facts.lemma, facts.plural or "")
    forms = facts.forms
    return check_verb_forms(
        typed,
        facts.lemma,
        forms.praeteritum or "",
        forms.partizip2 or "",
        forms.auxiliary or "",
    )


async def _meaning_of(session: AsyncSession, word: str) -> str | None:
    """The first translation of a catalogue word spelt exactly so (schon: already)."""
    translations = await session.scalar(
        select(VocabularyItem.translations)
        .where(VocabularyItem.lemma == word, VocabularyItem.retired_at.is_(None))
        .order_by(VocabularyItem.frequency_rank.asc().nulls_last(), VocabularyItem.id)
        .limit(1)
    )
    return translations[0] if translations else None


async def _reason(session: AsyncSession, check: AnswerCheck, typed: str, facts: WordFacts) -> str:
    """Why a typed recall answer is not quite right, told about this word: the plural given
    for the singular, an umlaut that makes another known word (schon: already)."""
    if check.verdict is Verdict.CORRECT:
        return ""
    words = typed.split()
    noun = words[-1] if words else ""
    if facts.plural and noun.lower() == facts.plural.lower() and noun != facts.lemma:
        return f"That's the plural (die {facts.plural}); the card asks for the singular."
    if "umlaut" in check.issues and len(words) == len(check.matched.split()):
        for wrote, right in zip(words, check.matched.split(), strict=True):
            if wrote != right and wrote.lower() != right.lower():
                meaning = await _meaning_of(session, wrote)
                if meaning:
                    return f"Mind the umlaut: {right} ({wrote} means “{meaning}”)."
    return check.reason


async def undo_last_review(session: AsyncSession, user: User) -> Card:
    """Put the most recent review's card back exactly as it was before that review."""
    log = await session.scalar(
        select(ReviewLog)
        .where(mine(ReviewLog, user), ReviewLog.undone_at.is_(None))
        .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())
        .limit(1)
        .with_for_update()
    )
    if log is None:
        raise NotFound("There is no review to undo.")
    return await _undo(session, user, log)


async def _undo(session: AsyncSession, user: User, log: ReviewLog) -> Card:
    card = await get_card(session, user, log.card_id, lock=True)
    before = log.memory_before
    _apply(card, MemoryState.from_dict(before))
    card.reps = int(before.get("reps", max(card.reps - 1, 0)))
    card.lapses = int(before.get("lapses", card.lapses))
    if card.suspended_reason == "leech" and before.get("suspended_reason") != "leech":
        card.suspended_at = None
        card.suspended_reason = None
    log.undone_at = utcnow()
    # The ledger is append-only: the undone review's XP is taken back by an entry of its own.
    await award(session, user.id, XpReason.REVIEW_UNDONE, log.id)
    await session.flush()
    return card


OVERRIDE_SOURCE = "override"


async def override_review(
    session: AsyncSession, user: User, review_id: int, *, now: datetime | None = None
) -> ReviewResult:
    """ "I was right": a typed answer the checker rejected (or took as a typo) counts as
    Good after all. The rejected review stays in the log, marked undone (its XP taken back),
    and the override is a review of its own (source "override", the same answer), so FSRS
    and the XP ledger each see one review of the card."""
    now = now or utcnow()
    log = await get_owned(
        session, ReviewLog, review_id, user, missing="No such review of yours.", lock=True
    )
    card = await get_card(session, user, log.card_id)
    typed = card.kind in TYPED_CARD_KINDS and log.answer is not None
    if not typed or log.verdict not in (Verdict.WRONG.value, Verdict.TYPO.value):
        raise Conflict("Only a typed answer that was not taken as right can be overridden.")
    if log.undone_at is not None:
        raise Conflict("That review was already undone or overridden.")
    later = await session.scalar(
        select(func.count()).where(
            ReviewLog.card_id == log.card_id,
            ReviewLog.undone_at.is_(None),
            ReviewLog.id != log.id,
            ReviewLog.reviewed_at >= log.reviewed_at,
        )
    )
    if later:
        raise Conflict("That card was reviewed again since; only its last review can change.")
    await _undo(session, user, log)
    result = await review(
        session, user, log.card_id, rating=int(Rating.GOOD), source=OVERRIDE_SOURCE, now=now
    )
    await session.execute(
        update(ReviewLog)
        .where(ReviewLog.id == result.review_id)
        .values(answer=log.answer, verdict=Verdict.CORRECT.value)
    )
    return result.model_copy(update={"verdict": Verdict.CORRECT.value})


async def unpause_leeches(session: AsyncSession, user: User, word: str) -> str:
    """Release the cards of a word that were paused as leeches (forgotten too often), so they
    come back in reviews; the word as found in the deck. A word the learner paused
    themselves stays paused (that is a deck setting)."""
    _, lemma = split_article(word)
    if not lemma:
        raise Invalid("Which word? For example: /unpause Haus")
    prefix = lemma_key(lemma, "")  # "<folded lemma>:" for every part of speech
    rows = (
        await session.execute(
            owned(Card, user)
            .add_columns(DeckWord.lemma)
            .join(DeckWord, DeckWord.id == Card.deck_word_id)
            .where(DeckWord.lemma_key.startswith(prefix, autoescape=True))
            .where(Card.suspended_reason == "leech")
            .with_for_update(of=Card)
        )
    ).all()
    if not rows:
        raise NotFound(f"No paused card of \u201c{lemma}\u201d in your deck.")
    for card, _ in rows:
        card.suspended_at = None
        card.suspended_reason = None
    await session.flush()
    return str(rows[0][1])


async def review_history(
    session: AsyncSession, user: User, *, card_id: int | None = None, limit: int = 100
) -> list[ReviewLog]:
    statement = owned(ReviewLog, user)
    if card_id is not None:
        await get_card(session, user, card_id)
        statement = statement.where(ReviewLog.card_id == card_id)
    logs = await session.scalars(
        statement.order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc()).limit(limit)
    )
    return list(logs.all())
