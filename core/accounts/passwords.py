"""Changing a password, and resetting a forgotten one through the linked Telegram chat.

There is no email: a learner who forgot their password asks for a code with their email;
if that account has a linked Telegram chat, a job makes a one-time code (stored hashed,
valid 15 minutes, single use, a new one replacing the last) and the bot sends it there. The
code never exists in plain text outside that job and the message. Every answer to a request
is the same whether the email exists or not, and requests are throttled per account and per
client address; submitting a code is throttled like a login.

A changed or reset password revokes every refresh token of the account (all sessions on all
devices end); a change answers with a fresh token pair, so the device that changed it stays
signed in. The linked chat is told either way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.accounts.schemas import TokenPair
from core.accounts.security import hash_password, new_link_code, secret_digest, verify_password
from core.accounts.service import TokenPolicy, issue_tokens, normalise_email
from core.accounts.throttle import AuthThrottle
from core.clock import utcnow
from core.db import Database
from core.errors import Conflict, Forbidden, Invalid
from core.models import LinkCode, RefreshToken, User
from core.outbox import request_job

PASSWORD_CODE_TTL = timedelta(minutes=15)
PURPOSE = "password"
BAD_CODE = "This code is not valid or has expired. Ask for a new one."
RESET_REQUESTED = (
    "If this email belongs to an account with a linked Telegram chat, a code is on its way "
    "there. It is valid for 15 minutes."
)
PASSWORD_CHANGED = (
    "🔑 The password of your web login was {how}. All other sessions were signed out. "
    "If this was not you, ask for a password reset for your email where you log in: the "
    "code comes only to this chat."
)


async def _revoke_sessions(session: AsyncSession, user_id: int) -> None:
    now = utcnow()
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    await session.execute(
        update(LinkCode)
        .where(LinkCode.user_id == user_id, LinkCode.purpose == PURPOSE, LinkCode.used_at.is_(None))
        .values(used_at=now)
    )


def _tell_chat(session: AsyncSession, user: User, how: str) -> None:
    if user.telegram_chat_id is not None:
        request_job(
            session, "send_telegram_text", user_id=user.id, text=PASSWORD_CHANGED.format(how=how)
        )


async def _set_password(session: AsyncSession, user_id: int, password_hash: str, how: str) -> User:
    user = await session.get(User, user_id, with_for_update=True)
    if user is None:
        raise Invalid(BAD_CODE)
    user.password_hash = password_hash
    await _revoke_sessions(session, user.id)
    _tell_chat(session, user, how)
    return user


async def change_password(
    db: Database,
    throttle: AuthThrottle,
    policy: TokenPolicy,
    user: User,
    old_password: str,
    new_password: str,
    ip: str | None,
) -> TokenPair:
    """Check the old password (throttled like a login), set the new one, end every session
    and answer with a new token pair for this one."""
    if user.password_hash is None or user.email is None:
        raise Conflict("This account has no password yet: get one with /link in Telegram.")
    await throttle.login_attempt(user.email, ip)
    if not await verify_password(old_password, user.password_hash):
        raise Forbidden("The current password is not right; nothing was changed.")
    if old_password == new_password:
        raise Invalid("The new password is the same as the current one.")
    await throttle.login_succeeded(user.email, ip)
    password_hash = await hash_password(new_password)
    async with db.unit_of_work() as session:
        changed = await _set_password(session, user.id, password_hash, "changed")
        return await issue_tokens(session, changed, policy)


async def request_password_reset(
    db: Database, throttle: AuthThrottle, email: str, ip: str | None
) -> str:
    """Ask for a code to be sent to the account's linked chat; the answer is the same
    whether or not there is such an account."""
    email = normalise_email(email)
    await throttle.password_reset_request(email, ip)
    async with db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.email == email))
        if user is not None and user.telegram_chat_id is not None:
            request_job(session, "send_password_reset_code", user_id=user.id)
    return RESET_REQUESTED


@dataclass(frozen=True)
class ResetCode:
    chat_id: int
    code: str
    minutes: int


async def issue_password_reset_code(session: AsyncSession, user_id: int) -> ResetCode | None:
    """A new code for the learner's chat (earlier unused ones stop working); None when the
    learner or their chat is gone."""
    user = await session.get(User, user_id)
    if user is None or user.telegram_chat_id is None:
        return None
    now = utcnow()
    await session.execute(
        update(LinkCode)
        .where(LinkCode.user_id == user_id, LinkCode.purpose == PURPOSE, LinkCode.used_at.is_(None))
        .values(used_at=now)
    )
    code = new_link_code()
    session.add(
        LinkCode(
            user_id=user_id,
            purpose=PURPOSE,
            code_hash=secret_digest(code),
            expires_at=now + PASSWORD_CODE_TTL,
        )
    )
    await session.flush()
    return ResetCode(user.telegram_chat_id, code, int(PASSWORD_CODE_TTL.total_seconds() // 60))


async def _live_code(
    session: AsyncSession, email: str, code: str, *, lock: bool = False
) -> LinkCode:
    query = (
        select(LinkCode)
        .join(User, User.id == LinkCode.user_id)
        .where(
            User.email == email,
            LinkCode.purpose == PURPOSE,
            LinkCode.code_hash == secret_digest(code.strip().upper()),
            LinkCode.used_at.is_(None),
            LinkCode.expires_at > utcnow(),
        )
    )
    link = await session.scalar(query.with_for_update(of=LinkCode) if lock else query)
    if link is None:
        raise Invalid(BAD_CODE)
    return link


async def reset_password(
    db: Database, throttle: AuthThrottle, email: str, code: str, new_password: str, ip: str | None
) -> None:
    """Set a new password with a code from the chat: checked (throttled like a login), the
    password hashed with nothing held, then the code used up under its lock."""
    email = normalise_email(email)
    await throttle.login_attempt(email, ip)
    async with db.unit_of_work() as session:
        await _live_code(session, email, code)
    password_hash = await hash_password(new_password)
    async with db.unit_of_work() as session:
        link = await _live_code(session, email, code, lock=True)
        link.used_at = utcnow()
        await _set_password(
            session, link.user_id, password_hash, "reset with a code from this chat"
        )
    await throttle.login_succeeded(email, ip)
