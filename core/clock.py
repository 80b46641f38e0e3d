"""The one clock. Everything asks `utcnow()`; tests freeze or move it with `frozen_at`,
so a whole journey (bot, API, jobs, ledger timestamps) runs on one simulated day."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

_frozen: datetime | None = None


def utcnow() -> datetime:
    return _frozen if _frozen is not None else datetime.now(UTC)


def set_frozen(at: datetime | None) -> None:
    """Stop the clock at `at` (aware) or let it run again with None."""
    global _frozen
    if at is not None and at.tzinfo is None:
        raise ValueError("A frozen time must be timezone-aware.")
    _frozen = at.astimezone(UTC) if at is not None else None


@contextmanager
def frozen_at(at: datetime) -> Iterator[None]:
    previous = _frozen
    set_frozen(at)
    try:
        yield
    finally:
        set_frozen(previous)


def local_today(time_zone: str, now: datetime | None = None) -> date:
    """The learner's calendar day at `now` in their IANA time zone."""
    return (now or utcnow()).astimezone(ZoneInfo(time_zone)).date()


def local_day_start(time_zone: str, day: date) -> datetime:
    """The UTC instant at which `day` begins in the time zone (DST-safe)."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(time_zone)).astimezone(UTC)
