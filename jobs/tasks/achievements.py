"""Achievement checks: the event job after an activity, the daily safety net (cron) and the
notice, all thin over core.achievements; the message is bot.render.achievements."""

from __future__ import annotations

import asyncio
from functools import partial

from bot.render.achievements import unlocked_notice
from core.achievements.evaluation import evaluate_learner
from core.achievements.notices import claim_notice, release_notice
from core.achievements.schemas import AchievementNotice
from core.achievements.sweep import run_safety_net
from core.clock import utcnow
from jobs.context import JobContext
from jobs.telegram_sender import SendRetry, TelegramSender, telegram_sender
from jobs.transactions import in_transaction


async def check_achievements(ctx: JobContext, user_id: int) -> int:
    """Unlock what the learner has reached (idempotent: a second run unlocks nothing more);
    the notice job is requested in the same transaction. Returns how many were unlocked."""
    unlocks = await in_transaction(ctx, partial(evaluate_learner, user_id=user_id))
    return len(unlocks)


async def check_recent_achievements(ctx: JobContext) -> dict[str, int]:
    """Cron, daily: evaluate every learner active in the last two days, in batches."""
    report = await run_safety_net(ctx["db"], utcnow())
    return report.as_dict()


async def send_achievement_notice(ctx: JobContext, user_id: int, unlock_ids: list[int]) -> str:
    """Tell the learner what they unlocked, once: claimed unlocks are not claimed again."""
    sender = telegram_sender(ctx)
    if sender is None:
        return "telegram off"
    notice = await in_transaction(
        ctx, partial(claim_notice, user_id=user_id, unlock_ids=unlock_ids)
    )
    if notice is None:
        return "nothing to send"
    # Once claimed, finish: a cancellation between send and record would lose the notice.
    return await asyncio.shield(_send(ctx, sender, notice))


async def _send(ctx: JobContext, sender: TelegramSender, notice: AchievementNotice) -> str:
    give_back = partial(release_notice, unlock_ids=notice.unlock_ids)
    try:
        result = await sender.send(
            notice.chat_id,
            unlocked_notice(notice.achievements),
            what=f"achievements {notice.unlock_ids}",
        )
    except SendRetry:
        await in_transaction(ctx, give_back)
        raise
    if result.status != "sent":
        await in_transaction(ctx, give_back)
    return result.status
