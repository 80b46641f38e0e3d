"""AppError → a 4xx JSON body with a stable code; never a 500 for something a user caused."""

from __future__ import annotations

import logging
import socket

import redis.exceptions
import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from core.errors import AppError
from core.observability.metrics import SERVICE_UNAVAILABLE

log = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    """The body of every AppError response, for routes that document their 4xx answers."""

    detail: str
    code: str


async def app_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    headers: dict[str, str] = {}
    if exc.retry_after is not None:
        headers["Retry-After"] = str(exc.retry_after)
    if exc.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(
        status_code=exc.status,
        content={"detail": exc.message, "code": exc.code},
        headers=headers,
    )


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's default handler fails (500) on a body that is not UTF-8; this one does not."""
    assert isinstance(exc, RequestValidationError)
    errors = jsonable_encoder(
        exc.errors(), custom_encoder={bytes: lambda raw: raw.decode("utf-8", "replace")}
    )
    return JSONResponse(status_code=422, content={"detail": errors, "code": "invalid"})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, app_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)


# A backing service that cannot be reached is an outage, not a bug: 503 with a hint when to
# retry, and the pool reconnects by itself once the service is back.
UNAVAILABLE_RETRY_AFTER_SECONDS = 5
_DATABASE_ERRORS = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,  # no pooled connection came free in time
)
_NETWORK_ERRORS = (ConnectionError, TimeoutError, socket.gaierror)
_REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def unavailable_service(exc: BaseException) -> str | None:
    """ "database" or "redis" when `exc` says that service is unreachable, else None."""
    if isinstance(exc, _REDIS_ERRORS):
        return "redis"
    if isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.connection_invalidated:
        return "database"
    if isinstance(exc, (*_DATABASE_ERRORS, *_NETWORK_ERRORS)):
        return "database"
    return None


async def unavailable_handler(request: Request, exc: Exception) -> JSONResponse:
    service = unavailable_service(exc)
    if service is None:
        raise exc  # a database error that is not an outage stays a server error
    SERVICE_UNAVAILABLE.labels(service).inc()
    log.warning("%s unavailable: %s: %s", service, type(exc).__name__, exc)
    return JSONResponse(
        status_code=503,
        content={
            "detail": f"The service is temporarily unavailable ({service}); try again shortly.",
            "code": "unavailable",
        },
        headers={"Retry-After": str(UNAVAILABLE_RETRY_AFTER_SECONDS)},
    )


def install_outage_handlers(app: FastAPI) -> None:
    for error in (sqlalchemy.exc.DBAPIError, *_DATABASE_ERRORS, *_NETWORK_ERRORS, *_REDIS_ERRORS):
        app.add_exception_handler(error, unavailable_handler)
