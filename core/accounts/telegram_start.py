"""What the bot's account commands do: /start (with or without a link code), onboarding
answers, the reminder switch and /link. Each returns what the bot shows; nothing commits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.accounts.schemas import ProfileUpdate
from core.accounts.service import (
    TelegramIdentity,
    complete_onboarding,
    create_link_code,
    find_or_create_telegram_learner,
    link_telegram,
    update_profile,
)
from core.models import User


@dataclass(frozen=True)
class TelegramStart:
    user: User
    linked: bool
    """A link code from the web was just used: this chat now shares that account."""

    @property
    def onboarded(self) -> bool:
        return self.user.onboarded_at is not None


@dataclass(frozen=True)
class WebLinkOffer:
    """/link: a one-time code to claim a web login, or the login the learner already has."""

    code: str | None
    minutes: int
    existing_email: str | None = None


async def start_in_telegram(
    session: AsyncSession, identity: TelegramIdentity, code: str | None
) -> TelegramStart:
    """/start: link the chat to a web account when a code came with it; find or create the
    learner either way."""
    if code:
        await link_telegram(session, code, identity)
    user, _ = await find_or_create_telegram_learner(session, identity)
    return TelegramStart(user, linked=bool(code))


async def answer_onboarding(
    session: AsyncSession, user: User, change: ProfileUpdate, *, last_step: bool
) -> User:
    await update_profile(session, user, change)
    if last_step:
        await complete_onboarding(session, user)
    return user


async def toggle_reminders(session: AsyncSession, user: User) -> User:
    return await update_profile(
        session, user, ProfileUpdate(reminders_enabled=not user.reminders_enabled)
    )


async def toggle_streak_nudge(session: AsyncSession, user: User) -> User:
    return await update_profile(
        session, user, ProfileUpdate(streak_nudge_enabled=not user.streak_nudge_enabled)
    )


async def web_link_offer(session: AsyncSession, user: User, ttl_seconds: int) -> WebLinkOffer:
    if user.password_hash is not None:
        return WebLinkOffer(None, 0, existing_email=user.email)
    code, _ = await create_link_code(session, user, "web", ttl_seconds)
    return WebLinkOffer(code, ttl_seconds // 60)
