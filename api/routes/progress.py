"""Progress: XP today toward the daily goal, total XP, the streak and freezes, recent days.

The daily goal is part of the profile (`PATCH /api/v1/users/me`, `daily_goal`: 10, 20, 50 or
100 XP). What pays how much XP is documented in core/progress/xp.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser, SessionDep
from api.errors import error_responses
from core.progress.views import DAYS_SHOWN, MAX_DAYS_SHOWN, ProgressView, progress_view

router = APIRouter(prefix="/progress", tags=["progress"], responses=error_responses(401, 422))


@router.get("", response_model=ProgressView)
async def read_progress(
    user: CurrentUser,
    session: SessionDep,
    days: Annotated[int, Query(ge=1, le=MAX_DAYS_SHOWN)] = DAYS_SHOWN,
) -> ProgressView:
    """Your XP today and goal, total XP, streak (current counts today once its goal is met,
    longest, freezes held) and your last `days` local days with what each did to the streak:
    `met`, `skipped` (nothing was due), `frozen` (a freeze covered it), `broken`, `today`."""
    return await progress_view(session, user, days=days)
