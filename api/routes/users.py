from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, StringConstraints

from api.deps import CurrentUser, CurrentUserReleased, ResourcesDep, SessionDep, client_ip
from api.errors import error_responses
from core.accounts import service
from core.accounts.deletion import delete_with_password
from core.accounts.export import export_filename, export_learner
from core.accounts.places import set_time_zone_from
from core.accounts.schemas import (
    LinkCodeIssued,
    Profile,
    ProfileUpdate,
    TimeZoneMatch,
    TimeZonePlace,
)
from core.constrained import Storable

router = APIRouter(
    prefix="/users", tags=["users"], responses=error_responses(400, 401, 403, 409, 413, 422, 429)
)


@router.get("/me", response_model=Profile)
async def read_me(user: CurrentUser) -> Profile:
    return service.to_profile(user)


@router.patch("/me", response_model=Profile)
async def update_me(changes: ProfileUpdate, user: CurrentUser, session: SessionDep) -> Profile:
    """Change any of: display name, CEFR level, time zone, daily goal, reminders, the evening
    streak nudge (`streak_nudge_enabled`), retention."""
    await service.update_profile(session, user, changes)
    return service.to_profile(user)


@router.put("/me/time-zone", response_model=TimeZoneMatch)
async def set_time_zone(
    where: TimeZonePlace, user: CurrentUser, session: SessionDep
) -> TimeZoneMatch:
    """Set your time zone from where you are: `place` (a city, country or zone name, as
    GET /timezones finds them) or `latitude` and `longitude` (e.g. the browser's
    geolocation), looked up offline. An unknown place or a point with no zone (out at sea):
    422 with a reason. Returns the zone and the time there now."""
    chosen = await set_time_zone_from(session, user, where)
    matched = where.place or f"{where.latitude:.4f}, {where.longitude:.4f}"
    return TimeZoneMatch(time_zone=chosen.zone, matched=matched, local_time=chosen.local_time)


@router.post("/me/telegram-link", response_model=LinkCodeIssued)
async def create_telegram_link(
    user: CurrentUser, session: SessionDep, resources: ResourcesDep
) -> LinkCodeIssued:
    """A one-time code; open `telegram_url` (or send `/start CODE` to the bot) to link Telegram."""
    settings = resources.settings
    code, expires_at = await service.create_link_code(
        session, user, "telegram", settings.link_code_ttl_seconds
    )
    url = None
    if settings.telegram_bot_username:
        url = f"https://t.me/{settings.telegram_bot_username}?start={code}"
    return LinkCodeIssued(code=code, expires_at=expires_at, telegram_url=url)


class AccountDeletion(BaseModel):
    password: Annotated[str, StringConstraints(min_length=1, max_length=1024), Storable]


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
async def delete_me(
    body: AccountDeletion, request: Request, user: CurrentUserReleased, resources: ResourcesDep
) -> Response:
    """Delete the account and all its data for good, confirmed with the account's password.

    A wrong password gets 403 and is throttled like a login (429 with Retry-After); an account
    without a password (made in Telegram) gets 409: it is deleted in the bot with
    /deleteaccount, where the chat itself proves who asks."""
    await delete_with_password(
        resources.db, resources.redis, resources.throttle, user, body.password, client_ip(request)
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/me/export",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}, "description": "The JSON file."}},
)
async def export_me(user: CurrentUser, session: SessionDep) -> Response:
    """All your data as one JSON file: profile, deck with scheduling state, review log,
    conversations, grammar attempts, XP, achievements, streak days, league memberships."""
    body = await export_learner(session, user)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{export_filename(user)}"'},
    )
