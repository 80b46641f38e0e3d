"""Daily review reminders, read-only: the schedule and the learner's delivery history.

The settings themselves are part of the profile: change them with `PATCH /api/v1/users/me`
(`reminders_enabled`, `reminder_time` as "HH:MM", `time_zone` as an IANA name). Turning
reminders on again clears `reminders_disabled_reason` (e.g. "You blocked the bot").
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser, SessionDep
from api.errors import error_responses
from core.constrained import RowId
from core.reminders import history
from core.reminders.schemas import ReminderDeliveryView, ReminderHistoryPage, ReminderSchedule

router = APIRouter(
    prefix="/reminders", tags=["reminders"], responses=error_responses(401, 404, 422)
)
PageNumber = Annotated[int, Query(ge=1, le=10_000)]
PageSize = Annotated[int, Query(ge=1, le=100)]


@router.get("/schedule", response_model=ReminderSchedule)
async def read_schedule(user: CurrentUser) -> ReminderSchedule:
    """When the next reminder is due (sent only if cards are waiting then). To change the time,
    time zone or switch reminders on/off use `PATCH /api/v1/users/me`."""
    return history.schedule_of(user)


@router.get("/history", response_model=ReminderHistoryPage)
async def read_history(
    user: CurrentUser, session: SessionDep, page: PageNumber = 1, page_size: PageSize = 20
) -> ReminderHistoryPage:
    """Your reminders, newest local day first: one per day at most, with what became of it."""
    return await history.delivery_history(session, user, page=page, page_size=page_size)


@router.get("/history/{delivery_id}", response_model=ReminderDeliveryView)
async def read_delivery(
    delivery_id: RowId, user: CurrentUser, session: SessionDep
) -> ReminderDeliveryView:
    return await history.get_delivery(session, user, delivery_id)
