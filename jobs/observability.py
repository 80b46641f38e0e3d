"""One log line and the metrics for every job run, and the worker's own /metrics server.

Every worker process serves its metrics on METRICS_HOST:METRICS_PORT (with METRICS_TOKEN
as bearer token), so each replica is one Prometheus target; the API serves its own."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import redis
from arq import Retry
from arq.constants import default_queue_name
from arq.worker import RetryJob
from prometheus_client import make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer

from core.observability.logs import log_scope
from core.observability.metrics import (
    JOB_LATENCY,
    JOBS,
    QUEUE_DEPTH,
    REMINDER_DELIVERIES,
    bearer_matches,
)
from core.settings import Settings
from jobs.context import JobContext

log = logging.getLogger("jobs.runs")

T = TypeVar("T")

# Job arguments that name what the job works on; they go on its log line.
ID_ARGUMENTS = ("delivery_id", "conversation_id", "turn_id", "deck_word_id", "user_id")


def outcome_of(exc: BaseException | None) -> str:
    if exc is None:
        return "ok"
    if isinstance(exc, (Retry, RetryJob)):
        return "retry"
    if isinstance(exc, asyncio.CancelledError):
        return "cancelled"
    return "failed"


def observed(
    task: Callable[..., Awaitable[T]],
) -> Callable[..., Awaitable[T]]:
    """The task, logging one line per run (job, learner, duration, outcome) and counting it.
    Keeps the task's name, which is the job's name in arq."""
    job = task.__name__

    @functools.wraps(task)
    async def run(ctx: JobContext, *args: Any, **kwargs: Any) -> T:
        ids = {k: v for k, v in kwargs.items() if k in ID_ARGUMENTS}
        if "user_id" in ids:
            ids["learner_id"] = ids.pop("user_id")
        started = time.perf_counter()
        error: BaseException | None = None
        result: T | None = None
        with log_scope(**ids) as fields:
            try:
                result = await task(ctx, *args, **kwargs)
                return result
            except BaseException as exc:
                error = exc
                raise
            finally:
                duration = time.perf_counter() - started
                outcome = outcome_of(error)
                JOBS.labels(job, outcome).inc()
                JOB_LATENCY.labels(job).observe(duration)
                if job == "send_reminder":
                    REMINDER_DELIVERIES.labels(str(result) if error is None else outcome).inc()
                log.log(
                    logging.WARNING if outcome == "failed" else logging.INFO,
                    "%s %s",
                    job,
                    outcome,
                    extra={
                        "event": "job",
                        "job": job,
                        "job_id": ctx.get("job_id"),
                        "try": ctx.get("job_try"),
                        "outcome": outcome,
                        "result": None if error is not None else _short(result),
                        "error": None if error is None else f"{type(error).__name__}: {error}",
                        "duration_ms": round(duration * 1000, 1),
                        **fields,
                        "learner_id": fields.get("learner_id"),
                    },
                )

    return run


def _short(result: object) -> object:
    if result is None or isinstance(result, (int, float, bool)):
        return result
    return str(result)[:200]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Scrapes are not worth a log line each."""


def metrics_app(token: str, redis_url: str) -> Callable[..., Iterable[bytes]]:
    """Prometheus's WSGI app behind the bearer token; reads the queue depth on each scrape
    (a blocking client: this runs in the server's own thread, not on the event loop)."""
    prometheus = make_wsgi_app()
    queue = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not bearer_matches(environ.get("HTTP_AUTHORIZATION"), token):
            start_response("401 Unauthorized", [("WWW-Authenticate", "Bearer")])
            return [b""]
        with contextlib.suppress(redis.RedisError):
            QUEUE_DEPTH.set(int(queue.zcard(default_queue_name)))  # type: ignore[arg-type]
        result: Iterable[bytes] = prometheus(environ, start_response)
        return result

    return app


def serve_metrics(settings: Settings) -> WSGIServer | None:
    """Start this worker's metrics server (a daemon thread), if METRICS_PORT and
    METRICS_TOKEN are set."""
    token = settings.metrics_bearer
    if settings.metrics_port is None or token is None or settings.redis_url is None:
        return None
    server = make_server(
        settings.metrics_host,
        settings.metrics_port,
        metrics_app(token, settings.redis_url),
        ThreadingWSGIServer,
        handler_class=_QuietHandler,
    )
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    log.info("worker metrics on http://%s:%s/metrics", settings.metrics_host, server.server_port)
    return server
