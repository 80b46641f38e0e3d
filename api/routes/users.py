from __future__ import annotations

from fastapi import APIRouter

from api.deps import CurrentUser, ResourcesDep, SessionDep
from api.errors import error_responses
from core.accounts import service
from core.accounts.schemas import LinkCodeIssued, Profile, ProfileUpdate

router = APIRouter(
    prefix="/users", tags=["users"], responses=error_responses(400, 401, 409, 413, 422)
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
