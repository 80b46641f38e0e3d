"""The bot's `CurrentUser`: who wrote, in one short transaction, and nothing sent inside it.

A handler asks core for one value (`as_learner(update, context, action)`), the transaction
commits and its jobs are enqueued, and only then does the handler render and send."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot import session_end
from bot.context import BotContext
from bot.identity import identity_of
from core.accounts.service import TelegramIdentity, find_or_create_telegram_learner
from core.models import User
from core.progress.goal import after_finished_session

T = TypeVar("T")

LearnerAction = Callable[[AsyncSession, User], Awaitable[T]]


def require_identity(update: Update) -> TelegramIdentity:
    """The learner behind this update; updates from bots or without a chat stop here."""
    identity = identity_of(update)
    if identity is None:
        raise ApplicationHandlerStop
    return identity


async def as_learner(update: Update, context: BotContext, action: LearnerAction[T]) -> T:
    """Run `action(session, learner)` in one unit of work (the learner is created on first
    contact) and return its result after the commit. When the action finished a study session
    or a conversation, today's XP toward the goal is kept for the chat's next screen."""
    identity = require_identity(update)
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        result = await action(session, user)
        ended = await after_finished_session(session, user)
    if ended is not None:
        session_end.remember(update, ended)  # shown under the session's last screen
    return result


async def current_learner(update: Update, context: BotContext) -> User:
    """The learner, loaded (or created) and committed: for screens that only show the profile."""
    return await as_learner(update, context, learner_itself)


async def learner_itself(session: AsyncSession, user: User) -> User:
    """The action that changes nothing: the learner as stored."""
    return user


async def in_transaction(context: BotContext, action: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """One unit of work that needs no learner (catalogue reads, linking by code)."""
    async with context.db.unit_of_work() as session:
        return await action(session)
