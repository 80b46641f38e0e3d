"""Accounts: registration, login, token rotation, profiles and Telegram linking."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.accounts.schemas import Profile, ProfileUpdate, TokenPair
from core.accounts.security import (
    create_access_token,
    hash_password,
    new_link_code,
    new_opaque_token,
    secret_digest,
    verify_password,
)
from core.accounts.throttle import AuthThrottle
from core.clock import utcnow
from core.db import Database
from core.errors import Conflict, Invalid, NotFound, Unauthorized
from core.leagues.membership import drop_overlapping_memberships
from core.leagues.names import public_name
from core.models import Base, LinkCode, RefreshToken, User
from core.outbox import request_job
from core.reminders.schedule import reschedule
from core.vocabulary.card_choices import set_learner_card_kinds

GENERIC_LOGIN_ERROR = "Incorrect email or password."
# Changing any of these moves the learner's next daily reminder.
REMINDER_FIELDS = frozenset(
    {"time_zone", "reminder_time", "reminders_enabled", "streak_nudge_enabled"}
)


@dataclass(frozen=True)
class TokenPolicy:
    secret_key: str
    access_ttl_seconds: int
    refresh_ttl_days: int


@dataclass(frozen=True)
class TelegramIdentity:
    user_id: int
    chat_id: int
    first_name: str = ""
    username: str | None = None
    language_code: str | None = None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def to_profile(user: User) -> Profile:
    return Profile.model_validate(
        {
            **{c.key: getattr(user, c.key) for c in User.__table__.columns},
            "telegram_linked": user.telegram_user_id is not None,
            "has_web_login": user.password_hash is not None,
            "onboarded": user.onboarded_at is not None,
            "leaderboard_name": public_name(
                user.display_name, user.display_name_chosen, user.pseudonym_number
            ),
            "in_leagues": user.leagues_left_at is None,
        }
    )


async def get_user(session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound("No such learner.")
    return user


async def register(
    session: AsyncSession, email: str, password: str, display_name: str = ""
) -> User:
    """Create a web account.

    An email that is taken is refused with Conflict, which tells the caller the email is
    registered. Accepted trade-off: there is no email confirmation to hide it behind (a
    generic answer would leave the real owner of a typo'd address without an account or a
    reason), and the API throttles registrations per client address (AuthThrottle), so
    probing for addresses is as slow as guessing passwords.
    """
    email = normalise_email(email)
    # Hashed first: no database connection is held while the hash waits for its thread, and a
    # taken email costs as long as a new one.
    password_hash = await hash_password(password)
    if await session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict("An account with this email already exists.")
    user = User(
        email=email,
        password_hash=password_hash,
        display_name=display_name or email.split("@")[0],
        display_name_chosen=bool(display_name),
    )
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent registration won the race
        raise Conflict("An account with this email already exists.") from exc
    return user


async def log_in(
    db: Database,
    throttle: AuthThrottle,
    policy: TokenPolicy,
    email: str,
    password: str,
    ip: str | None,
) -> TokenPair:
    """Tokens for the learner with this email and password. The attempt is counted before
    the password is checked, and an unknown email costs the same hash verification as a
    known one. No connection is held while the hash is verified in its thread: the learner
    is read in one short transaction and the refresh token written in another."""
    email = normalise_email(email)
    await throttle.login_attempt(email, ip)
    async with db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.email == email))
    matches = await verify_password(password, user.password_hash if user else None)
    if user is None or not matches:
        raise Unauthorized(GENERIC_LOGIN_ERROR)
    await throttle.login_succeeded(email, ip)
    async with db.unit_of_work() as session:
        return await issue_tokens(session, user, policy)


async def issue_tokens(
    session: AsyncSession, user: User, policy: TokenPolicy, family_id: uuid.UUID | None = None
) -> TokenPair:
    refresh = new_opaque_token()
    session.add(
        RefreshToken(
            user_id=user.id,
            family_id=family_id or uuid.uuid4(),
            token_hash=secret_digest(refresh),
            expires_at=utcnow() + timedelta(days=policy.refresh_ttl_days),
        )
    )
    await session.flush()
    access = create_access_token(policy.secret_key, user.id, policy.access_ttl_seconds)
    return TokenPair(
        access_token=access, refresh_token=refresh, expires_in=policy.access_ttl_seconds
    )


async def _revoke_family(session: AsyncSession, family_id: uuid.UUID, at: datetime) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=at)
    )


async def rotate_refresh_token(
    session: AsyncSession, refresh_token: str, policy: TokenPolicy
) -> tuple[TokenPair | None, str | None]:
    """Exchange a refresh token for a new pair.

    Returns (pair, None) on success or (None, reason) when the token is refused. A refusal
    that revoked a family must still be committed, so this does not raise.
    """
    now = utcnow()
    stored = await session.scalar(
        select(RefreshToken)
        .where(RefreshToken.token_hash == secret_digest(refresh_token))
        .with_for_update()
    )
    if stored is None or stored.revoked_at is not None or stored.expires_at <= now:
        return None, "Invalid or expired refresh token."
    if stored.used_at is not None:
        # Someone presents a token that was already exchanged: assume it was stolen.
        await _revoke_family(session, stored.family_id, now)
        return None, "This refresh token was already used; please log in again."
    stored.used_at = now
    user = await get_user(session, stored.user_id)
    return await issue_tokens(session, user, policy, family_id=stored.family_id), None


async def logout(session: AsyncSession, refresh_token: str) -> None:
    stored = await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == secret_digest(refresh_token))
    )
    if stored is not None:
        await _revoke_family(session, stored.family_id, utcnow())


async def update_profile(session: AsyncSession, user: User, changes: ProfileUpdate) -> User:
    values = changes.model_dump(exclude_unset=True)
    kinds = values.pop("card_kinds", [])
    for field_name, value in values.items():
        if value is None:
            raise Invalid(f"{field_name} cannot be null.")
        setattr(user, field_name, value)
    if kinds is None:
        raise Invalid("card_kinds cannot be null: send [] for none.")
    if "card_kinds" in changes.model_fields_set:
        await set_learner_card_kinds(session, user, kinds)
    if "display_name" in values:
        user.display_name_chosen = True  # shown on the boards from now on
    if values.get("reminders_enabled"):
        user.reminders_disabled_reason = None
    if REMINDER_FIELDS & values.keys():
        await reschedule(session, user)
    await session.flush()
    return user


async def find_or_create_telegram_learner(
    session: AsyncSession, identity: TelegramIdentity
) -> tuple[User, bool]:
    """The learner behind a Telegram user; created on first contact."""
    user = await session.scalar(select(User).where(User.telegram_user_id == identity.user_id))
    created = user is None
    if user is None:
        user = User(
            telegram_user_id=identity.user_id,
            display_name=(identity.first_name or identity.username or "")[:80],
        )
        session.add(user)
    chat_changed = user.telegram_chat_id != identity.chat_id
    user.telegram_chat_id = identity.chat_id
    user.telegram_username = identity.username
    user.language_code = identity.language_code
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict("This Telegram account was just registered; please try again.") from exc
    if chat_changed or user.next_reminder_at is None:
        await reschedule(session, user)
    return user, created


async def create_link_code(
    session: AsyncSession, user: User, purpose: str, ttl_seconds: int
) -> tuple[str, datetime]:
    """A one-time code; purpose 'telegram' links a Telegram user, 'web' claims web login."""
    code = new_link_code()
    expires_at = utcnow() + timedelta(seconds=ttl_seconds)
    session.add(
        LinkCode(
            user_id=user.id, purpose=purpose, code_hash=secret_digest(code), expires_at=expires_at
        )
    )
    await session.flush()
    return code, expires_at


async def _valid_link_code(
    session: AsyncSession, code: str, purpose: str, *, lock: bool = False
) -> LinkCode:
    query = select(LinkCode).where(
        and_(
            LinkCode.code_hash == secret_digest(code.strip().upper()),
            LinkCode.purpose == purpose,
        )
    )
    link = await session.scalar(query.with_for_update() if lock else query)
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        raise Invalid("This code is invalid or has expired. Please ask for a new one.")
    return link


async def _consume_link_code(session: AsyncSession, code: str, purpose: str) -> LinkCode:
    link = await _valid_link_code(session, code, purpose, lock=True)
    link.used_at = utcnow()
    return link


async def merge_learners(session: AsyncSession, source: User, target: User) -> None:
    """Move everything `source` owns to `target`, then delete `source`.

    Every table with a foreign key to users.id is repointed, so learning data added by
    later features follows the learner without touching this function.
    """
    await drop_overlapping_memberships(session, source.id, target.id)
    users_id = User.__table__.c.id
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column is users_id:
                await session.execute(
                    update(table).where(fk.parent == source.id).values({fk.parent.key: target.id})
                )
    await session.delete(source)
    await session.flush()


async def link_telegram(session: AsyncSession, code: str, identity: TelegramIdentity) -> User:
    """Attach the Telegram user to the account that issued `code`."""
    link = await _consume_link_code(session, code, "telegram")
    target = await get_user(session, link.user_id)
    current = await session.scalar(select(User).where(User.telegram_user_id == identity.user_id))
    if current is not None and current.id != target.id:
        if current.password_hash is not None:
            raise Conflict(
                "This Telegram account is already linked to another web account. "
                "Log in there, or unlink it first."
            )
        current.telegram_user_id = None
        await session.flush()
        if target.onboarded_at is None and current.onboarded_at is not None:
            for field_name in ("cefr_level", "time_zone", "reminder_time", "onboarded_at"):
                setattr(target, field_name, getattr(current, field_name))
        await merge_learners(session, current, target)
    if target.telegram_user_id not in (None, identity.user_id):
        raise Conflict("Your account is already linked to a different Telegram user.")
    target.telegram_user_id = identity.user_id
    target.telegram_chat_id = identity.chat_id
    target.telegram_username = identity.username
    target.language_code = identity.language_code
    await reschedule(session, target)
    await session.flush()
    return target


async def _web_claim_refusal(session: AsyncSession, user: User, email: str) -> None:
    if user.password_hash is not None:
        raise Conflict("This account already has a web login.")
    if await session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict("An account with this email already exists; link Telegram from it instead.")


async def claim_web_credentials(
    session: AsyncSession, code: str, email: str, password_hash: str
) -> User:
    """Give a Telegram-only learner an email and (hashed) password, using a code from the
    bot's /link; the code is used up."""
    link = await _consume_link_code(session, code, "web")
    user = await get_user(session, link.user_id)
    email = normalise_email(email)
    await _web_claim_refusal(session, user, email)
    user.email = email
    user.password_hash = password_hash
    await session.flush()
    return user


async def complete_onboarding(session: AsyncSession, user: User) -> User:
    if user.onboarded_at is None:
        user.onboarded_at = utcnow()
        await reschedule(session, user)
        await session.flush()
    return user


WEB_LOGIN_READY = "✅ Web login set up for {email}. You can now learn on the web too."


async def claim_web_login(
    db: Database, code: str, email: str, password: str, policy: TokenPolicy
) -> TokenPair:
    """Claim web credentials with a /link code and log in. The code and the email are checked
    first, in a short transaction of its own; the password is hashed in its thread with no
    connection or row lock held; then the code is used up (checked again, under its lock) in
    a second one. The learner's chat is told."""
    email = normalise_email(email)
    async with db.unit_of_work() as session:
        link = await _valid_link_code(session, code, "web")
        await _web_claim_refusal(session, await get_user(session, link.user_id), email)
    password_hash = await hash_password(password)
    async with db.unit_of_work() as session:
        user = await claim_web_credentials(session, code, email, password_hash)
        if user.telegram_chat_id is not None:
            request_job(
                session,
                "send_telegram_text",
                user_id=user.id,
                text=WEB_LOGIN_READY.format(email=user.email),
            )
        return await issue_tokens(session, user, policy)
