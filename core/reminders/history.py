"""What the learner sees of their reminders: the schedule and the deliveries."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import ReminderDelivery, User
from core.ownership import get_owned, mine, owned
from core.reminders.schemas import ReminderDeliveryView, ReminderHistoryPage, ReminderSchedule


def _view(delivery: ReminderDelivery) -> ReminderDeliveryView:
    view = ReminderDeliveryView.model_validate(delivery)
    if delivery.status in ("failed", "blocked"):
        view.note = delivery.last_error
    return view


async def delivery_history(
    session: AsyncSession, user: User, *, page: int = 1, page_size: int = 20
) -> ReminderHistoryPage:
    """The learner's own deliveries, newest local day first."""
    total = await session.scalar(select(func.count()).where(mine(ReminderDelivery, user)))
    rows = await session.scalars(
        owned(ReminderDelivery, user)
        .order_by(ReminderDelivery.local_on.desc(), ReminderDelivery.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return ReminderHistoryPage(
        items=[_view(row) for row in rows],
        total=int(total or 0),
        page=page,
        page_size=page_size,
    )


async def get_delivery(session: AsyncSession, user: User, delivery_id: int) -> ReminderDeliveryView:
    delivery = await get_owned(
        session, ReminderDelivery, delivery_id, user, missing="No such reminder."
    )
    return _view(delivery)


def schedule_of(user: User) -> ReminderSchedule:
    active = user.reminders_enabled and user.telegram_chat_id is not None
    upcoming = user.next_reminder_at if active else None
    return ReminderSchedule(
        reminders_enabled=user.reminders_enabled,
        reminders_disabled_reason=user.reminders_disabled_reason,
        reminder_time=user.reminder_time,
        time_zone=user.time_zone,
        telegram_linked=user.telegram_chat_id is not None,
        next_reminder_at=upcoming,
        next_reminder_local=upcoming.astimezone(ZoneInfo(user.time_zone)) if upcoming else None,
    )
