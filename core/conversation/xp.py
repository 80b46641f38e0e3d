"""XP a conversation earns: a little per answered message, a bonus for finishing a scene.
Both go to the ledger once (the unique source key makes a second award a no-op)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import XpEntry
from core.ownership import mine

XP_PER_MESSAGE = 5
XP_FOR_FINISHING = 20
MESSAGES_FOR_FINISHING = 3


async def _award(
    session: AsyncSession, user_id: int, amount: int, reason: str, source: int
) -> None:
    await session.execute(
        insert(XpEntry)
        .values(user_id=user_id, amount=amount, reason=reason, source_id=source)
        .on_conflict_do_nothing()
    )


async def award_message(session: AsyncSession, user_id: int, learner_turn_id: int) -> None:
    await _award(session, user_id, XP_PER_MESSAGE, "conversation_message", learner_turn_id)


async def award_finishing(session: AsyncSession, user_id: int, conversation_id: int) -> None:
    await _award(session, user_id, XP_FOR_FINISHING, "conversation_finished", conversation_id)


async def xp_earned(
    session: AsyncSession, user_id: int, conversation_id: int, learner_turn_ids: Sequence[int]
) -> int:
    xp = await session.scalar(
        select(func.coalesce(func.sum(XpEntry.amount), 0)).where(
            mine(XpEntry, user_id),
            (
                (XpEntry.reason == "conversation_message")
                & XpEntry.source_id.in_(list(learner_turn_ids) or [0])
            )
            | (
                (XpEntry.reason == "conversation_finished") & (XpEntry.source_id == conversation_id)
            ),
        )
    )
    return int(xp or 0)
