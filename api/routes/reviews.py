from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import CurrentUser, SessionDep
from api.errors import error_responses
from core.constrained import RowId
from core.reviews import service
from core.reviews.schemas import CardFace, DueSummary, ReviewRequest, ReviewResult
from core.vocabulary.lists import get_word_list

router = APIRouter(
    prefix="/reviews", tags=["reviews"], responses=error_responses(400, 401, 404, 409, 413, 422)
)


class DueSummaryOut(DueSummary):
    total_due: int


class ReviewLogEntry(BaseModel):
    id: int
    card_id: int
    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    source: str
    answer: str | None
    verdict: str | None
    undone: bool


@router.get("/summary", response_model=DueSummaryOut)
async def summary(
    user: CurrentUser, session: SessionDep, list_id: RowId | None = None
) -> DueSummaryOut:
    """How many reviews are due now and how many new cards today's limit still allows
    (`list_id`: counting only that word list's words)."""
    if list_id is not None:
        await get_word_list(session, user, list_id)
    due = await service.due_summary(session, user, list_id=list_id)
    return DueSummaryOut(**due.model_dump(), total_due=due.total)


@router.get("/next", response_model=list[CardFace])
async def next_cards(
    user: CurrentUser,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=50)] = 1,
    new_only: Annotated[bool, Query(description="Only today's new words.")] = False,
    list_id: Annotated[RowId | None, Query(description="Only this word list's words.")] = None,
) -> list[CardFace]:
    """The head of the due queue: most-forgotten due cards first, then new cards up to the
    daily limit (`new_only`: just those; `list_id`: study one list only). Each card carries
    `next_due` per rating, for labels on the buttons."""
    if list_id is not None:
        await get_word_list(session, user, list_id)
    cards = await service.due_queue(session, user, limit=limit, new_only=new_only, list_id=list_id)
    return [await service.card_face(session, user, card) for card in cards]


@router.get("/cards/{card_id}", response_model=CardFace)
async def read_card(card_id: int, user: CurrentUser, session: SessionDep) -> CardFace:
    return await service.card_face(session, user, await service.get_card(session, user, card_id))


@router.post("", response_model=ReviewResult)
async def review(body: ReviewRequest, user: CurrentUser, session: SessionDep) -> ReviewResult:
    """Rate a card 1-4, or send `answer`: the typed German for recall cards (checked
    deterministically: case, punctuation and umlaut/ß spellings count as a typo → Hard) or
    der/die/das for article cards. Recognition cards take a rating only."""
    return await service.review(
        session,
        user,
        body.card_id,
        rating=body.rating,
        answer=body.answer,
        duration_ms=body.duration_ms,
    )


@router.post("/undo", response_model=CardFace)
async def undo(user: CurrentUser, session: SessionDep) -> CardFace:
    """Undo your most recent review; the card is back exactly as it was before it."""
    card = await service.undo_last_review(session, user)
    return await service.card_face(session, user, card)


@router.post("/{review_id}/override", response_model=ReviewResult)
async def override(review_id: RowId, user: CurrentUser, session: SessionDep) -> ReviewResult:
    """ "I was right": a typed answer that was judged wrong (or a typo) counts as Good after
    all. The judged review stays in the log, marked undone (its XP taken back); the override
    is logged as a review of its own (source "override"). Only the card's last review can be
    overridden (409 otherwise, or when it was already undone or was not a typed answer)."""
    return await service.override_review(session, user, review_id)


@router.get("/log", response_model=list[ReviewLogEntry])
async def review_log(
    user: CurrentUser,
    session: SessionDep,
    card_id: RowId | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[ReviewLogEntry]:
    """Your review log, newest first (all of it is kept, so FSRS can be fitted to you)."""
    logs = await service.review_history(session, user, card_id=card_id, limit=limit)
    return [
        ReviewLogEntry(
            id=log.id,
            card_id=log.card_id,
            rating=log.rating,
            reviewed_at=log.reviewed_at,
            duration_ms=log.duration_ms,
            source=log.source,
            answer=log.answer,
            verdict=log.verdict,
            undone=log.undone_at is not None,
        )
        for log in logs
    ]
