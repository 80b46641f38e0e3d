"""One error hierarchy: a stable code and a message that is safe to show a learner."""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    code: str = "error"
    status: int = 400
    default_message: str = "Something went wrong."

    def __init__(self, message: str | None = None, *, retry_after: int | None = None) -> None:
        self.message = message or self.default_message
        self.retry_after = retry_after
        super().__init__(self.message)

    def details(self) -> dict[str, Any]:
        """Fields a client can act on, next to `detail` and `code` (none by default)."""
        return {}


class Invalid(AppError):
    code = "invalid"
    status = 422
    default_message = "That input is not valid."


class UnknownWord(Invalid):
    """A typed word that no word list knows (or that looks like a typo of a known one)."""

    code = "unknown_word"

    def __init__(self, message: str, suggestions: list[str]) -> None:
        super().__init__(message)
        self.suggestions = suggestions

    def details(self) -> dict[str, Any]:
        return {"suggestions": self.suggestions}


class Unauthorized(AppError):
    code = "unauthorized"
    status = 401
    default_message = "Please log in again."


class Forbidden(AppError):
    code = "forbidden"
    status = 403
    default_message = "You are not allowed to do that."


class NotFound(AppError):
    code = "not_found"
    status = 404
    default_message = "Not found."


class Conflict(AppError):
    code = "conflict"
    status = 409
    default_message = "That conflicts with something that already exists."


class RateLimited(AppError):
    code = "rate_limited"
    status = 429
    default_message = "Too many attempts. Please wait a moment and try again."


class ConfigurationError(Exception):
    """The process is misconfigured; raised at start-up, never for a user's input."""
