"""arq worker: `tutor worker` runs WorkerSettings; resources are built once in on_startup."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from arq import cron, func
from arq.connections import RedisSettings
from arq.worker import Function
from telegram import Bot

from core.db import Database
from core.errors import ConfigurationError
from core.outbox import JOB_NAMES
from core.settings import Settings
from core.tutor.factory import build_tutor
from core.vocabulary.import_jobs import (
    IMPORT_TIMEOUT_SECONDS,
    MAX_IMPORT_TRIES,
    fail_stalled_imports,
)
from jobs.context import JobContext
from jobs.observability import observed, serve_metrics
from jobs.queue import ArqJobSender, redis_settings
from jobs.tasks.accounts import send_password_reset_code
from jobs.tasks.achievements import (
    check_achievements,
    check_recent_achievements,
    send_achievement_notice,
)
from jobs.tasks.conversation import reply_to_conversation, send_conversation_reply
from jobs.tasks.deck_import import run_deck_import, show_failed_import
from jobs.tasks.grammar import generate_exercises, judge_grammar_answer
from jobs.tasks.leagues import maintain_leagues, refresh_league_standing
from jobs.tasks.maintenance import purge_expired_records
from jobs.tasks.notifications import send_telegram_text
from jobs.tasks.progress import close_progress_days, send_freeze_notice
from jobs.tasks.recovery import recover_unsent_work
from jobs.tasks.reminders import send_reminder, sweep_reminders
from jobs.tasks.scheduling import fit_scheduler_parameters
from jobs.tasks.vocabulary import enrich_deck_word
from jobs.telegram_sender import MAX_JOB_TRIES

log = logging.getLogger(__name__)

# arq types ctx as a plain dict; JobContext is that dict, typed (hence the ignores).
FUNCTIONS: list[Function] = [
    func(observed(purge_expired_records)),  # type: ignore[arg-type]
    func(observed(sweep_reminders)),  # type: ignore[arg-type]
    func(observed(reply_to_conversation)),  # type: ignore[arg-type]
    func(observed(check_achievements)),  # type: ignore[arg-type]
    func(observed(refresh_league_standing), keep_result=0),  # type: ignore[arg-type]
    func(observed(generate_exercises)),  # type: ignore[arg-type]
    # One transaction for a whole large import: it may take minutes.
    func(
        observed(run_deck_import),  # type: ignore[arg-type]
        timeout=IMPORT_TIMEOUT_SECONDS,
        max_tries=MAX_IMPORT_TRIES,
    ),
    # Jobs that send to Telegram may be retried more often (see jobs.telegram_sender).
    func(observed(send_telegram_text), max_tries=MAX_JOB_TRIES),  # type: ignore[arg-type]
    func(observed(enrich_deck_word), max_tries=MAX_JOB_TRIES),  # type: ignore[arg-type]
    func(observed(judge_grammar_answer), max_tries=MAX_JOB_TRIES),  # type: ignore[arg-type]
    func(observed(send_conversation_reply), max_tries=MAX_JOB_TRIES, keep_result=0),  # type: ignore[arg-type]
    func(observed(send_achievement_notice), max_tries=MAX_JOB_TRIES),  # type: ignore[arg-type]
    func(observed(show_failed_import), max_tries=MAX_JOB_TRIES),  # type: ignore[arg-type]
    # No result kept: the job id is free again once it ran, so the sweep can re-queue it.
    func(observed(send_reminder), max_tries=MAX_JOB_TRIES, keep_result=0),  # type: ignore[arg-type]
    func(observed(close_progress_days)),  # type: ignore[arg-type]
    func(observed(send_freeze_notice), max_tries=MAX_JOB_TRIES),  # type: ignore[arg-type]
    func(observed(send_password_reset_code), max_tries=MAX_JOB_TRIES),  # type: ignore[arg-type]
]


def check_job_names(functions: list[Function]) -> None:
    """The worker runs exactly the jobs core may request (core.outbox.JobName)."""
    names = {f.name for f in functions}
    if names != JOB_NAMES:
        missing, unknown = sorted(JOB_NAMES - names), sorted(names - JOB_NAMES)
        raise ConfigurationError(f"job names differ: no worker for {missing}, unknown {unknown}")


check_job_names(FUNCTIONS)


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
    async with ctx["db"].unit_of_work() as session:  # imports a killed worker left running
        await fail_stalled_imports(session)
    bot = telegram_bot(settings)
    if bot is not None:
        await bot.initialize()
    ctx["telegram"] = bot
    ctx["tutor"] = build_tutor(settings)
    ctx["metrics_server"] = serve_metrics(settings)


async def on_shutdown(ctx: JobContext) -> None:
    metrics_server = ctx.get("metrics_server")
    if metrics_server is not None:
        metrics_server.shutdown()
        metrics_server.server_close()
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
        # A burst worker drains the queue and exits; cron would make it run on (and, in tests,
        # sweep at the wall-clock time in the middle of a scenario).
        "cron_jobs": [] if burst else WorkerSettings.cron_jobs,
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

    functions: ClassVar[list[Function]] = FUNCTIONS
    cron_jobs: ClassVar[list[Any]] = [
        # arq types ctx as a plain dict; JobContext is that dict, typed.
        cron(observed(purge_expired_records), hour={3}, minute={17}, unique=True),  # type: ignore[arg-type]
        # Every minute; concurrent sweeps (a slow one overlapping the next) are safe.
        cron(observed(sweep_reminders), second={0}, unique=True, timeout=300),  # type: ignore[arg-type]
        # Every minute: the outbox's unsent jobs and work waiting too long are queued again.
        cron(observed(recover_unsent_work), second={30}, unique=True, timeout=120),  # type: ignore[arg-type]
        # Daily: achievements of learners active in the last two days (a lost check job, cards
        # that matured without an activity). Batches of 500 learners, one statement each.
        cron(observed(check_recent_achievements), hour={4}, minute={41}, unique=True, timeout=1800),  # type: ignore[arg-type]
        # Leagues' weeks end Monday 00:00 UTC (a missed run catches up); the streak board is
        # rewritten after each progress run above has closed the days that ended.
        cron(observed(maintain_leagues), minute={6, 21, 36, 51}, unique=True, timeout=600),  # type: ignore[arg-type]
        # Every quarter hour, when local midnights fall: learners' ended days are closed.
        cron(observed(close_progress_days), minute={1, 16, 31, 46}, unique=True, timeout=600),  # type: ignore[arg-type]
        # Daily: learners with enough reviews get their FSRS parameters fitted, each weekly.
        cron(observed(fit_scheduler_parameters), hour={2}, minute={47}, unique=True, timeout=3600),  # type: ignore[arg-type]
    ]
    on_startup = on_startup
    on_shutdown = on_shutdown
    redis_settings: ClassVar[RedisSettings] = redis_settings(
        Settings().redis_url or "redis://localhost:6379"
    )
    health_check_interval = 10
