"""GET /metrics for Prometheus: served only with METRICS_TOKEN set, to that bearer token."""

from __future__ import annotations

import contextlib
import hmac

from fastapi import APIRouter, Header, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from redis.exceptions import RedisError

from api.deps import ResourcesDep
from core.errors import NotFound, Unauthorized
from core.observability.metrics import QUEUE_DEPTH
from jobs.queue import queue_depth

router = APIRouter(include_in_schema=False)


def bearer_matches(authorization: str | None, token: str) -> bool:
    scheme, _, given = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())


@router.get("/metrics")
async def metrics(
    resources: ResourcesDep, authorization: str | None = Header(default=None)
) -> Response:
    token = resources.settings.metrics_bearer
    if token is None:
        raise NotFound("Not found.")
    if not bearer_matches(authorization, token):
        raise Unauthorized("A valid metrics token is required.")
    with contextlib.suppress(RedisError):  # Redis down: the metrics still answer
        QUEUE_DEPTH.set(await queue_depth(resources.redis))
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
