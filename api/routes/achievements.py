"""Achievements: every one in the content with your progress toward it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser, SessionDep
from api.errors import error_responses
from core.achievements.board import achievement_board
from core.achievements.schemas import AchievementProgress
from core.constrained import Text

router = APIRouter(
    prefix="/achievements", tags=["achievements"], responses=error_responses(401, 422)
)


@router.get("", response_model=list[AchievementProgress])
async def list_achievements(
    user: CurrentUser,
    session: SessionDep,
    category: Annotated[Text | None, Query(max_length=24)] = None,
) -> list[AchievementProgress]:
    """Every achievement (or one category's) by category, with your current progress and
    when you unlocked it (null while locked). An unknown category: 422 naming the known ones."""
    return await achievement_board(session, user, category=category)
