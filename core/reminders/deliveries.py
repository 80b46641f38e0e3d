"""One reminder on its way out: the message it carries, and its states (claimed for
sending, given back after a temporary failure, sent, blocked, failed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import func, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.models import ReminderDelivery, User
from core.observability.logs import bind_learner
from core.reviews.service import due_summary

DEFAULT_STUCK_AFTER = timedelta(minutes=2)
UNSENT = ("pending", "sending")
FINAL = ("sent", "blocked", "failed")
NOTE_NOTHING_DUE = "Not sent: nothing was due any more."
NOTE_TURNED_OFF = "Not sent: reminders were turned off."


@dataclass(frozen=True)
class ReminderMessage:
    """What the send job needs: where to send and the counts to put in the text."""

    delivery_id: int
    user_id: int
    chat_id: int
    due_reviews: int
    new_available: int

    @property
    def total(self) -> int:
        return self.due_reviews + self.new_available


async def prepare_delivery(
    session: AsyncSession, delivery_id: int, now: datetime | None = None
) -> ReminderMessage | None:
    """The message for a delivery that still has to go out, or None (already done, or not to
    be sent any more: reminders turned off, no chat, nothing due now)."""
    delivery = await session.get(ReminderDelivery, delivery_id)
    if delivery is None or delivery.status in FINAL:
        return None
    bind_learner(delivery.user_id)
    user = await session.get(User, delivery.user_id)
    if user is None or not user.reminders_enabled or user.telegram_chat_id is None:
        await set_final(session, delivery_id, "failed", NOTE_TURNED_OFF)
        return None
    summary = await due_summary(session, user, now or utcnow())
    if summary.total == 0:
        await set_final(session, delivery_id, "failed", NOTE_NOTHING_DUE)
        return None
    return ReminderMessage(
        delivery_id=delivery_id,
        user_id=user.id,
        chat_id=user.telegram_chat_id,
        due_reviews=summary.due_reviews,
        new_available=summary.new_available,
    )


async def claim_delivery(
    session: AsyncSession, delivery_id: int, *, stuck_after: timedelta = DEFAULT_STUCK_AFTER
) -> bool:
    """Atomically take a delivery for sending: a pending one, or one whose claimant has been
    silent for `stuck_after`. False when it is sent, final, or being sent by someone else."""
    claimed = await session.scalar(
        update(ReminderDelivery)
        .where(
            ReminderDelivery.id == delivery_id,
            (ReminderDelivery.status == "pending")
            | (
                (ReminderDelivery.status == "sending")
                & (ReminderDelivery.updated_at < func.now() - stuck_after)
            ),
        )
        .values(status="sending", attempts=ReminderDelivery.attempts + 1, updated_at=func.now())
        .returning(ReminderDelivery.id)
    )
    return claimed is not None


async def mark_sent(session: AsyncSession, delivery_id: int, at: datetime | None = None) -> None:
    await session.execute(
        update(ReminderDelivery)
        .where(ReminderDelivery.id == delivery_id)
        .values(status="sent", sent_at=at or utcnow(), last_error=None, updated_at=func.now())
    )


async def release_delivery(session: AsyncSession, delivery_id: int, error: str) -> None:
    """Give a claimed delivery back (pending) after a temporary failure; a retry takes it."""
    await session.execute(
        update(ReminderDelivery)
        .where(ReminderDelivery.id == delivery_id, ReminderDelivery.status == "sending")
        .values(status="pending", last_error=error[:300], updated_at=func.now())
    )


async def mark_failed(session: AsyncSession, delivery_id: int, error: str) -> None:
    await set_final(session, delivery_id, "failed", error)


async def mark_blocked(session: AsyncSession, delivery_id: int) -> None:
    """The learner blocked the bot. The sender marked their chat (core.notifications), which
    switches reminders off until they turn them on again (PATCH /users/me, /settings)."""
    await set_final(session, delivery_id, "blocked", "Telegram: the bot was blocked.")


async def record_send(
    session: AsyncSession,
    delivery_id: int,
    status: Literal["sent", "blocked", "failed"],
    error: str | None = None,
) -> None:
    """What became of a claimed delivery's send."""
    if status == "sent":
        await mark_sent(session, delivery_id)
    elif status == "blocked":
        await mark_blocked(session, delivery_id)
    else:
        await mark_failed(session, delivery_id, error or "Telegram: not delivered.")


async def set_final(session: AsyncSession, delivery_id: int, status: str, note: str) -> None:
    await session.execute(
        update(ReminderDelivery)
        .where(ReminderDelivery.id == delivery_id, ReminderDelivery.status.in_(UNSENT))
        .values(status=status, last_error=note[:300], updated_at=func.now())
    )
