"""What the tutor's AI calls cost: today's AI calls against the daily allowance
(core.ai_quota, shared with grammar practice) and the learner's usage report."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ai_quota import ai_calls_today
from core.clock import local_day_start, local_today
from core.conversation.schemas import AiUsageReport, UsageTotals
from core.models import AiUsage, User
from core.ownership import mine


async def ai_turns_today(session: AsyncSession, user: User, now: datetime | None = None) -> int:
    """The calls counted against the daily allowance (conversation turns and grammar calls)."""
    return await ai_calls_today(session, user, now)


async def usage_totals(
    session: AsyncSession, user: User, since: datetime | None = None
) -> UsageTotals:
    conditions = [mine(AiUsage, user)]
    if since is not None:
        conditions.append(AiUsage.created_at >= since)
    row = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(AiUsage.status != "ok"),
                func.coalesce(func.sum(AiUsage.input_tokens), 0),
                func.coalesce(func.sum(AiUsage.output_tokens), 0),
                func.coalesce(func.sum(AiUsage.cache_read_tokens), 0),
                func.coalesce(func.sum(AiUsage.cache_write_tokens), 0),
            ).where(*conditions)
        )
    ).one()
    return UsageTotals(
        calls=row[0],
        failed_calls=row[1],
        input_tokens=row[2],
        output_tokens=row[3],
        cache_read_tokens=row[4],
        cache_write_tokens=row[5],
    )


async def usage_report(session: AsyncSession, user: User, turns_per_day: int) -> AiUsageReport:
    start = local_day_start(user.time_zone, local_today(user.time_zone))
    return AiUsageReport(
        today=await usage_totals(session, user, start),
        all_time=await usage_totals(session, user),
        ai_turns_today=await ai_turns_today(session, user),
        ai_turns_per_day=turns_per_day,
    )
