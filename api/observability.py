"""One log line and the metrics for every HTTP request (a plain ASGI middleware, so it sees
the route template the router matched and the status that left)."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.observability.logs import log_scope
from core.observability.metrics import HTTP_LATENCY, HTTP_REQUESTS

log = logging.getLogger("api.requests")

UNMATCHED = "unmatched"


def route_template(scope: Scope) -> str:
    """The matched route's full path template (`/api/v1/reviews/cards/{card_id}`): bounded,
    unlike the raw path with its ids. FastAPI keeps the route as included (with the prefixes
    of the routers around it) next to the route as declared (without them)."""
    fastapi_state = scope.get("fastapi")
    included = (
        fastapi_state.get("effective_route_context") if isinstance(fastapi_state, dict) else None
    )
    for route in (included, scope.get("route")):
        path = getattr(route, "path_format", None)
        if isinstance(path, str):
            return path
    return UNMATCHED


def outcome_of(status: int) -> str:
    if status >= 500:
        return "unavailable" if status == 503 else "error"
    return "rejected" if status >= 400 else "ok"


class RequestObservability:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # unless a response starts: an exception escaped every handler
        started = time.perf_counter()

        async def send_and_watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        with log_scope() as fields:
            try:
                await self.app(scope, receive, send_and_watch)
            finally:
                duration = time.perf_counter() - started
                method, route = scope["method"], route_template(scope)
                HTTP_REQUESTS.labels(method, route, str(status)).inc()
                HTTP_LATENCY.labels(method, route).observe(duration)
                log.info(
                    "%s %s %s",
                    method,
                    route,
                    status,
                    extra={
                        "event": "request",
                        "method": method,
                        "route": route,
                        "status": status,
                        "outcome": outcome_of(status),
                        "duration_ms": round(duration * 1000, 1),
                        "learner_id": fields.get("learner_id"),
                    },
                )
