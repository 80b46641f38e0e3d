"""When the next reminder is due: local time in the learner's zone, DST-safe, one per day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from core.clock import local_today
from core.models import User
from core.reminders.schedule import local_day_of, next_reminder_at, reminder_instant

ZONES = [
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Sao_Paulo",
    "Pacific/Kiritimati",
    "Pacific/Tongatapu",
    "Pacific/Pago_Pago",
    "Pacific/Chatham",
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "Asia/Kathmandu",
    "America/Havana",  # changes clocks at midnight
    "UTC",
]


def learner(zone: str, at: time) -> User:
    return User(time_zone=zone, reminder_time=at)


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected"),
    [
        ("Europe/Berlin", "2026-03-29", time(2, 30), "2026-03-29T01:30:00+00:00"),  # gap
        ("Europe/Berlin", "2026-03-29", time(2, 0), "2026-03-29T01:00:00+00:00"),  # gap start
        ("Europe/Berlin", "2026-10-25", time(2, 30), "2026-10-25T00:30:00+00:00"),  # twice
        ("Europe/Berlin", "2026-10-25", time(3, 0), "2026-10-25T02:00:00+00:00"),
        ("Pacific/Kiritimati", "2026-10-24", time(8, 0), "2026-10-23T18:00:00+00:00"),
        ("Pacific/Tongatapu", "2026-10-24", time(5, 0), "2026-10-23T16:00:00+00:00"),
        ("Pacific/Pago_Pago", "2026-10-24", time(21, 0), "2026-10-25T08:00:00+00:00"),
        ("America/Havana", "2026-03-08", time(0, 30), "2026-03-08T05:30:00+00:00"),  # gap at 0:00
        # Lord Howe's half-hour shift: 02:00-02:30 does not exist, 01:30-02:00 happens twice.
        ("Australia/Lord_Howe", "2026-10-04", time(2, 15), "2026-10-03T15:45:00+00:00"),  # gap
        ("Australia/Lord_Howe", "2026-10-04", time(2, 0, fold=1), "2026-10-03T15:30:00+00:00"),
        ("Australia/Lord_Howe", "2027-04-04", time(1, 45), "2027-04-03T14:45:00+00:00"),  # twice
        ("Australia/Lord_Howe", "2027-04-04", time(1, 45, fold=1), "2027-04-03T14:45:00+00:00"),
        ("Europe/Berlin", "2026-03-29", time(2, 30, fold=1), "2026-03-29T01:30:00+00:00"),
    ],
)
def test_reminder_instant(zone: str, day: str, at: time, expected: str) -> None:
    assert reminder_instant(zone, at, date.fromisoformat(day)) == datetime.fromisoformat(expected)


def test_next_reminder_is_today_until_that_day_is_decided() -> None:
    anna = learner("Europe/Berlin", time(19, 0))
    morning = datetime.fromisoformat("2026-10-24T06:00:00+00:00")
    evening = datetime.fromisoformat("2026-10-24T20:00:00+00:00")  # 22:00 in Berlin
    today_at_19 = datetime.fromisoformat("2026-10-24T17:00:00+00:00")
    assert next_reminder_at(anna, morning) == today_at_19
    # Not reminded yet today: still today's (past) instant, so the next sweep catches up.
    assert next_reminder_at(anna, evening) == today_at_19
    # Today done: tomorrow, which is after the clocks went back (19:00 CET = 18:00 UTC).
    tomorrow = datetime.fromisoformat("2026-10-25T18:00:00+00:00")
    assert next_reminder_at(anna, evening, after_day=date(2026, 10, 24)) == tomorrow
    # An old last delivery does not drag the schedule into the past.
    assert next_reminder_at(anna, evening, after_day=date(2026, 9, 1)) == today_at_19


def test_date_line_zones_have_their_own_today() -> None:
    now = datetime.fromisoformat("2026-10-24T12:00:00+00:00")
    kiritimati = next_reminder_at(learner("Pacific/Kiritimati", time(8)), now)
    pago_pago = next_reminder_at(learner("Pacific/Pago_Pago", time(8)), now)
    assert local_day_of(kiritimati, "Pacific/Kiritimati") == date(2026, 10, 25)
    assert local_day_of(pago_pago, "Pacific/Pago_Pago") == date(2026, 10, 24)
    # 25 hours apart: Kiritimati's Sunday 08:00 comes an hour before Pago Pago's Saturday 08:00.
    assert pago_pago - kiritimati == timedelta(hours=1)


@given(
    zone=st.sampled_from(ZONES),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    now=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
    ),
    decided=st.sampled_from([None, -3, -1, 0]),
)
# Found once: fold=1 in Lord Howe's half-hour gap landed at 01:30 local, before the chosen 02:00.
@example(
    zone="Australia/Lord_Howe",
    at=time(2, 0, fold=1),
    now=datetime(2026, 10, 3, 14, 0, tzinfo=UTC),
    decided=None,
)
def test_next_reminder_invariants(zone: str, at: time, now: datetime, decided: int | None) -> None:
    user = learner(zone, at)
    today = local_today(zone, now)
    after_day = None if decided is None else today + timedelta(days=decided)
    upcoming = next_reminder_at(user, now, after_day=after_day)
    day = local_day_of(upcoming, zone)
    # Never a day already decided, never a past day, never further than needed.
    assert day >= today and (after_day is None or day > after_day)
    assert day == (today + timedelta(days=1) if decided == 0 else today)
    local = upcoming.astimezone(ZoneInfo(zone))
    naive = datetime.combine(day, at.replace(fold=0))
    first = naive.replace(tzinfo=ZoneInfo(zone))
    # Never earlier than the chosen local time on that day, whatever fold the time carries.
    assert local.replace(tzinfo=None) >= naive
    if local.replace(tzinfo=None) == naive:
        # An ambiguous time takes its first occurrence.
        assert upcoming <= first.replace(fold=1).astimezone(UTC)
    else:
        # Only a time that does not exist that day moves, and only forward, by the gap.
        assert first.astimezone(UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None) != naive
        assert local.replace(tzinfo=None) > naive
        assert local.replace(tzinfo=None) - naive <= timedelta(hours=1)
    # Consecutive days' reminders are in order and at least 22 hours apart (DST, no skips).
    following = reminder_instant(zone, at, day + timedelta(days=1))
    assert timedelta(hours=22) <= following - upcoming <= timedelta(hours=26)
