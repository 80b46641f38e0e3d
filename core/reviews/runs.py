"""A review run in a chat: which card is shown, whether its answer is revealed, progress.

A study session of kind "review" (core.study): every press returns the `ReviewScreen` to
show next, or `Stale` when its button is out of date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession

from core.card_kinds import TYPED_CARD_KINDS
from core.clock import utcnow
from core.models import Card, StudySession, User, WordList
from core.ownership import get_owned
from core.reviews.schemas import CardFace, ReviewResult
from core.reviews.service import (
    card_face,
    due_queue,
    due_summary,
    get_card,
    next_due_at,
    override_review,
    review,
    undo_last_review,
    word_facts,
)
from core.study import sessions
from core.study.sessions import Stale

KIND: Final = "review"


@dataclass(frozen=True)
class Answered:
    """The verdict on the card just answered, and its lemma (for a leech notice)."""

    result: ReviewResult
    lemma: str


@dataclass(frozen=True)
class ReviewScreen:
    """What the run's message shows now."""

    run_id: int
    version: int
    face: CardFace | None  # None when the run is finished
    revealed: bool
    done: int
    total: int
    now: datetime
    answered: Answered | None = None
    undone: bool = False
    overridden: bool = False  # `answered` was re-rated Good by the learner ("I was right")
    next_due_at: datetime | None = None  # when finished: the next card's due time
    new_only: bool = False  # a run of today's new words only
    list_name: str | None = None  # a run of one word list's words only


@dataclass(frozen=True)
class TypedAnswer:
    screen: ReviewScreen
    previous_message_id: int | None  # the message whose buttons no longer apply


async def _next_card(
    session: AsyncSession,
    user: User,
    now: datetime,
    *,
    new_only: bool = False,
    list_id: int | None = None,
) -> Card | None:
    queue = await due_queue(session, user, now, limit=1, new_only=new_only, list_id=list_id)
    return queue[0] if queue else None


async def _shown_card(session: AsyncSession, run: StudySession) -> Card | None:
    card_id = run.payload.get("card_id")
    return await session.get(Card, card_id) if card_id else None


async def _screen(
    session: AsyncSession,
    user: User,
    run: StudySession,
    now: datetime,
    *,
    answered: Answered | None = None,
    undone: bool = False,
    overridden: bool = False,
) -> ReviewScreen:
    card = await _shown_card(session, run)
    return ReviewScreen(
        run_id=run.id,
        version=run.version,
        face=await card_face(session, user, card, now) if card else None,
        revealed=bool(run.payload.get("revealed")),
        done=int(run.payload["done"]),
        total=int(run.payload["total"]),
        now=now,
        answered=answered,
        undone=undone,
        overridden=overridden,
        next_due_at=None if card else await next_due_at(session, user),
        new_only=bool(run.payload.get("new_only")),
        list_name=run.payload.get("list_name"),
    )


async def start_review(
    session: AsyncSession,
    user: User,
    chat_id: int | None = None,
    now: datetime | None = None,
    *,
    new_only: bool = False,
    list_id: int | None = None,
) -> ReviewScreen:
    """Start a fresh run (an unfinished one is abandoned); no face when nothing is due.
    `new_only`: a run of today's new words only, without the due reviews. `list_id`: a run of
    that word list's words only."""
    now = now or utcnow()
    list_name = (
        (await get_owned(session, WordList, list_id, user, missing="No such list.")).name
        if list_id
        else None
    )
    summary = await due_summary(session, user, now, list_id=list_id)
    card = await _next_card(session, user, now, new_only=new_only, list_id=list_id)
    payload = {
        "new_only": new_only,
        "list_id": list_id,
        "list_name": list_name,
        "total": summary.new_available if new_only else summary.total,
        "done": 0,
        "card_id": card.id if card else None,
        "revealed": False,
    }
    run = await sessions.start(
        session, user, KIND, payload, now, chat_id=chat_id, finished=card is None
    )
    return await _screen(session, user, run, now)


async def reveal(
    session: AsyncSession, user: User, run_id: int, version: int, now: datetime | None = None
) -> ReviewScreen | Stale:
    now = now or utcnow()
    run = await sessions.load_for_press(session, user, KIND, run_id, version)
    if isinstance(run, Stale):
        return run
    sessions.save(run, {**run.payload, "revealed": True})
    return await _screen(session, user, run, now)


async def answer(
    session: AsyncSession,
    user: User,
    run_id: int,
    version: int,
    *,
    rating: int | None = None,
    typed: str | None = None,
    now: datetime | None = None,
) -> ReviewScreen | Stale:
    """Rate (or answer) the shown card and move on to the next one."""
    now = now or utcnow()
    run = await sessions.load_for_press(session, user, KIND, run_id, version)
    if isinstance(run, Stale):
        return run
    return await _answer(session, user, run, rating, typed, now)


async def _answer(
    session: AsyncSession,
    user: User,
    run: StudySession,
    rating: int | None,
    typed: str | None,
    now: datetime,
) -> ReviewScreen:
    card = await _shown_card(session, run)
    assert card is not None, "an active run always shows a card"
    lemma = (await word_facts(session, card.deck_word_id)).lemma
    result = await review(session, user, card.id, rating=rating, answer=typed, now=now)
    following = await _next_card(
        session,
        user,
        now,
        new_only=bool(run.payload.get("new_only")),
        list_id=run.payload.get("list_id"),
    )
    done = int(run.payload["done"]) + 1
    total = max(int(run.payload["total"]), done + (1 if following else 0))
    changes = {"done": done, "total": total, "revealed": False}
    sessions.save(run, {**run.payload, **changes, "card_id": following.id if following else None})
    if following is None:
        sessions.finish(run, now)
    return await _screen(session, user, run, now, answered=Answered(result, lemma))


async def answer_typed(
    session: AsyncSession, user: User, run_id: int, text: str, now: datetime | None = None
) -> TypedAnswer | None:
    """A text message as the answer to the shown card; None when that card does not take
    typed text right now (it is answered with buttons, or already revealed)."""
    now = now or utcnow()
    run = await sessions.load_for_press(session, user, KIND, run_id, None)
    if isinstance(run, Stale) or run.payload.get("revealed"):
        return None
    card = await _shown_card(session, run)
    if card is None or card.kind not in TYPED_CARD_KINDS:
        return None
    previous_message_id = run.message_id
    screen = await _answer(session, user, run, None, text, now)
    return TypedAnswer(screen, previous_message_id)


async def undo(
    session: AsyncSession, user: User, run_id: int, version: int, now: datetime | None = None
) -> ReviewScreen | Stale:
    """Undo the last review and show that card again (reopening a finished run)."""
    now = now or utcnow()
    run = await sessions.load_for_press(session, user, KIND, run_id, version, finished_ok=True)
    if isinstance(run, Stale):
        return run
    card = await undo_last_review(session, user)
    await sessions.reopen(session, user, run, now)
    changes = {"done": max(int(run.payload["done"]) - 1, 0), "revealed": False}
    sessions.save(run, {**run.payload, **changes, "card_id": card.id})
    return await _screen(session, user, run, now, undone=True)


async def override(
    session: AsyncSession,
    user: User,
    run_id: int,
    version: int,
    review_id: int,
    now: datetime | None = None,
) -> ReviewScreen | Stale:
    """ "I was right" on the verdict just shown: that review counts as Good; the run goes on
    with the card it shows."""
    now = now or utcnow()
    run = await sessions.load_for_press(session, user, KIND, run_id, version, finished_ok=True)
    if isinstance(run, Stale):
        return run
    result = await override_review(session, user, review_id, now=now)
    card = await get_card(session, user, result.card_id)
    lemma = (await word_facts(session, card.deck_word_id)).lemma
    sessions.save(run, dict(run.payload))  # the "I was right" button is spent
    return await _screen(session, user, run, now, answered=Answered(result, lemma), overridden=True)


async def undo_last(session: AsyncSession, user: User) -> str:
    """/undo: the learner's last review undone wherever it was made; the word's lemma."""
    card = await undo_last_review(session, user)
    return (await word_facts(session, card.deck_word_id)).lemma


async def set_message(
    session: AsyncSession, user: User, run_id: int, chat_id: int, message_id: int
) -> None:
    await sessions.set_message(session, user, KIND, run_id, chat_id, message_id)
