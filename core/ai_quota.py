"""The learner's daily AI allowance, shared by everything that calls Claude for them:
conversation turns, AI-made grammar exercises and judgements of free answers. Every call is
a row of the usage ledger (ai_usage), with its tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import local_day_start, local_today
from core.models import AiUsage, ConversationTurn, User
from core.ownership import mine
from core.settings import Settings
from core.tutor.base import UsageRecord

EXERCISES: Final = "exercises"
JUDGEMENT: Final = "judgement"
GRAMMAR_PURPOSES: Final = (EXERCISES, JUDGEMENT)
"""AI calls of grammar practice that count against the allowance, as conversation turns do."""


@dataclass(frozen=True)
class AiAccess:
    """Whether Claude may be asked for this learner at all, and how often a day."""

    enabled: bool
    calls_per_day: int

    @classmethod
    def of(cls, settings: Settings) -> AiAccess:
        return cls(settings.ai_mode == "claude", settings.ai_turns_per_day)


OFFLINE = AiAccess(enabled=False, calls_per_day=0)


async def record_usage(
    session: AsyncSession,
    user_id: int | None,
    turn_id: int | None,
    usage: list[UsageRecord],
    purpose: str = "turn",
) -> None:
    for record in usage:
        session.add(
            AiUsage(
                user_id=user_id,
                turn_id=turn_id,
                purpose=purpose,
                model=record.model,
                status=record.status,
                input_tokens=record.input_tokens,
                output_tokens=record.output_tokens,
                cache_read_tokens=record.cache_read_tokens,
                cache_write_tokens=record.cache_write_tokens,
            )
        )
    await session.flush()


async def ai_calls_today(session: AsyncSession, user: User, now: datetime | None = None) -> int:
    """Claude's answers to the learner's messages today (their local day), plus the grammar
    calls made for them (generated exercises, judged answers)."""
    start = local_day_start(user.time_zone, local_today(user.time_zone, now))
    turns = await session.scalar(
        select(func.count()).where(
            mine(ConversationTurn, user),
            ConversationTurn.role == "tutor",
            ConversationTurn.tutor == "claude",
            ConversationTurn.reply_to_id.is_not(None),
            ConversationTurn.created_at >= start,
        )
    )
    grammar = await session.scalar(
        select(func.count()).where(
            mine(AiUsage, user),
            AiUsage.purpose.in_(GRAMMAR_PURPOSES),
            AiUsage.status == "ok",
            AiUsage.created_at >= start,
        )
    )
    return int(turns or 0) + int(grammar or 0)


async def within_allowance(
    session: AsyncSession, user: User, calls_per_day: int, now: datetime | None = None
) -> bool:
    return await ai_calls_today(session, user, now) < calls_per_day
