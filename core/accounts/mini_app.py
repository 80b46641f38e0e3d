"""Signing in from the Telegram Mini App: Telegram signs the launch data (`initData`) with a
key derived from the bot token; a valid, fresh signature proves who the Telegram user is.

The check is Telegram's "validating data received via the Mini App": every field but `hash`,
sorted by key, as `key=value` lines; secret = HMAC-SHA256(key="WebAppData", msg=bot token);
the hash is HMAC-SHA256(key=secret, msg=those lines) in hex. Launch data older than
INIT_DATA_MAX_AGE is refused, so a copy that leaked (a log, a shared link) soon stops working;
the Mini App signs in afresh each time it opens, and Telegram signs each opening anew."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

from sqlalchemy import select

from core.accounts.schemas import AccessToken
from core.accounts.security import create_access_token
from core.accounts.service import TelegramIdentity, TokenPolicy, find_or_create_telegram_learner
from core.clock import utcnow
from core.db import Database
from core.errors import Invalid, NotFound, Unauthorized
from core.models import User

INIT_DATA_MAX_AGE = timedelta(hours=1)
# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=5)
INIT_DATA_MAX_CHARS = 4096


def init_data_hash(fields: dict[str, str], bot_token: str) -> str:
    """The hash Telegram puts on `fields` (all but `hash`) for this bot."""
    check_string = "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    return hmac.new(secret, check_string.encode(), hashlib.sha256).hexdigest()


def _fields(init_data: str) -> dict[str, str]:
    if not init_data or len(init_data) > INIT_DATA_MAX_CHARS:
        raise Invalid(f"init_data must be 1 to {INIT_DATA_MAX_CHARS} characters.")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError as exc:
        raise Invalid("init_data is not Telegram's launch data (key=value pairs).") from exc
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise Invalid("init_data names a field twice.")
    return fields


def verify_init_data(init_data: str, bot_token: str, now: datetime) -> TelegramIdentity:
    """The Telegram user `init_data` was signed for. Unauthorized (with the reason) when it is
    unsigned, signed by another bot or forged, or too old; Invalid when it is not launch data
    or lacks the user."""
    fields = _fields(init_data)
    presented = fields.get("hash")
    if not presented:
        raise Unauthorized("The launch data is not signed (no hash): open the app from the bot.")
    if not hmac.compare_digest(presented.encode(), init_data_hash(fields, bot_token).encode()):
        raise Unauthorized("The launch data is not signed by this bot (forged or for another bot).")
    try:
        signed_at = datetime.fromtimestamp(int(fields["auth_date"]), UTC)
    except (KeyError, ValueError, OverflowError, OSError) as exc:
        raise Invalid("The launch data has no valid auth_date.") from exc
    if signed_at < now - INIT_DATA_MAX_AGE:
        raise Unauthorized("The launch data has expired: close the app and open it again.")
    if signed_at > now + CLOCK_SKEW:
        raise Unauthorized("The launch data is dated in the future: check the device's clock.")
    try:
        user = json.loads(fields["user"])
        user_id = int(user["id"])
    except (KeyError, ValueError, TypeError) as exc:
        raise Invalid("The launch data names no Telegram user.") from exc
    if not isinstance(user, dict) or user.get("is_bot"):
        raise Invalid("The launch data names no Telegram user.")

    def text(key: str) -> str | None:
        value = user.get(key)
        return value if isinstance(value, str) else None

    return TelegramIdentity(
        user_id=user_id,
        # The bot talks to a learner in their private chat, whose id is the user's id.
        chat_id=user_id,
        first_name=text("first_name") or "",
        username=text("username"),
        language_code=text("language_code"),
    )


async def sign_in_from_mini_app(
    db: Database, init_data: str, bot_token: str | None, policy: TokenPolicy
) -> AccessToken:
    """An access token for the Telegram learner who opened the Mini App (created on first
    contact, as the bot does). No refresh token: the Mini App signs in again each time."""
    if not bot_token:
        raise NotFound("Telegram sign-in is not set up on this server (no bot token).")
    identity = verify_init_data(init_data, bot_token, utcnow())
    async with db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == identity.user_id))
        if user is None:
            user, _ = await find_or_create_telegram_learner(session, identity)
        user_id = user.id
    return AccessToken(
        access_token=create_access_token(policy.secret_key, user_id, policy.access_ttl_seconds),
        expires_in=policy.access_ttl_seconds,
    )
