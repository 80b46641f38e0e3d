"""Time zones by place, for a web time-zone picker (the bot's /timezone and shared location
do the same through core.accounts.places)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser
from api.errors import error_responses
from core.accounts.places import search_zones
from core.accounts.schemas import TimeZoneMatch

router = APIRouter(
    prefix="/timezones", tags=["users"], responses=error_responses(400, 401, 413, 422)
)


@router.get("", response_model=list[TimeZoneMatch])
async def find_time_zones(
    user: CurrentUser,
    query: Annotated[str, Query(min_length=1, max_length=64, description="'Wien', 'new y'")],
) -> list[TimeZoneMatch]:
    """Zones for a place or zone name, best first: an exact place or zone ("Wien", "vienna",
    "München", "America/New_York") first, then names starting with the query, then (3
    letters or more) names containing it; at most 10, each with the time there now. Set
    one with PUT /users/me/time-zone (or PATCH /users/me with `time_zone`)."""
    return search_zones(query)
