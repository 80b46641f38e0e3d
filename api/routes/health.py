from __future__ import annotations

import asyncio
from typing import Literal

from fastapi import APIRouter, Response, status
from pydantic import BaseModel
from sqlalchemy import text

from api.deps import ResourcesDep
from jobs.queue import worker_health

router = APIRouter(tags=["health"])

# A service that does not answer within this is reported unavailable: health never hangs.
CHECK_TIMEOUT_SECONDS = 2.0


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    database: Literal["ok", "unavailable"]
    redis: Literal["ok", "unavailable"]
    worker: str | None
    ai_mode: Literal["claude", "offline"]
    telegram_mode: Literal["off", "polling", "webhook"]


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "The database or Redis is unavailable."}},
)
async def health(resources: ResourcesDep, response: Response) -> Health:
    """Liveness of the database and Redis, the last worker heartbeat, and the AI/Telegram modes."""
    database: Literal["ok", "unavailable"] = "ok"
    redis: Literal["ok", "unavailable"] = "ok"
    worker = None
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
            async with resources.db.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except Exception:
        database = "unavailable"
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
            await resources.redis.ping()
            worker = await worker_health(resources.redis)  # type: ignore[arg-type]
    except Exception:
        redis = "unavailable"
    ok = database == "ok" and redis == "ok"
    if not ok:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return Health(
        status="ok" if ok else "degraded",
        database=database,
        redis=redis,
        worker=worker,
        ai_mode=resources.settings.ai_mode,
        telegram_mode=resources.settings.telegram_mode,
    )
