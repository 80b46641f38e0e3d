"""New words for the learner: from a text they send, and recommended next words."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import CurrentUser, SessionDep
from api.errors import error_responses
from core.vocabulary.detect import (
    DetectWords,
    WordSuggestion,
    detect_words_view,
    recommendations_view,
)

router = APIRouter(
    prefix="/vocabulary", tags=["vocabulary"], responses=error_responses(400, 401, 422)
)


@router.post("/detect", response_model=list[WordSuggestion])
async def detect_words(
    body: DetectWords, user: CurrentUser, session: SessionDep
) -> list[WordSuggestion]:
    """The words of a German text worth adding to your deck, best first (up to 10).

    Words are lemmatised ("ging" → gehen); function words and words already in your deck are
    left out. Catalogue words come first — your level, then the level above, then easier and
    harder ones; more frequent words first — with their translations; then other German words
    the frequency lists know. Nothing is added: add a word with POST /vocabulary/deck.
    """
    return await detect_words_view(session, user, body.text)


@router.get("/recommendations", response_model=list[WordSuggestion])
async def recommendations(user: CurrentUser, session: SessionDep) -> list[WordSuggestion]:
    """Your next words (up to 10): catalogue words the tutor used in your recent conversations
    that are not in your deck, then the most frequent words of your level you do not have
    yet, then of the level above."""
    return await recommendations_view(session, user)
