"""200 learners in ten time zones, 48 simulated hours across a DST change: exactly one reminder
per eligible learner and local day, never before their local time, none to anyone else."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest

from core.clock import local_day_start
from core.db import Database
from core.reminders.schedule import local_day_of
from core.settings import Settings
from tests.fakes.telegram import FakeTelegram
from tests.reminders.support import (
    Kind,
    SimLearner,
    add_learner,
    deliveries,
    reminders_sent,
    sweep_and_send,
)

STEP = timedelta(minutes=15)
HOURS = 48
# (zone, local reminder times). Berlin and London change clocks on the last Sunday of March
# and of October 2026; 02:30 (Berlin) and 01:30 (London) fall in the gap in March and are
# ambiguous in October. Kiritimati is UTC+14, Tongatapu +13, Pago Pago −11.
ZONES: list[tuple[str, list[time]]] = [
    ("Europe/Berlin", [time(2, 30), time(7, 0), time(19, 0)]),
    ("Europe/London", [time(1, 30), time(23, 45)]),
    ("Pacific/Kiritimati", [time(8, 0), time(20, 30)]),
    ("Pacific/Tongatapu", [time(5, 0)]),
    ("Pacific/Pago_Pago", [time(6, 45), time(21, 0)]),
    ("America/New_York", [time(0, 0), time(18, 0)]),
    ("Asia/Kolkata", [time(9, 15)]),
    ("Asia/Kathmandu", [time(12, 10)]),
    ("Australia/Sydney", [time(12, 0)]),
    ("UTC", [time(23, 30)]),
]
SLOTS = [(zone, at) for zone, times in ZONES for at in times]
# Per ten learners: 5 with reviews due, 2 with only new cards, 1 with nothing due,
# 1 with reminders off, 1 without a Telegram chat.
KINDS: list[Kind] = ["reviews"] * 5 + ["new"] * 2 + ["nothing", "off", "no_chat"]


async def _make_learners(db: Database, tg: FakeTelegram, start: datetime) -> list[SimLearner]:
    learners = []
    async with db.unit_of_work() as session:
        for i in range(200):
            zone, at = SLOTS[i % len(SLOTS)]
            learners.append(
                await add_learner(
                    session,
                    tg,
                    kind=KINDS[i % len(KINDS)],
                    time_zone=zone,
                    reminder_time=at,
                    as_of=start,
                )
            )
    return learners


@pytest.mark.parametrize(
    "start",
    [
        pytest.param(datetime.fromisoformat("2026-10-24T00:00:00+00:00"), id="autumn-fall-back"),
        pytest.param(datetime.fromisoformat("2026-03-28T00:00:00+00:00"), id="spring-forward"),
    ],
)
async def test_one_reminder_per_local_day_across_time_zones_and_dst(
    db: Database, telegram: FakeTelegram, bot_settings: Settings, start: datetime
) -> None:
    telegram.rate_limit(global_per_second=30, per_chat_per_second=1)
    learners = await _make_learners(db, telegram, start)
    end = start + timedelta(hours=HOURS)
    sent_at: dict[int, list[datetime]] = {}  # chat -> simulated times its reminders went out

    now = start
    while now <= end:
        mark = telegram.mark()
        await sweep_and_send(db, bot_settings, now)
        for chat_id, count in reminders_sent(telegram, since=mark).items():
            sent_at.setdefault(chat_id, []).extend([now] * count)
        now += STEP

    assert telegram.limiter is not None and telegram.limiter.total_rejected == 0
    for learner in learners:
        expected = learner.expected_days(start, end)
        times = sent_at.get(learner.chat_id, [])
        days = [local_day_of(at, learner.time_zone) for at in times]
        assert days == expected, (learner, times)
        for day, at in zip(days, times, strict=True):
            due = learner.instant(day)
            assert at >= due, f"{learner} reminded at {at}, before its time {due}"
            caught_up = day == local_day_of(start, learner.time_zone)
            assert caught_up or at - due < STEP, f"{learner} reminded late: {at} for {due}"

    eligible = [learner for learner in learners if learner.eligible]
    assert sum(len(learner.expected_days(start, end)) for learner in eligible) >= 2 * len(eligible)
    assert not any(sent_at.get(learner.chat_id) for learner in learners if not learner.eligible)
    rows = await deliveries(db)
    assert {row.status for row in rows} == {"sent"}
    per_day = Counter((row.user_id, row.local_on) for row in rows)
    assert max(per_day.values()) == 1
    assert len(rows) == sum(len(learner.expected_days(start, end)) for learner in learners)


@pytest.mark.parametrize(
    ("zone", "day", "local_time", "expected_utc"),
    [
        # Spring forward: 02:30 does not exist; the reminder moves on by the gap (03:30 CEST).
        ("Europe/Berlin", "2026-03-29", time(2, 30), "2026-03-29T01:30:00+00:00"),
        # Fall back: 02:30 happens twice; the first one (CEST) counts, once.
        ("Europe/Berlin", "2026-10-25", time(2, 30), "2026-10-25T00:30:00+00:00"),
        ("Europe/London", "2026-03-29", time(1, 30), "2026-03-29T01:30:00+00:00"),
        ("Europe/London", "2026-10-25", time(1, 30), "2026-10-25T00:30:00+00:00"),
    ],
)
async def test_dst_edge_reminders_go_out_once_at_the_right_instant(
    db: Database,
    telegram: FakeTelegram,
    bot_settings: Settings,
    zone: str,
    day: str,
    local_time: time,
    expected_utc: str,
) -> None:
    due = datetime.fromisoformat(expected_utc)
    start = local_day_start(zone, date.fromisoformat(day))  # scheduled at local midnight
    async with db.unit_of_work() as session:
        learner = await add_learner(
            session, telegram, kind="reviews", time_zone=zone, reminder_time=local_time, as_of=start
        )
    sent_at = []
    for minutes in itertools.count(0, 5):
        now = start + timedelta(minutes=minutes)
        if now > due + timedelta(hours=3):
            break
        mark = telegram.mark()
        await sweep_and_send(db, bot_settings, now)
        sent_at += [now] * reminders_sent(telegram, since=mark)[learner.chat_id]
    assert sent_at == [due]
    assert [row.local_on.isoformat() for row in await deliveries(db)] == [day]
