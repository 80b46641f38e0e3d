"""A review run in a chat: which card is shown, whether its answer is revealed, progress.

Stored in study_sessions (not process memory), so it survives restarts and replicas; every
change bumps `version`, so a stale or double-pressed button is recognised and ignored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.errors import Conflict, NotFound
from core.models import Card, StudySession, User
from core.reviews.schemas import ReviewResult
from core.reviews.service import due_queue, due_summary, review, undo_last_review

KIND = "review"


@dataclass(frozen=True)
class ReviewStep:
    session: StudySession
    card: Card | None  # None when the run is finished
    total: int
    done: int
    result: ReviewResult | None = None


async def active_review(session: AsyncSession, user: User) -> StudySession | None:
    return await session.scalar(
        select(StudySession)
        .where(
            StudySession.user_id == user.id,
            StudySession.kind == KIND,
            StudySession.status == "active",
        )
        .with_for_update()
    )


async def _next_card(session: AsyncSession, user: User, now: datetime) -> Card | None:
    queue = await due_queue(session, user, now, limit=1)
    return queue[0] if queue else None


def _step(run: StudySession, card: Card | None, result: ReviewResult | None = None) -> ReviewStep:
    return ReviewStep(run, card, int(run.payload["total"]), int(run.payload["done"]), result)


async def start_review(
    session: AsyncSession, user: User, chat_id: int | None = None, now: datetime | None = None
) -> ReviewStep:
    """Start a fresh run (an unfinished one is abandoned); card is None when nothing is due."""
    now = now or utcnow()
    await session.execute(
        update(StudySession)
        .where(
            StudySession.user_id == user.id,
            StudySession.kind == KIND,
            StudySession.status == "active",
        )
        .values(status="abandoned", finished_at=now)
    )
    summary = await due_summary(session, user, now)
    card = await _next_card(session, user, now)
    run = StudySession(
        user_id=user.id,
        kind=KIND,
        status="active" if card else "finished",
        payload={
            "total": summary.total,
            "done": 0,
            "card_id": card.id if card else None,
            "revealed": False,
        },
        chat_id=chat_id,
        finished_at=None if card else now,
    )
    session.add(run)
    await session.flush()
    return _step(run, card)


async def _load(session: AsyncSession, user: User, run_id: int, version: int) -> StudySession:
    run = await session.scalar(
        select(StudySession)
        .where(StudySession.id == run_id, StudySession.user_id == user.id)
        .with_for_update()
    )
    if run is None:
        raise NotFound("This review is not yours.")
    if run.status != "active" or run.version != version:
        raise Conflict("That card was already answered.")
    return run


def _touch(run: StudySession, **changes: object) -> None:
    run.payload = {**run.payload, **changes}
    run.version += 1


async def current_card(session: AsyncSession, run: StudySession) -> Card | None:
    card_id = run.payload.get("card_id")
    return await session.get(Card, card_id) if card_id else None


async def shown_card(session: AsyncSession, user: User, run_id: int) -> Card | None:
    """The card a run is showing (no version check: for rendering only)."""
    run = await session.get(StudySession, run_id)
    if run is None or run.user_id != user.id:
        return None
    return await current_card(session, run)


async def reveal(session: AsyncSession, user: User, run_id: int, version: int) -> ReviewStep:
    run = await _load(session, user, run_id, version)
    _touch(run, revealed=True)
    return _step(run, await current_card(session, run))


async def answer(
    session: AsyncSession,
    user: User,
    run_id: int,
    version: int,
    *,
    rating: int | None = None,
    typed: str | None = None,
    now: datetime | None = None,
) -> ReviewStep:
    """Rate (or answer) the shown card and move on to the next one."""
    now = now or utcnow()
    run = await _load(session, user, run_id, version)
    card_id = run.payload.get("card_id")
    if card_id is None:
        raise Conflict("This review is finished.")
    result = await review(session, user, int(card_id), rating=rating, answer=typed, now=now)
    return await _advance(session, user, run, now, result)


async def _advance(
    session: AsyncSession, user: User, run: StudySession, now: datetime, result: ReviewResult | None
) -> ReviewStep:
    card = await _next_card(session, user, now)
    done = int(run.payload["done"]) + (1 if result else 0)
    total = max(int(run.payload["total"]), done + (1 if card else 0))
    _touch(run, done=done, total=total, card_id=card.id if card else None, revealed=False)
    if card is None:
        run.status = "finished"
        run.finished_at = now
    return _step(run, card, result)


async def undo(session: AsyncSession, user: User, run_id: int) -> ReviewStep:
    """Undo the last review and show that card again (reopening a finished run)."""
    run = await session.scalar(
        select(StudySession)
        .where(StudySession.id == run_id, StudySession.user_id == user.id)
        .with_for_update()
    )
    if run is None:
        raise NotFound("This review is not yours.")
    card = await undo_last_review(session, user)
    await session.execute(
        update(StudySession)
        .where(
            StudySession.user_id == user.id,
            StudySession.kind == KIND,
            StudySession.status == "active",
            StudySession.id != run.id,
        )
        .values(status="abandoned", finished_at=utcnow())
    )
    run.status = "active"
    run.finished_at = None
    _touch(run, done=max(int(run.payload["done"]) - 1, 0), card_id=card.id, revealed=False)
    return _step(run, card)


async def set_message(
    session: AsyncSession, run: StudySession, chat_id: int, message_id: int
) -> None:
    run.chat_id = chat_id
    run.message_id = message_id
    await session.flush()
