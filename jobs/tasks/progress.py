"""Streaks: the cron that closes learners' ended local days, and the freeze notice."""

from __future__ import annotations

from datetime import date
from functools import partial

from bot.render.progress import freeze_saved
from core.clock import utcnow
from core.progress.closing import close_ended_days, freeze_notice
from jobs.context import JobContext
from jobs.telegram_sender import telegram_sender
from jobs.transactions import in_transaction


async def close_progress_days(ctx: JobContext) -> dict[str, int]:
    """Cron, every 15 minutes (local midnights fall on quarter hours): close ended days."""
    report = await close_ended_days(ctx["db"], utcnow())
    return report.as_dict()


async def send_freeze_notice(ctx: JobContext, user_id: int, local_on: str) -> str:
    """Tell the learner a freeze covered a missed day. Queued under a job id per learner and
    day, and it reads the closed day again, so it says the same however often it runs."""
    sender = telegram_sender(ctx)
    if sender is None:
        return "telegram off"
    notice = await in_transaction(
        ctx, partial(freeze_notice, user_id=user_id, local_on=date.fromisoformat(local_on))
    )
    if notice is None:
        return "nothing to send"
    result = await sender.send(
        notice.chat_id, freeze_saved(notice.streak), what=f"freeze notice to {user_id}"
    )
    return result.status
