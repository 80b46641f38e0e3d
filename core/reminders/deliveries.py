"""One reminder on its way out (the daily reminder, or the evening streak nudge: a delivery's
`kind`): the message it carries, and its states (claimed for sending, given back after a
temporary failure, sent, blocked, failed).

Exactly once, as far as Telegram allows. The Bot API has no idempotency key and no way to
ask whether a message arrived, so a worker killed after handing a reminder to Telegram and
before recording the answer leaves a delivery that may or may not have reached the learner.
The claim marks it "sending" with its attempt and the moment it was handed over
(`sending_at`); the answer is recorded right after Telegram's reply. A claim silent for the
lease (`stuck_after`) belongs to a dead worker, and its attempt is settled like this:
- the learner had an exchange with the bot today (a webhook update from their chat or a
  conversation message since their local midnight): they have our messages in the chat
  today, so the attempt is not repeated (a possible miss beats a possible duplicate);
- otherwise it is sent again: a learner is never left with nothing from us on a due day.
The remaining duplicate window: a reminder Telegram accepted in the few milliseconds before
its worker died, to a learner with no other exchange with the bot that day. At most one per
job the dead worker was running (worker_concurrency); bench/README.md has the measurement.
Late reminders are bounded by the lease plus one sweep interval (a minute)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import local_today, utcnow
from core.models import ConversationTurn, ReminderDelivery, TelegramUpdate, User
from core.observability.logs import bind_learner
from core.ownership import mine
from core.plan.schemas import DailyPlan
from core.plan.service import daily_plan, something_due, streak_at_risk
from core.reminders.schedule import reminder_instant
from core.reminders.schemas import DeliveryKind

# The lease of a claim. A live claimant holds one at most ~75 s (three 429 waits and three
# slot waits of at most 10 s each, plus the HTTP timeouts: jobs.telegram_sender), so 90 s
# never takes a reminder from a live worker; a dead worker's reminders go out at most this
# plus one sweep interval late.
DEFAULT_STUCK_AFTER = timedelta(seconds=90)
UNSENT = ("pending", "sending")
FINAL = ("sent", "blocked", "failed")
NOTE_NOTHING_DUE = "Not sent: nothing was due any more."
NOTE_TURNED_OFF = "Not sent: reminders were turned off."
NOTE_NUDGE_OFF = "Not sent: the evening streak nudge was turned off."
NOTE_NOT_AT_RISK = "Not sent: the streak was no longer at risk."
NOTE_MAYBE_SENT = (
    "Not sent again: attempt {attempt} may have reached the chat before its worker stopped, "
    "and the learner had other messages from us today."
)


@dataclass(frozen=True)
class ReminderMessage:
    """What the send job needs: where to send, which kind of message, and today's plan (what
    is waiting, and the buttons that start it)."""

    delivery_id: int
    user_id: int
    chat_id: int
    kind: DeliveryKind
    plan: DailyPlan


def _switched_on(user: User | None, kind: DeliveryKind) -> bool:
    if user is None or user.telegram_chat_id is None:
        return False
    return user.reminders_enabled if kind == "daily" else user.streak_nudge_enabled


async def prepare_delivery(
    session: AsyncSession, delivery_id: int, now: datetime | None = None
) -> ReminderMessage | None:
    """The message for a delivery that still has to go out, or None (already done, or not to
    be sent any more: switched off, no chat, nothing due now, the streak no longer at risk)."""
    delivery = await session.get(ReminderDelivery, delivery_id)
    if delivery is None or delivery.status in FINAL:
        return None
    bind_learner(delivery.user_id)
    kind: DeliveryKind = "nudge" if delivery.kind == "nudge" else "daily"
    user = await session.get(User, delivery.user_id)
    if not _switched_on(user, kind):
        note = NOTE_TURNED_OFF if kind == "daily" else NOTE_NUDGE_OFF
        await set_final(session, delivery_id, "failed", note)
        return None
    assert user is not None and user.telegram_chat_id is not None
    plan = await daily_plan(session, user, now or utcnow())
    if kind == "daily" and not something_due(plan):
        await set_final(session, delivery_id, "failed", NOTE_NOTHING_DUE)
        return None
    if kind == "nudge" and not streak_at_risk(plan):
        await set_final(session, delivery_id, "failed", NOTE_NOT_AT_RISK)
        return None
    return ReminderMessage(
        delivery_id=delivery_id,
        user_id=user.id,
        chat_id=user.telegram_chat_id,
        kind=kind,
        plan=plan,
    )


async def heard_from_us_today(
    session: AsyncSession, user_id: int, chat_id: int | None, time_zone: str, now: datetime
) -> bool:
    """Whether the learner talked with the bot today (their local day): the bot answered, so
    the chat holds messages from us today whatever became of an uncertain reminder."""
    midnight = reminder_instant(time_zone, time(0), local_today(time_zone, now))
    conditions = [
        exists().where(
            mine(ConversationTurn, user_id),
            ConversationTurn.role == "learner",
            ConversationTurn.created_at >= midnight,
        )
    ]
    if chat_id is not None:
        conditions.append(
            exists().where(
                TelegramUpdate.chat_id == chat_id, TelegramUpdate.received_at >= midnight
            )
        )
    return bool(await session.scalar(select(or_(*conditions))))


async def settle_uncertain_attempt(
    session: AsyncSession,
    delivery_id: int,
    now: datetime,
    *,
    stuck_after: timedelta = DEFAULT_STUCK_AFTER,
) -> bool:
    """A claim silent for `stuck_after` whose message was handed to Telegram: True (and the
    delivery closed) when it must not be sent again; see the module's documentation."""
    row = (
        await session.execute(
            select(ReminderDelivery.attempts, User.id, User.telegram_chat_id, User.time_zone)
            .join(User, User.id == ReminderDelivery.user_id)
            .where(
                ReminderDelivery.id == delivery_id,
                ReminderDelivery.status == "sending",
                ReminderDelivery.sending_at.is_not(None),
                ReminderDelivery.updated_at < func.now() - stuck_after,
            )
            .with_for_update(of=ReminderDelivery)
        )
    ).first()
    if row is None:
        return False
    attempt, user_id, chat_id, time_zone = row
    if not await heard_from_us_today(session, user_id, chat_id, time_zone, now):
        return False
    await set_final(session, delivery_id, "failed", NOTE_MAYBE_SENT.format(attempt=attempt))
    return True


async def claim_delivery(
    session: AsyncSession, delivery_id: int, *, stuck_after: timedelta = DEFAULT_STUCK_AFTER
) -> bool:
    """Atomically take a delivery for sending: a pending one, or one whose claimant has been
    silent for `stuck_after` (unless its attempt may have arrived: settle_uncertain_attempt).
    False when it is sent, final, or being sent by someone else. The caller hands the
    message to Telegram right after this commits: `sending_at` marks that moment."""
    if await settle_uncertain_attempt(session, delivery_id, utcnow(), stuck_after=stuck_after):
        return False
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
        .values(
            status="sending",
            attempts=ReminderDelivery.attempts + 1,
            updated_at=func.now(),
            sending_at=func.now(),
        )
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
        .values(status="pending", last_error=error[:300], updated_at=func.now(), sending_at=None)
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
