"""AppError → a 4xx JSON body with a stable code; never a 500 for something a user caused."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from core.errors import AppError


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


def _without_large_inputs(errors: Sequence[Any]) -> list[Any]:
    return [
        {**error, "input": _excerpt(error["input"])} if "input" in error else error
        for error in errors
    ]


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's default handler fails (500) on a body that is not UTF-8; this one does not."""
    assert isinstance(exc, RequestValidationError)
    errors = jsonable_encoder(
        _without_large_inputs(exc.errors()),
        custom_encoder={bytes: lambda raw: raw.decode("utf-8", "replace")},
    )
    return JSONResponse(status_code=422, content={"detail": errors, "code": "invalid"})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, app_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
