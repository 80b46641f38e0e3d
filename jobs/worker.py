"""arq worker: `tutor worker` runs WorkerSettings; resources are built once in on_startup."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from arq import cron
from arq.connections import RedisSettings
from telegram import Bot

from core.db import Database
from core.settings import Settings
from jobs.context import JobContext
from jobs.queue import ArqJobSender, redis_settings
from jobs.tasks.maintenance import purge_expired_records
from jobs.tasks.notifications import send_telegram_text

log = logging.getLogger(__name__)


def telegram_bot(settings: Settings) -> Bot | None:
    if settings.telegram_bot_token is None:
        return None
    return Bot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_api_file_url,
    )


async def on_startup(ctx: JobContext) -> None:
    settings = ctx.get("settings") or Settings()
    ctx["settings"] = settings
    assert settings.database_url, "DATABASE_URL is required for the worker"
    ctx["db"] = Database(settings.database_url, job_sender=ArqJobSender(ctx["redis"]))
    bot = telegram_bot(settings)
    if bot is not None:
        await bot.initialize()
    ctx["telegram"] = bot


async def on_shutdown(ctx: JobContext) -> None:
    bot = ctx.get("telegram")
    if bot is not None:
        await bot.shutdown()
    db = ctx.get("db")
    if db is not None:
        await db.dispose()


def worker_settings(settings: Settings, *, burst: bool = False) -> dict[str, Any]:
    """Keyword arguments for arq's Worker, so tests and the CLI build the same worker."""
    assert settings.redis_url, "REDIS_URL is required for the worker"

    async def startup(ctx: JobContext) -> None:
        ctx["settings"] = settings
        await on_startup(ctx)

    return {
        "functions": WorkerSettings.functions,
        "cron_jobs": WorkerSettings.cron_jobs,
        "on_startup": startup,
        "on_shutdown": on_shutdown,
        "redis_settings": redis_settings(settings.redis_url),
        "max_jobs": settings.worker_concurrency,
        "job_timeout": settings.job_timeout_seconds,
        "health_check_interval": 10,
        "burst": burst,
        "poll_delay": 0.1 if burst else 0.5,
    }


class WorkerSettings:
    """For `arq jobs.worker.WorkerSettings`; `tutor worker` uses worker_settings()."""

    functions: ClassVar[list[Any]] = [send_telegram_text, purge_expired_records]
    cron_jobs: ClassVar[list[Any]] = [
        # arq types ctx as a plain dict; JobContext is that dict, typed.
        cron(purge_expired_records, hour={3}, minute={17}, unique=True)  # type: ignore[arg-type]
    ]
    on_startup = on_startup
    on_shutdown = on_shutdown
    redis_settings: ClassVar[RedisSettings] = redis_settings(
        Settings().redis_url or "redis://localhost:6379"
    )
    health_check_interval = 10
