"""Password hashing (Argon2id), access JWTs and opaque secrets stored as hashes."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import os
import secrets
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from core.clock import utcnow
from core.constrained import BIGINT_MAX
from core.errors import Unauthorized

JWT_ALGORITHM = "HS256"
ACCESS_TOKEN_TYPE = "access"

_password_hash = PasswordHash((Argon2Hasher(),))


@functools.cache
def _hashing_pool() -> ThreadPoolExecutor:
    """Argon2 costs ~250 ms of CPU per call: it runs here, never on the event loop, on one
    thread fewer than there are cores, so the loop keeps a core to answer other requests."""
    workers = max(1, (os.cpu_count() or 2) - 1)
    return ThreadPoolExecutor(max_workers=workers, thread_name_prefix="password-hash")


@functools.cache
def _dummy_hash() -> str:
    return _password_hash.hash("not-a-real-password")


def _hash_blocking(password: str) -> str:
    return _password_hash.hash(password)


def _verify_blocking(password: str, password_hash: str | None) -> bool:
    # An unknown email (or an account without a password) is verified against a dummy hash,
    # so the answer takes as long as for a registered email.
    if password_hash is None:
        _password_hash.verify(password, _dummy_hash())
        return False
    return _password_hash.verify(password, password_hash)


async def hash_password(password: str) -> str:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_hashing_pool(), _hash_blocking, password)


async def verify_password(password: str, password_hash: str | None) -> bool:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_hashing_pool(), _verify_blocking, password, password_hash)


def create_access_token(secret_key: str, user_id: int, ttl_seconds: int) -> str:
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "iat": now,
        "exp": now + timedelta(seconds=ttl_seconds),
        "typ": ACCESS_TOKEN_TYPE,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, secret_key, algorithm=JWT_ALGORITHM)


def decode_access_token(secret_key: str, token: str) -> int:
    """Return the user id of a valid access token; raise Unauthorized otherwise."""
    try:
        claims = jwt.decode(
            token,
            secret_key,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["exp", "iat", "sub", "typ"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("Your session has expired. Please log in again.") from exc
    except jwt.PyJWTError as exc:
        raise Unauthorized("Invalid access token.") from exc
    if claims.get("typ") != ACCESS_TOKEN_TYPE:
        raise Unauthorized("Invalid access token.")
    try:
        user_id = int(claims["sub"])
    except (TypeError, ValueError) as exc:
        raise Unauthorized("Invalid access token.") from exc
    if not 1 <= user_id <= BIGINT_MAX:  # no row has such an id; the database would refuse it
        raise Unauthorized("Invalid access token.")
    return user_id


def new_opaque_token() -> str:
    return secrets.token_urlsafe(32)


def new_link_code() -> str:
    """Short enough to type, long enough not to guess within its TTL (40 bits)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def secret_digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
