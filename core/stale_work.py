"""Work that was acknowledged but whose job never ran (lost from the queue, a worker killed
past arq's retries): conversation messages still waiting for a reply and typed words still
waiting for their enrichment are asked for again. Their jobs are idempotent, so asking for a
job that is merely slow costs one no-op run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation.turns import STALE_CLAIM
from core.models import ConversationTurn, DeckWord
from core.outbox import request_job

STALE_AFTER = timedelta(minutes=2)


@dataclass(frozen=True)
class Requeued:
    conversations: int
    words: int


async def requeue_stale_work(
    session: AsyncSession, now: datetime, *, stale_after: timedelta = STALE_AFTER
) -> Requeued:
    """Ask again for the jobs of messages and words waiting longer than `stale_after`. The
    job ids carry the time window, so a sweep every minute asks once per window."""
    window = int(now.timestamp() // stale_after.total_seconds())
    conversation_ids = (
        await session.scalars(
            select(ConversationTurn.conversation_id)
            .where(
                ConversationTurn.role == "learner",
                or_(
                    (ConversationTurn.status == "pending")
                    & (ConversationTurn.created_at < now - stale_after),
                    (ConversationTurn.status == "processing")
                    & (ConversationTurn.claimed_at < now - STALE_CLAIM),
                ),
            )
            .distinct()
        )
    ).all()
    for conversation_id in conversation_ids:
        request_job(
            session,
            "reply_to_conversation",
            job_id=f"reply:stale:{conversation_id}:{window}",
            conversation_id=conversation_id,
        )
    word_ids = (
        await session.scalars(
            select(DeckWord.id).where(
                DeckWord.enrichment == "pending", DeckWord.updated_at < now - stale_after
            )
        )
    ).all()
    for word_id in word_ids:
        request_job(
            session,
            "enrich_deck_word",
            job_id=f"enrich:stale:{word_id}:{window}",
            deck_word_id=word_id,
        )
    return Requeued(conversations=len(conversation_ids), words=len(word_ids))
