"""Weekly leagues and leaderboards: learners appear by the display name they chose only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.deps import CurrentUser, ResourcesDep, SessionDep
from api.errors import error_responses
from core.constrained import Text
from core.leagues import service
from core.leagues.schemas import Leaderboard, LeagueTable

router = APIRouter(tags=["leagues"], responses=error_responses(401, 422))


@router.get("/leagues/current", response_model=LeagueTable)
async def current_league(
    user: CurrentUser, session: SessionDep, resources: ResourcesDep
) -> LeagueTable:
    """My group this week: tier, when the week ends (Monday 00:00 UTC), the members ranked
    by XP with the promotion and demotion zones, me marked; last week's result."""
    return await service.league_table(session, resources.redis, user)


@router.post("/leagues/leave", response_model=LeagueTable)
async def leave_leagues(
    user: CurrentUser, session: SessionDep, resources: ResourcesDep
) -> LeagueTable:
    """Leave the weekly leagues: off every group table and board until you join again."""
    return await service.leave(session, resources.redis, user)


@router.post("/leagues/join", response_model=LeagueTable)
async def join_leagues(
    user: CurrentUser, session: SessionDep, resources: ResourcesDep
) -> LeagueTable:
    """Join the weekly leagues again (everyone is in them until they leave)."""
    return await service.join(session, resources.redis, user)


@router.get("/leaderboards/{board}", response_model=Leaderboard, responses=error_responses(404))
async def read_leaderboard(
    board: Annotated[Text, Path(max_length=32, description="xp_week, streak or words")],
    user: CurrentUser,
    session: SessionDep,
    resources: ResourcesDep,
) -> Leaderboard:
    """The top 50 of a board and my rank on it: `xp_week` (XP since Monday 00:00 UTC),
    `streak` (days in a row with the daily goal met, counted as each local day closes) or
    `words` (words remembered across days: a card of the word graduated to review)."""
    return await service.leaderboard(session, resources.redis, user, board)
