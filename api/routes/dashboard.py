"""Today's plan for a web client's home screen."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import CurrentUser, SessionDep
from api.errors import error_responses
from core.plan.schemas import DailyPlan
from core.plan.service import daily_plan

router = APIRouter(prefix="/dashboard", tags=["dashboard"], responses=error_responses(401))


@router.get("", response_model=DailyPlan)
async def read_dashboard(user: CurrentUser, session: SessionDep) -> DailyPlan:
    """Today's plan in your time zone: reviews due, new words left today, a grammar topic, a
    conversation scene. Each item's `start` names the API call that starts it."""
    return await daily_plan(session, user)
