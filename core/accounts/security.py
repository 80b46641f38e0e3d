"""Password hashing (Argon2id), access JWTs and opaque secrets stored as hashes."""

from __future__ import annotations

import hashlib
import secrets
import uuid
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
# Verifying against this when the account does not exist keeps login timing uniform.
_DUMMY_HASH = _password_hash.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _password_hash.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _password_hash.verify(password, _DUMMY_HASH)
        return False
    return _password_hash.verify(password, password_hash)


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
