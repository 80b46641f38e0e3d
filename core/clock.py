from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_today(time_zone: str, now: datetime | None = None) -> date:
    """The learner's calendar day at `now` in their IANA time zone."""
    return (now or utcnow()).astimezone(ZoneInfo(time_zone)).date()


def local_day_start(time_zone: str, day: date) -> datetime:
    """The UTC instant at which `day` begins in the time zone (DST-safe)."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(time_zone)).astimezone(UTC)
