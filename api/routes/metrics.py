"""GET /metrics for Prometheus: served only with METRICS_TOKEN set, to that bearer token."""

from __future__ import annotations

import contextlib
import os

from fastapi import APIRouter, Header, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
from redis.exceptions import RedisError

from api.deps import ResourcesDep
from core.errors import NotFound, Unauthorized
from core.observability.metrics import QUEUE_DEPTH, bearer_matches
from jobs.queue import queue_depth

router = APIRouter(include_in_schema=False)


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
    return Response(exposition(), media_type=CONTENT_TYPE_LATEST)


def exposition() -> bytes:
    """This process's metrics; with PROMETHEUS_MULTIPROC_DIR set (several uvicorn workers),
    those of every worker process, from the files they share."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return generate_latest()
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry)
