"""League weeks: ISO weeks from Monday 00:00 UTC to the next Monday 00:00 UTC, for everyone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from core import clock

WEEK = timedelta(days=7)


def week_of(at: datetime) -> date:
    """The Monday (UTC) that starts the league week `at` falls in."""
    day = at.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


def current_week() -> date:
    return week_of(clock.utcnow())


def week_start(week: date) -> datetime:
    return datetime.combine(week, time(0), tzinfo=UTC)


def week_end(week: date) -> datetime:
    """The first instant after the week: the next Monday 00:00 UTC."""
    return week_start(week) + WEEK


def previous_week(week: date) -> date:
    return week - WEEK
