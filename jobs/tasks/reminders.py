"""Daily review reminders and evening streak nudges: the per-minute sweep (cron) and the send
job, both thin over core.reminders; the message is bot.render.reminders, the sending
jobs.telegram_sender."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from functools import partial

from bot.render.reminders import reminder
from core.clock import utcnow
from core.reminders import deliveries
from core.reminders.deliveries import ReminderMessage
from core.reminders.sweep import run_sweep
from jobs.context import JobContext
from jobs.telegram_sender import SendRetry, TelegramSender, telegram_sender
from jobs.transactions import in_transaction


async def sweep_reminders(ctx: JobContext) -> dict[str, int]:
    """Cron, every minute: record and enqueue the reminders that are due now."""
    if ctx.get("telegram") is None:
        return {}  # without a bot nothing could be sent; the schedule waits for one
    settings = ctx["settings"]
    report = await run_sweep(
        ctx["db"],
        utcnow(),
        batch_size=settings.reminder_sweep_batch_size,
        stuck_after=timedelta(seconds=settings.reminder_stuck_after_seconds),
    )
    return report.as_dict()


async def send_reminder(ctx: JobContext, delivery_id: int) -> str:
    """Send one recorded reminder. Idempotent: a delivery that is sent, blocked or failed, or
    being sent by another worker, is left alone, so arq running it twice is harmless."""
    sender = telegram_sender(ctx)
    if sender is None:
        return "telegram off"
    prepare = partial(deliveries.prepare_delivery, delivery_id=delivery_id)
    message = await in_transaction(ctx, prepare)
    if message is None:
        return "nothing to send"
    await sender.reserve(message.chat_id)
    # Once claimed, finish: a cancellation (shutdown, job timeout) between the send and the
    # record would otherwise leave a sent message looking unsent, and it would go out twice.
    return await asyncio.shield(_claim_and_send(ctx, sender, message))


async def _claim_and_send(ctx: JobContext, sender: TelegramSender, message: ReminderMessage) -> str:
    delivery_id = message.delivery_id
    stuck_after = timedelta(seconds=ctx["settings"].reminder_stuck_after_seconds)
    claim = partial(deliveries.claim_delivery, delivery_id=delivery_id, stuck_after=stuck_after)
    if not await in_transaction(ctx, claim):
        return "claimed elsewhere"
    try:
        result = await sender.send(
            message.chat_id, reminder(message), what=f"reminder {delivery_id}", reserved=True
        )
    except SendRetry as retry:
        release = partial(deliveries.release_delivery, delivery_id=delivery_id, error=retry.error)
        await in_transaction(ctx, release)
        raise
    record = partial(
        deliveries.record_send, delivery_id=delivery_id, status=result.status, error=result.error
    )
    await in_transaction(ctx, record)
    return result.status
