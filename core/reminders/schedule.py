"""When a learner's next daily reminder is due: their local reminder time, DST-safe, kept in
`users.next_reminder_at` so the sweep is one index range scan instead of time-zone math on every
learner; the same for the evening streak nudge (`users.next_nudge_at`, at NUDGE_TIME local).
No dependency on other domains, so account code can call `reschedule` freely."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import local_today, utcnow
from core.models import ReminderDelivery, User
from core.ownership import mine
from core.reminders.schemas import DeliveryKind

NUDGE_TIME = time(20, 30)
"""The evening streak nudge is decided at this local time: late enough that a learner who
practises after dinner has done so, early enough to still practise before midnight."""


def reminder_instant(time_zone: str, reminder_time: time, day: date) -> datetime:
    """The UTC instant of `reminder_time` on the local `day`, never before that local time.

    A time in a spring-forward gap (02:30 in Berlin on the last Sunday of March, 02:15 on Lord
    Howe Island's half-hour shift) moves forward by the gap (to 03:30, to 02:45), and an
    ambiguous time in the autumn takes its first occurrence.
    """
    # fold=0 is what gives both rules; a caller's fold=1 would pick the *later* offset, which
    # in a gap maps to an instant before the chosen time (Lord Howe 02:00 -> 01:30).
    wall_clock = reminder_time.replace(tzinfo=None, fold=0)
    local = datetime.combine(day, wall_clock, tzinfo=ZoneInfo(time_zone))
    return local.astimezone(UTC)


def local_day_of(instant: datetime, time_zone: str) -> date:
    return instant.astimezone(ZoneInfo(time_zone)).date()


def next_reminder_at(user: User, now: datetime, *, after_day: date | None = None) -> datetime:
    """The learner's next reminder: local `reminder_time` on the first local day that is
    after `after_day` (the last day already reminded or decided) and not before today.

    It may be earlier today (and so already past): a reminder not yet sent today is caught up
    by the next sweep, the same local day.
    """
    return _next_instant(user.time_zone, user.reminder_time, now, after_day)


def next_nudge_at(user: User, now: datetime, *, after_day: date | None = None) -> datetime:
    """The learner's next evening nudge decision: NUDGE_TIME local, like `next_reminder_at`."""
    return _next_instant(user.time_zone, NUDGE_TIME, now, after_day)


def _next_instant(time_zone: str, at: time, now: datetime, after_day: date | None) -> datetime:
    day = local_today(time_zone, now)
    if after_day is not None and after_day >= day:
        day = after_day + timedelta(days=1)
    return reminder_instant(time_zone, at, day)


async def last_reminded_on(
    session: AsyncSession, user_id: int, kind: DeliveryKind = "daily"
) -> date | None:
    latest: date | None = await session.scalar(
        select(func.max(ReminderDelivery.local_on)).where(
            mine(ReminderDelivery, user_id), ReminderDelivery.kind == kind
        )
    )
    return latest


async def reschedule(session: AsyncSession, user: User, now: datetime | None = None) -> None:
    """Keep `users.next_reminder_at` and `users.next_nudge_at` right after the time zone,
    reminder time, reminders or nudge on/off or the Telegram chat changed. Call it whenever
    one of those changes."""
    now = now or utcnow()
    known = user.id is not None
    last = await last_reminded_on(session, user.id) if known else None
    user.next_reminder_at = next_reminder_at(user, now, after_day=last)
    last_nudge = await last_reminded_on(session, user.id, "nudge") if known else None
    user.next_nudge_at = next_nudge_at(user, now, after_day=last_nudge)
