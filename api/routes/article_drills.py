"""The der/die/das drill (the bot's /articles) for web clients: a round of nouns, due
article cards first (those answers are FSRS reviews), each answer's verdict with the
gender rule and the translation, and a summary with the XP at the end."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import CurrentUser, SessionDep
from api.errors import error_responses
from core.constrained import RowId
from core.quizzes import articles
from core.quizzes.schemas import ArticleAnswerRequest, ArticleDrillSummary, ArticleDrillView
from core.study.sessions import unless_stale

router = APIRouter(
    prefix="/article-drills",
    tags=["article drill"],
    responses=error_responses(400, 401, 404, 409, 413, 422),
)


@router.post("", response_model=ArticleDrillView, status_code=status.HTTP_201_CREATED)
async def start_drill(user: CurrentUser, session: SessionDep) -> ArticleDrillView:
    """Start a round of up to 15 nouns: your due article cards first, then other nouns of
    your deck, topped up from the catalogue at your level. A round you had running (here or
    in the bot) is abandoned. `current` is the noun to give the article for."""
    drill, _ = await articles.start_drill(session, user)
    return drill


@router.get("/current", response_model=ArticleDrillView)
async def current_drill(user: CurrentUser, session: SessionDep) -> ArticleDrillView:
    """Your running round, to pick it up again (404 when none is running)."""
    return await articles.current_drill(session, user)


@router.get("/{drill_id}", response_model=ArticleDrillView)
async def read_drill(drill_id: RowId, user: CurrentUser, session: SessionDep) -> ArticleDrillView:
    return await articles.get_drill(session, user, drill_id)


@router.post("/{drill_id}/answers", response_model=ArticleDrillView)
async def answer(
    drill_id: RowId, body: ArticleAnswerRequest, user: CurrentUser, session: SessionDep
) -> ArticleDrillView:
    """Answer the noun asked now. `last` is the verdict: right or wrong, the right article,
    the gender rule it follows or breaks, its translation, and whether the answer was an
    FSRS review of a due card; `current` is the next noun (None after the last one, which
    finishes the round). Answering a finished or replaced round, or with an old `version`:
    409."""
    answered = await articles.answer_article(
        session, user, drill_id, body.version, article=body.article
    )
    return unless_stale(answered)


@router.post("/{drill_id}/finish", response_model=ArticleDrillSummary)
async def finish(drill_id: RowId, user: CurrentUser, session: SessionDep) -> ArticleDrillSummary:
    """End the round: the score, every verdict, the nouns to revise and the XP it earned.
    Finishing an already finished round returns the same summary."""
    return await articles.finish_drill(session, user, drill_id)
