"""Deleting an account: every row of the learner in PostgreSQL, then every Redis entry that
names them.

Most learner tables cascade from `users`; the few that outlive a learner by design
(`ai_usage`, `exercise_generations`: SET NULL for cost reports) are deleted explicitly, as are
queued jobs and stored Telegram updates that name the learner or their chat. Redis is cleaned
after the commit: the learner's member in every league group and leaderboard sorted set, the
per-chat flood-limit keys and the login throttle keys of their email. Were Redis unreachable
then, the boards drop the member at their next rebuild from PostgreSQL (which no longer
knows the learner) and the throttle keys expire on their own."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.accounts.security import verify_password
from core.accounts.throttle import AuthThrottle, account_key_patterns
from core.db import Database
from core.errors import Conflict, Forbidden
from core.models import AiUsage, ExerciseGeneration, OutboxJob, TelegramUpdate, User
from core.ratelimit import chat_scope

BOARD_PATTERNS = ("tutor:league:*", "tutor:board:*")
"""Every sorted set whose members are user ids (core.leagues.boards)."""


@dataclass(frozen=True)
class Erased:
    """What named the learner outside PostgreSQL, kept to clean Redis after the commit."""

    user_id: int
    email: str | None
    chat_id: int | None


async def erase_learner(session: AsyncSession, user: User) -> Erased:
    """Delete the learner and every row of theirs (in the caller's transaction)."""
    erased = Erased(user.id, user.email, user.telegram_chat_id)
    await session.execute(delete(AiUsage).where(AiUsage.user_id == user.id))
    await session.execute(delete(ExerciseGeneration).where(ExerciseGeneration.user_id == user.id))
    named = [OutboxJob.kwargs["user_id"].astext == str(user.id)]
    if user.telegram_chat_id is not None:
        named.append(OutboxJob.kwargs["chat_id"].astext == str(user.telegram_chat_id))
        await session.execute(
            delete(TelegramUpdate).where(TelegramUpdate.chat_id == user.telegram_chat_id)
        )
    await session.execute(delete(OutboxJob).where(or_(*named)))
    await session.execute(delete(User).where(User.id == user.id))
    session.expunge(user)
    return erased


async def _matching(redis: Redis, pattern: str) -> list[bytes]:
    return [key async for key in redis.scan_iter(match=pattern, count=500)]


async def forget_in_redis(redis: Redis, erased: Erased) -> None:
    """Remove every Redis entry naming the learner; best effort (see the module docstring)."""
    with contextlib.suppress(RedisError):
        member = str(erased.user_id)
        boards = [key for pattern in BOARD_PATTERNS for key in await _matching(redis, pattern)]
        keys: list[bytes] = []
        if erased.chat_id is not None:
            keys += await _matching(redis, f"*:{chat_scope(erased.chat_id)}")
        if erased.email:
            for pattern in account_key_patterns(erased.email):
                keys += await _matching(redis, pattern)
        pipe = redis.pipeline(transaction=False)
        for key in boards:
            if not key.endswith(b":built"):
                pipe.zrem(key, member)
        if keys:
            pipe.delete(*keys)
        await pipe.execute()


async def delete_account(db: Database, redis: Redis, user_id: int) -> bool:
    """Delete the learner with this id and everything of theirs; False if there is none."""
    async with db.unit_of_work() as session:
        user = await session.get(User, user_id, with_for_update=True)
        if user is None:
            return False
        erased = await erase_learner(session, user)
    await forget_in_redis(redis, erased)
    return True


async def delete_with_password(
    db: Database,
    redis: Redis,
    throttle: AuthThrottle,
    user: User,
    password: str,
    ip: str | None,
) -> None:
    """The API's deletion: the account's password confirms it (throttled like a login, so a
    stolen access token cannot guess it). An account without a password (Telegram only)
    deletes itself in the bot, where the chat proves who asks."""
    if user.password_hash is None or user.email is None:
        raise Conflict("This account has no password: delete it in Telegram with /deleteaccount.")
    await throttle.login_attempt(user.email, ip)
    if not await verify_password(password, user.password_hash):
        raise Forbidden("That password is not right; your account was not deleted.")
    await delete_account(db, redis, user.id)


async def delete_telegram_account(
    db: Database, redis: Redis, telegram_user_id: int, confirmed_user_id: int
) -> bool:
    """The bot's deletion, after the learner pressed the confirmation button drawn for
    `confirmed_user_id`. False (nothing deleted) when this Telegram user is no longer that
    learner: a button left over from an account already deleted or merged."""
    async with db.unit_of_work() as session:
        user = await session.scalar(
            select(User).where(User.telegram_user_id == telegram_user_id).with_for_update()
        )
        if user is None or user.id != confirmed_user_id:
            return False
        erased = await erase_learner(session, user)
    await forget_in_redis(redis, erased)
    return True
