"""The one place that knows the queue is arq: connect, enqueue, read worker health."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace

from arq import create_pool
from arq.connections import ArqRedis, RedisSettings
from arq.constants import default_queue_name, health_check_key_suffix, job_key_prefix
from redis.asyncio import Redis

from core.outbox import JobRequest

# Seconds to wait for a connection to Redis: a dead server fails fast instead of hanging, and
# a busy host (2 shared cores) still connects (arq's default of 1 s failed jobs there).
REDIS_CONNECT_TIMEOUT = 5.0


def redis_settings(url: str) -> RedisSettings:
    return replace(RedisSettings.from_dsn(url), conn_timeout=int(REDIS_CONNECT_TIMEOUT))


class ArqJobSender:
    def __init__(self, pool: ArqRedis) -> None:
        self.pool = pool

    async def send(self, jobs: Sequence[JobRequest]) -> None:
        for job in jobs:
            await self.pool.enqueue_job(
                job.name, _job_id=job.job_id, _defer_by=job.defer_seconds, **job.kwargs
            )


async def connect(url: str) -> ArqJobSender:
    return ArqJobSender(await create_pool(redis_settings(url)))


def connect_lazily(url: str) -> ArqJobSender:
    """A sender that connects on first use, so a process starts (degraded) while Redis is
    down and recovers when it is back."""
    return ArqJobSender(ArqRedis.from_url(url, socket_connect_timeout=REDIS_CONNECT_TIMEOUT))


async def queue_depth(redis: Redis) -> int:
    """Jobs waiting in the queue, due now or deferred."""
    return int(await redis.zcard(default_queue_name))


async def worker_health(pool: ArqRedis) -> str | None:
    """The worker's last health line (arq writes it every few seconds), or None if silent."""
    raw = await pool.get(default_queue_name + health_check_key_suffix)
    return raw.decode() if isinstance(raw, bytes) else raw


async def jobs_done(
    pool: ArqRedis, job_ids: Sequence[str], *, within: float, poll: float = 0.2
) -> bool:
    """Whether none of these jobs is queued, deferred or running any more (waiting up to
    `within` seconds for it). A job's key exists from enqueue until it has finished."""
    keys = [job_key_prefix + job_id for job_id in job_ids]
    if not keys:
        return True
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while await pool.exists(*keys):
        if loop.time() >= deadline:
            return False
        await asyncio.sleep(poll)
    return True
