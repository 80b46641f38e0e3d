"""Grammar practice: topics with mastery, drills (start, current, answer, "I was right",
next, finish), progress per topic, weak areas, the placement test."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from api.deps import CurrentUser, ResourcesDep, SessionDep
from api.errors import error_responses
from core.ai_quota import AiAccess
from core.constrained import RowId, Slug, Text
from core.german import CefrLevel
from core.grammar import catalogue, drills, generation, placement, weak
from core.grammar.schemas import (
    DrillAnswerRequest,
    DrillView,
    GenerationView,
    PlacementAnswerRequest,
    PlacementView,
    StartDrillRequest,
    TopicList,
    TopicPage,
    TopicProgress,
    VersionRequest,
    WeakArea,
)
from core.study.sessions import unless_stale

router = APIRouter(
    prefix="/grammar", tags=["grammar"], responses=error_responses(400, 401, 404, 409, 413, 422)
)


@router.get("/topics", response_model=TopicList)
async def topics(
    user: CurrentUser,
    session: SessionDep,
    level: CefrLevel | None = None,
    category: Annotated[Text | None, Query(max_length=32)] = None,
) -> TopicList:
    """Topics easiest first, each with your mastery and whether it is due."""
    return await catalogue.list_topics(session, user, level=level, category=category)


@router.get("/topics/{slug}", response_model=TopicPage)
async def topic(
    slug: Slug, user: CurrentUser, session: SessionDep, resources: ResourcesDep
) -> TopicPage:
    """One topic: the explanation (Markdown), examples and common mistakes."""
    ai_enabled = resources.settings.ai_mode == "claude"
    return await catalogue.topic_page(session, user, slug, ai_enabled=ai_enabled)


@router.post(
    "/topics/{slug}/exercises/generate",
    response_model=GenerationView,
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(429),
)
async def generate_exercises(
    slug: Slug, user: CurrentUser, session: SessionDep, resources: ResourcesDep
) -> GenerationView:
    """Ask Claude for new exercises of this topic at its level (a background job, one call).
    Only exercises that pass every check of the content files are kept; the view counts the
    rejected ones with their reasons. Poll GET .../exercises/generation for the outcome.
    Offline (no Claude configured): 422, the bank alone is used; today's AI allowance used
    up: 429; unknown topic: 404."""
    ai = AiAccess.of(resources.settings)
    return await generation.request_generation(session, user, slug, ai=ai)


@router.get("/topics/{slug}/exercises/generation", response_model=GenerationView)
async def latest_generation(slug: Slug, user: CurrentUser, session: SessionDep) -> GenerationView:
    """Your most recent request for new exercises of this topic (404 when there is none)."""
    return await generation.my_latest_generation(session, user, slug)


@router.get("/progress", response_model=list[TopicProgress])
async def progress(user: CurrentUser, session: SessionDep) -> list[TopicProgress]:
    """Every topic you have practised with its mastery, the weakest first."""
    return await catalogue.progress(session, user)


@router.get("/weak-areas", response_model=list[WeakArea])
async def weak_areas(user: CurrentUser, session: SessionDep) -> list[WeakArea]:
    """Topics ranked by recent wrong answers and by your conversation mistakes."""
    return await weak.weak_areas(session, user)


@router.post("/sessions", response_model=DrillView, status_code=status.HTTP_201_CREATED)
async def start(body: StartDrillRequest, user: CurrentUser, session: SessionDep) -> DrillView:
    """Start a drill of about ten exercises: one topic (`topic`), the due topics, your weak
    areas, or the topic of your last conversation's most frequent mistake. A drill you had
    running is abandoned. Nothing due, no weak areas, no topic: 422; unknown topic: 404."""
    return await drills.start_drill(session, user, source=body.source, topic=body.topic)


@router.get("/sessions/current", response_model=DrillView)
async def current(user: CurrentUser, session: SessionDep) -> DrillView:
    """Your running drill (404 when none is running)."""
    return await drills.current_drill(session, user)


@router.get("/sessions/{session_id}", response_model=DrillView)
async def read(session_id: RowId, user: CurrentUser, session: SessionDep) -> DrillView:
    return await drills.get_drill(session, user, session_id)


@router.post("/sessions/{session_id}/answers", response_model=DrillView)
async def answer(
    session_id: RowId,
    body: DrillAnswerRequest,
    user: CurrentUser,
    session: SessionDep,
    resources: ResourcesDep,
) -> DrillView:
    """Answer the current exercise: `choice` (multiple choice), `tokens` (word order: token
    indices in your order) or `text`. The view's `feedback` holds the verdict and the why.
    A translation or correction the bank does not know is judged by Claude when configured:
    the view's stage is then "judging" until GET .../sessions/{id} shows the feedback.
    Answering twice, or a drill that moved on or is over: 409; a malformed answer: 422."""
    outcome = await drills.answer(
        session,
        user,
        session_id,
        body.version,
        text=body.text,
        choice=body.choice,
        tokens=body.tokens,
        ai=AiAccess.of(resources.settings),
    )
    return unless_stale(outcome)


@router.post("/sessions/{session_id}/claim", response_model=DrillView)
async def claim(
    session_id: RowId, body: VersionRequest, user: CurrentUser, session: SessionDep
) -> DrillView:
    """ "I was right": a rejected typed answer counts as right and is kept for review."""
    return unless_stale(await drills.claim_right(session, user, session_id, body.version))


@router.post("/sessions/{session_id}/next", response_model=DrillView)
async def next_exercise(
    session_id: RowId, body: VersionRequest, user: CurrentUser, session: SessionDep
) -> DrillView:
    """On to the next exercise; after the last one the drill ends and each topic is rated."""
    return unless_stale(await drills.next_exercise(session, user, session_id, body.version))


@router.post("/sessions/{session_id}/finish", response_model=DrillView)
async def finish(session_id: RowId, user: CurrentUser, session: SessionDep) -> DrillView:
    """End the drill now: the answered exercises rate their topics. Finishing twice is fine."""
    return unless_stale(await drills.stop_drill(session, user, session_id))


@router.post("/placement", response_model=PlacementView, status_code=status.HTTP_201_CREATED)
async def start_placement(user: CurrentUser, session: SessionDep) -> PlacementView:
    """Start the adaptive placement test (at most 20 items, multiple choice and fill-in,
    A1–C1). It stops once your level is clear and sets it on your profile; retake any time."""
    return await placement.start_placement(session, user)


@router.get("/placement/{test_id}", response_model=PlacementView)
async def read_placement(test_id: RowId, user: CurrentUser, session: SessionDep) -> PlacementView:
    """The test: the current item, or the result (level, confidence, topics to start with)."""
    return await placement.get_placement(session, user, test_id)


@router.post("/placement/{test_id}/answers", response_model=PlacementView)
async def answer_placement(
    test_id: RowId, body: PlacementAnswerRequest, user: CurrentUser, session: SessionDep
) -> PlacementView:
    """Answer the current item with `choice` or `text`. After the test is over: 409."""
    outcome = await placement.answer_placement(
        session, user, test_id, body.version, text=body.text, choice=body.choice
    )
    return unless_stale(outcome)
