"""Daily review reminders: the per-minute sweep (cron) and the send job, both thin over
core.reminders. Sending goes through the rate limiter every worker shares in Redis."""

from __future__ import annotations

import asyncio
import logging
import warnings
from datetime import timedelta

from arq import Retry
from redis.asyncio import Redis
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from core.clock import utcnow
from core.ratelimit import (
    CHAT_KIND,
    GLOBAL_SCOPE,
    Limit,
    RateLimitTimeout,
    SharedRateLimiter,
    chat_scope,
)
from core.reminders import service as reminders
from core.reminders.service import ReminderMessage
from core.settings import Settings
from jobs.context import JobContext

log = logging.getLogger(__name__)

# The bot's /review handler answers this button (bot.cards.REVIEW_START); jobs do not import
# the bot, so the versioned callback data is spelled out here.
REVIEW_NOW_DATA = "v1:rv:start"
REVIEW_NOW_LABEL = "▶️ Review now"
LIMITER_PREFIX = "tutor:tg-flood"
# Waiting longer than this for a send slot frees the worker slot instead (Retry with defer).
LIMITER_WAIT_SECONDS = 10.0
# Temporary failures (network, 5xx) are retried this many times, then the delivery fails.
MAX_SEND_TRIES = 5
# arq's own cap, above MAX_SEND_TRIES because 429 answers (Retry with defer) count as tries too.
MAX_JOB_TRIES = 20


# ---- the sweep ----------------------------------------------------------------------------


async def sweep_reminders(ctx: JobContext) -> dict[str, int]:
    """Cron, every minute: record and enqueue the reminders that are due now."""
    if ctx.get("telegram") is None:
        return {}  # without a bot nothing could be sent; the schedule waits for one
    settings = ctx["settings"]
    report = await reminders.run_sweep(
        ctx["db"],
        utcnow(),
        batch_size=settings.reminder_sweep_batch_size,
        stuck_after=timedelta(seconds=settings.reminder_stuck_after_seconds),
    )
    return report.as_dict()


# ---- sending ------------------------------------------------------------------------------


def send_limiter(redis: Redis, settings: Settings) -> SharedRateLimiter:
    """Telegram's flood limits as configured, shared by every worker through Redis."""
    return SharedRateLimiter(
        redis,
        prefix=LIMITER_PREFIX,
        limits={
            GLOBAL_SCOPE: Limit(rate=settings.telegram_send_rate_per_second),
            CHAT_KIND: Limit(rate=settings.telegram_send_rate_per_chat_per_second),
        },
    )


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def reminder_text(message: ReminderMessage) -> str:
    parts = []
    if message.due_reviews:
        parts.append(_counted(message.due_reviews, "review", "reviews"))
    if message.new_available:
        parts.append(f"{message.new_available} new")
    return (
        "🔔 <b>Zeit zum Wiederholen!</b>\n"
        f"You have <b>{_counted(message.total, 'card', 'cards')}</b> waiting "
        f"({', '.join(parts)}). A few minutes now keep your streak going. Los geht's! 💪"
    )


def reminder_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(REVIEW_NOW_LABEL, callback_data=REVIEW_NOW_DATA)]]
    )


def _retry_after_seconds(exc: RetryAfter) -> float:
    # PTB 22 returns an int (with a deprecation warning) unless PTB_TIMEDELTA opts in to a
    # timedelta; accept both without the noise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def send_reminder(ctx: JobContext, delivery_id: int) -> str:
    """Send one recorded reminder. Idempotent: a delivery that is sent, blocked or failed, or
    being sent by another worker, is left alone, so arq running it twice is harmless."""
    bot = ctx.get("telegram")
    if bot is None:
        return "telegram off"
    async with ctx["db"].unit_of_work() as session:
        message = await reminders.prepare_delivery(session, delivery_id)
    if message is None:
        return "nothing to send"
    limiter = send_limiter(ctx["redis"], ctx["settings"])
    try:
        await limiter.acquire(
            GLOBAL_SCOPE, chat_scope(message.chat_id), timeout=LIMITER_WAIT_SECONDS
        )
    except RateLimitTimeout as exc:
        raise Retry(defer=max(exc.retry_after, 0.1)) from exc
    # Once claimed, finish: a cancellation (shutdown, job timeout) between the send and the
    # record would otherwise leave a sent message looking unsent, and it would go out twice.
    return await asyncio.shield(_claim_and_send(ctx, bot, limiter, message))


async def _claim_and_send(
    ctx: JobContext, bot: Bot, limiter: SharedRateLimiter, message: ReminderMessage
) -> str:
    db, settings = ctx["db"], ctx["settings"]
    stuck_after = timedelta(seconds=settings.reminder_stuck_after_seconds)
    async with db.unit_of_work() as session:
        if not await reminders.claim_delivery(
            session, message.delivery_id, stuck_after=stuck_after
        ):
            return "claimed elsewhere"
    try:
        await bot.send_message(
            chat_id=message.chat_id,
            text=reminder_text(message),
            parse_mode=ParseMode.HTML,
            reply_markup=reminder_keyboard(),
        )
    except RetryAfter as exc:
        wait = _retry_after_seconds(exc)
        await limiter.pause(GLOBAL_SCOPE, wait)  # every worker holds back, not just this one
        async with db.unit_of_work() as session:
            await reminders.release_delivery(
                session, message.delivery_id, f"Telegram: retry after {wait:g} s"
            )
        raise Retry(defer=wait) from exc
    except Forbidden:
        async with db.unit_of_work() as session:
            await reminders.mark_blocked(session, message.delivery_id)
        log.info("learner %s blocked the bot; reminders switched off", message.user_id)
        return "blocked"
    except BadRequest as exc:  # e.g. "chat not found": asking again will not help
        async with db.unit_of_work() as session:
            await reminders.mark_failed(session, message.delivery_id, f"Telegram: {exc.message}")
        return "failed"
    except (TelegramError, OSError) as exc:
        return await _after_temporary_error(ctx, message, exc)
    async with db.unit_of_work() as session:
        await reminders.mark_sent(session, message.delivery_id)
    return "sent"


async def _after_temporary_error(ctx: JobContext, message: ReminderMessage, exc: Exception) -> str:
    error = f"{type(exc).__name__}: {exc}"
    try_number = ctx.get("job_try", 1)
    async with ctx["db"].unit_of_work() as session:
        if try_number >= MAX_SEND_TRIES:
            await reminders.mark_failed(session, message.delivery_id, error)
            log.warning(
                "reminder %s failed after %s tries: %s", message.delivery_id, try_number, error
            )
            return "failed"
        await reminders.release_delivery(session, message.delivery_id, error)
    raise Retry(defer=2.0 * try_number) from exc
