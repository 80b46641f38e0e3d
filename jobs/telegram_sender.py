"""The one way a job sends to Telegram, with one error policy for every message.

- Every send takes a slot from the flood limiter all workers share in Redis (bot-wide and
  per chat). A slot further away than LIMITER_WAIT_SECONDS frees the worker instead: the job
  is retried when the slot is due.
- 429: every sender holds back for `retry_after` (the limiter is paused bot-wide), then this
  one sends again; after MAX_429_WAITS the job is retried later.
- 403 (the learner blocked the bot): the chat is marked blocked (reminders stop, the reason
  is on the learner) and the result says "blocked".
- 400 (e.g. "chat not found"): asking again will not help; logged, the result is "failed".
- Network errors, 5xx and anything else Telegram answers: the job is retried with a growing
  delay (`SendRetry`), MAX_SEND_TRIES times in all; then logged and "failed".

Nothing is dropped silently: every outcome is returned to the job or logged with the chat,
what was being sent and the try number. A job that holds state around a send (a reminder's
delivery row) catches `SendRetry` to give the state back before re-raising it.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Literal

from arq import Retry
from redis.asyncio import Redis
from telegram import Bot
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.render.message import Rendered
from core.notifications import mark_chat_blocked
from core.observability.metrics import TELEGRAM_FLOOD_WAITS
from core.ratelimit import (
    CHAT_KIND,
    GLOBAL_SCOPE,
    Limit,
    RateLimitTimeout,
    SharedRateLimiter,
    chat_scope,
)
from core.settings import Settings
from jobs.context import JobContext
from jobs.transactions import in_transaction

log = logging.getLogger(__name__)

LIMITER_PREFIX = "tutor:tg-flood"
# Waiting longer than this for a send slot frees the worker slot instead (Retry with defer).
LIMITER_WAIT_SECONDS = 10.0
# 429 answers waited out in one run before the job is retried later instead.
MAX_429_WAITS = 3
# Tries of a job for temporary failures (network, 5xx, unexpected answers), then it fails.
MAX_SEND_TRIES = 5
RETRY_DELAY_SECONDS = 2.0
# arq's own cap for jobs that send, above MAX_SEND_TRIES because a retry after a long wait
# for a slot (or after a long 429) counts as a try too.
MAX_JOB_TRIES = 20


@dataclass(frozen=True)
class SendResult:
    status: Literal["sent", "blocked", "failed"]
    error: str | None = None


class SendRetry(Retry):
    """Try the job again after `defer` seconds; `error` says why (for the job's records)."""

    def __init__(self, defer: float, error: str) -> None:
        super().__init__(defer=defer)
        self.error = error


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


def _retry_after_seconds(exc: RetryAfter) -> float:
    # PTB 22 returns an int (with a deprecation warning) unless PTB_TIMEDELTA opts in to a
    # timedelta; accept both without the noise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramSender:
    def __init__(self, ctx: JobContext, bot: Bot) -> None:
        self._ctx = ctx
        self._bot = bot
        self._limiter = send_limiter(ctx["redis"], ctx["settings"])
        self._try = ctx.get("job_try", 1)

    async def reserve(self, chat_id: int) -> None:
        """Wait for a send slot; raises SendRetry when it is too far away."""
        try:
            await self._limiter.acquire(
                GLOBAL_SCOPE, chat_scope(chat_id), timeout=LIMITER_WAIT_SECONDS
            )
        except RateLimitTimeout as exc:
            raise SendRetry(max(exc.retry_after, 0.1), "rate limited") from exc

    async def send(
        self, chat_id: int, message: Rendered, *, what: str, reserved: bool = False
    ) -> SendResult:
        """Send `message` (`what` names it in the logs). With `reserved`, the first slot was
        already taken with reserve()."""
        waits = 0
        while True:
            if not reserved or waits:
                await self.reserve(chat_id)
            try:
                await self._bot.send_message(
                    chat_id,
                    message.text,
                    parse_mode=ParseMode.HTML if message.html else None,
                    reply_markup=message.markup,
                )
            except RetryAfter as exc:
                TELEGRAM_FLOOD_WAITS.inc()
                wait = _retry_after_seconds(exc)
                await self._limiter.pause(GLOBAL_SCOPE, wait)  # every worker holds back
                if waits == MAX_429_WAITS or wait > LIMITER_WAIT_SECONDS:
                    raise SendRetry(wait, f"Telegram: retry after {wait:g} s") from exc
                waits += 1
                continue
            except Forbidden:
                await in_transaction(self._ctx, partial(mark_chat_blocked, chat_id=chat_id))
                log.info("chat %s blocked the bot; %s not delivered, chat marked", chat_id, what)
                return SendResult("blocked")
            except BadRequest as exc:
                log.warning("Telegram refused %s for chat %s: %s", what, chat_id, exc.message)
                return SendResult("failed", f"Telegram: {exc.message}")
            except (TelegramError, OSError) as exc:
                return self._after_temporary_error(chat_id, what, exc)
            return SendResult("sent")

    async def edit(
        self, chat_id: int, message_id: int, message: Rendered, *, what: str
    ) -> SendResult:
        """Show `message` in place of the chat's message `message_id` (a drill edited in
        place); when Telegram cannot edit it (too old, deleted), it is sent as a new one."""
        await self.reserve(chat_id)
        try:
            await self._bot.edit_message_text(
                message.text,
                chat_id,
                message_id,
                parse_mode=ParseMode.HTML if message.html else None,
                reply_markup=message.markup,
            )
        except RetryAfter as exc:
            TELEGRAM_FLOOD_WAITS.inc()
            wait = _retry_after_seconds(exc)
            await self._limiter.pause(GLOBAL_SCOPE, wait)
            raise SendRetry(wait, f"Telegram: retry after {wait:g} s") from exc
        except Forbidden:
            await in_transaction(self._ctx, partial(mark_chat_blocked, chat_id=chat_id))
            log.info("chat %s blocked the bot; %s not delivered, chat marked", chat_id, what)
            return SendResult("blocked")
        except BadRequest as exc:
            if "not modified" in exc.message:
                return SendResult("sent")  # the message shows this already (a rerun job)
            log.info("could not edit %s in chat %s (%s): sending it anew", what, chat_id, exc)
            return await self.send(chat_id, message, what=what)
        except (TelegramError, OSError) as exc:
            return self._after_temporary_error(chat_id, what, exc)
        return SendResult("sent")

    def _after_temporary_error(self, chat_id: int, what: str, exc: Exception) -> SendResult:
        error = f"{type(exc).__name__}: {exc}"
        if self._try >= MAX_SEND_TRIES:
            log.warning("%s for chat %s failed after %s tries: %s", what, chat_id, self._try, error)
            return SendResult("failed", error)
        log.info("%s for chat %s: try %s failed (%s); retrying", what, chat_id, self._try, error)
        raise SendRetry(RETRY_DELAY_SECONDS * self._try, error) from exc

    async def typing(self, chat_id: int) -> None:
        """Show "typing…" while the tutor works. Not a message: if it does not arrive the
        learner misses nothing, so a failure is only logged."""
        try:
            await self._bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as exc:
            log.debug("typing indicator for chat %s failed: %s", chat_id, exc)


def telegram_sender(ctx: JobContext) -> TelegramSender | None:
    """The sender of this worker, or None when it runs without a Telegram bot."""
    bot = ctx.get("telegram")
    return TelegramSender(ctx, bot) if bot is not None else None
