from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from core.constrained import WallClockTime

DeliveryStatus = Literal["pending", "sending", "sent", "blocked", "failed"]
DeliveryKind = Literal["daily", "nudge"]
"""daily: the daily reminder; nudge: the evening streak nudge (opt-in)."""


class ReminderDeliveryView(BaseModel):
    """One daily reminder as the learner sees it in their history."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    local_on: date = Field(description="The learner's local day the reminder was for.")
    kind: DeliveryKind = Field(
        description="daily: the daily reminder; nudge: the evening streak nudge."
    )
    due_count: int = Field(description="Cards waiting when the reminder was scheduled.")
    status: DeliveryStatus = Field(
        description="pending/sending: on its way; sent: delivered; blocked: Telegram refused "
        "because the bot was blocked; failed: could not be delivered (see `note`)."
    )
    attempts: int
    sent_at: datetime | None
    created_at: datetime
    note: str | None = Field(default=None, description="Why it was not delivered, if it wasn't.")


class ReminderHistoryPage(BaseModel):
    items: list[ReminderDeliveryView] = Field(description="Newest local day first.")
    total: int
    page: int
    page_size: int


class ReminderSchedule(BaseModel):
    """When the next reminder is due. Change the settings with PATCH /api/v1/users/me."""

    reminders_enabled: bool
    reminders_disabled_reason: str | None
    reminder_time: WallClockTime = Field(description="Local time of day, in `time_zone`.")
    time_zone: str
    telegram_linked: bool = Field(description="Reminders are sent in Telegram only.")
    next_reminder_at: datetime | None = Field(
        description="UTC instant of the next reminder; null when none will be sent "
        "(reminders off or no Telegram chat). A reminder is only sent when cards are due."
    )
    next_reminder_local: datetime | None = Field(
        description="The same instant in the learner's time zone (with its UTC offset)."
    )
