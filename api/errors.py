"""AppError → a 4xx JSON body with a stable code; never a 500 for something a user caused."""

from __future__ import annotations

import json
import logging
import math
import socket
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

import asyncpg
import redis.exceptions
import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from core.errors import AppError
from core.observability.metrics import SERVICE_UNAVAILABLE

log = logging.getLogger(__name__)


class ValidationIssue(BaseModel):
    """One reason a request was refused: where (`loc`), why (`msg`) and the error `type`."""

    loc: list[str | int] = Field(description='Where, e.g. ["body", "email"] or ["path", "id"].')
    msg: str
    type: str
    input: Any = Field(default=None, description="The refused value (or an excerpt of it).")


class ErrorBody(BaseModel):
    """The body of every 4xx/5xx answer: a message, or for 422 on request validation the list
    of issues; `code` is stable for clients to branch on."""

    detail: str | list[ValidationIssue]
    code: str
    suggestions: list[str] | None = Field(
        default=None,
        description='With code "unknown_word": the known words it may be a typo of.',
    )


_ERROR_DESCRIPTIONS = {
    400: "The body could not be read (not UTF-8 JSON, or broken multipart).",
    401: "Not logged in, or the token is invalid or expired.",
    403: "Not allowed.",
    404: "No such resource (or it is another learner's).",
    409: "Conflicts with the current state (already done, already exists).",
    413: "The request body is too large.",
    422: "The request is not valid: `detail` says why.",
    429: "Too many attempts: try again after `Retry-After` seconds.",
    503: "A backing service is unavailable (code `unavailable`) or every database connection "
    "is busy (code `busy`): try again after `Retry-After` seconds.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` declaring that these statuses answer with an ErrorBody."""
    return {
        status: {"model": ErrorBody, "description": _ERROR_DESCRIPTIONS[status]}
        for status in statuses
    }


async def app_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    headers: dict[str, str] = {}
    if exc.retry_after is not None:
        headers["Retry-After"] = str(exc.retry_after)
    if exc.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(
        status_code=exc.status,
        content={"detail": exc.message, "code": exc.code, **exc.details()},
        headers=headers,
    )


ECHOED_INPUT_CHARS = 100


def _excerpt(value: Any) -> Any:
    """An error echoes at most a short excerpt of what was sent, never a large input."""
    if isinstance(value, bytes):
        value = value[: ECHOED_INPUT_CHARS * 4].decode("utf-8", "replace")
    if isinstance(value, str):
        return value if len(value) <= ECHOED_INPUT_CHARS else value[:ECHOED_INPUT_CHARS] + "…"
    if isinstance(value, bool | float) or value is None:
        return value
    if isinstance(value, int):
        digits = str(value)
        return value if len(digits) <= ECHOED_INPUT_CHARS else digits[:ECHOED_INPUT_CHARS] + "…"
    text = json.dumps(jsonable_encoder(value), ensure_ascii=False, default=str)
    return value if len(text) <= ECHOED_INPUT_CHARS else text[:ECHOED_INPUT_CHARS] + "…"


def _json_safe(value: Any) -> Any:
    """`value` as JSON can carry it: bytes that are not UTF-8, lone surrogates and NaN or
    infinities (all of which the refused input may hold) are written out as text."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {str(_json_safe(key)): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return _json_safe(str(value))


def validation_issues(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """FastAPI's validation errors in the declared ValidationIssue shape, always encodable."""
    return [
        {
            "loc": [part if isinstance(part, int) else _json_safe(str(part)) for part in loc],
            "msg": _json_safe(str(error.get("msg", ""))),
            "type": str(error.get("type", "invalid")),
            "input": _json_safe(_excerpt(error.get("input"))),
        }
        for error in errors
        for loc in [error.get("loc", ())]
    ]


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's default handler fails (500) on input it cannot encode back (a body that is
    not UTF-8, a lone surrogate, NaN); this one answers 422 with the declared shape."""
    assert isinstance(exc, RequestValidationError)
    return JSONResponse(
        status_code=422, content={"detail": validation_issues(exc.errors()), "code": "invalid"}
    )


async def http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's and FastAPI's own refusals (an unreadable body, an unknown route, a wrong
    method) in the ErrorBody shape too, with the status's name as the code."""
    assert isinstance(exc, HTTPException)
    code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_").replace("-", "_")
    return JSONResponse(
        status_code=exc.status_code,
        content={"detail": _json_safe(str(exc.detail)), "code": code},
        headers=exc.headers,
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, app_error_handler)
    app.add_exception_handler(HTTPException, http_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)


# A backing service that cannot be reached is an outage, not a bug: 503 with a hint when to
# retry, and the pool reconnects by itself once the service is back.
UNAVAILABLE_RETRY_AFTER_SECONDS = 5
# Every pooled connection stayed busy for DATABASE_POOL_TIMEOUT_SECONDS: the server is
# overloaded, not down. Same 503 shape, a shorter hint: connections come free constantly.
BUSY_RETRY_AFTER_SECONDS = 1
_DATABASE_ERRORS = (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError)
_NETWORK_ERRORS = (ConnectionError, TimeoutError, socket.gaierror)
_REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
# SQLSTATEs of a server that refuses or drops connections, not of a wrong query: class 08
# (connection exception), class 53 (insufficient resources: "too many clients already", "too
# many connections for role", out of memory, disk full) and 57P01-57P03 (shutting down,
# crashed, starting up: asyncpg's CannotConnectNowError). asyncpg raises them from `connect`;
# SQLAlchemy wraps them in a plain DBAPIError that says nothing of an outage.
_OUTAGE_SQLSTATES = ("08", "53", "57P01", "57P02", "57P03")


def _refused_by_server(exc: BaseException) -> bool:
    if isinstance(exc, sqlalchemy.exc.DBAPIError):
        exc = exc.orig if exc.orig is not None else exc
    sqlstate = getattr(exc, "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate.startswith(_OUTAGE_SQLSTATES)


def unavailable_service(exc: BaseException) -> str | None:
    """ "database", "database_pool" (no pooled connection came free in time) or "redis" when
    `exc` says that service cannot serve the request now, else None."""
    if isinstance(exc, _REDIS_ERRORS):
        return "redis"
    if isinstance(exc, sqlalchemy.exc.TimeoutError):
        return "database_pool"
    if isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.connection_invalidated:
        return "database"
    if _refused_by_server(exc):
        return "database"
    if isinstance(exc, (*_DATABASE_ERRORS, *_NETWORK_ERRORS)):
        return "database"
    return None


async def unavailable_handler(request: Request, exc: Exception) -> JSONResponse:
    service = unavailable_service(exc)
    if service is None:
        raise exc  # a database error that is not an outage stays a server error
    SERVICE_UNAVAILABLE.labels(service).inc()
    if service == "database_pool":
        log.warning("no database connection came free in time: %s", exc)
        detail = "The service is busy (every database connection is in use); try again shortly."
        code, retry_after = "busy", BUSY_RETRY_AFTER_SECONDS
    else:
        log.warning("%s unavailable: %s: %s", service, type(exc).__name__, exc)
        detail = f"The service is temporarily unavailable ({service}); try again shortly."
        code, retry_after = "unavailable", UNAVAILABLE_RETRY_AFTER_SECONDS
    return JSONResponse(
        status_code=503,
        content={"detail": detail, "code": code},
        headers={"Retry-After": str(retry_after)},
    )


def install_outage_handlers(app: FastAPI) -> None:
    for error in (
        sqlalchemy.exc.DBAPIError,
        asyncpg.PostgresError,  # raised unwrapped by connections outside the pool
        sqlalchemy.exc.TimeoutError,
        *_DATABASE_ERRORS,
        *_NETWORK_ERRORS,
        *_REDIS_ERRORS,
    ):
        app.add_exception_handler(error, unavailable_handler)
