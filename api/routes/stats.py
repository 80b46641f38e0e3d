"""Your progress: every number of the five charts as JSON, and each chart as a PNG."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.deps import CurrentUser, SessionDep
from api.errors import error_responses
from core.stats.charts import HEIGHT_PX, WIDTH_PX, ThemeName, render_chart
from core.stats.data import learner_stats
from core.stats.schemas import CHARTS, LearnerStats, chart_named

router = APIRouter(prefix="/stats", tags=["stats"], responses=error_responses(401, 404, 422))

CACHE_CONTROL = "private, max-age=60"
"""The learner's own data: browsers may keep it a minute, shared caches never."""


@router.get("", response_model=LearnerStats)
async def stats(user: CurrentUser, session: SessionDep) -> LearnerStats:
    """The numbers the charts draw, by your local day (your profile's time zone):
    activity per day for six months, reviews due per day for 30 days, true retention per
    month, grammar mastery per CEFR level and words by state. `is_empty` is true until you
    have studied or added anything."""
    return await learner_stats(session, user)


@router.get(
    "/{chart}.png",
    response_class=Response,
    responses={
        200: {
            "description": f"The chart as a {WIDTH_PX}×{HEIGHT_PX} PNG.",
            "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def chart_png(
    chart: Annotated[str, Path(max_length=32, description=f"One of: {', '.join(CHARTS)}.")],
    user: CurrentUser,
    session: SessionDep,
    theme: Annotated[
        ThemeName, Query(description="light (the default) or dark, for a dark page.")
    ] = "light",
) -> Response:
    """One chart of GET /stats as a PNG image; an unknown chart name answers 404, an unknown
    theme 422."""
    name = chart_named(chart)
    picture = await render_chart(await learner_stats(session, user), name, theme)
    return Response(picture, media_type="image/png", headers={"Cache-Control": CACHE_CONTROL})
