"""Streaks by the learner's local day: the pure rules, and the cron over real days in real
time zones (UTC+13, UTC−11, DST both ways, a learner who moves), recomputed from the ledger."""

from __future__ import annotations

import asyncio
import itertools
import random
from datetime import date, time, timedelta

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, update

from core.clock import frozen_at
from core.db import Database
from core.models import GrammarMastery, GrammarTopic, ProgressDay, User
from core.progress.closing import close_ended_days
from core.progress.streaks import DayFacts, Outcome, StreakState, advance, replay
from tests.progress.helpers import (
    days_of,
    earn,
    local,
    make_learner,
    outcomes,
    run_cron,
    stored_and_recomputed,
)

MET = DayFacts(goal_met=True, anything_due=True)
MISSED = DayFacts(goal_met=False, anything_due=True)
IDLE = DayFacts(goal_met=False, anything_due=False)
NOON, LATE, JUST_AFTER = time(12), time(23, 59, 30), time(0, 0, 30)


def test_rules_met_skipped_frozen_broken() -> None:
    state, outcome = advance(StreakState(), MET)
    assert (state, outcome) == (StreakState(1, 1, 0), Outcome.MET)
    assert advance(state, IDLE) == (state, Outcome.SKIPPED)
    assert advance(state, MISSED) == (StreakState(0, 1, 0), Outcome.BROKEN)
    assert advance(StreakState(5, 9, 1), MISSED) == (StreakState(5, 9, 0), Outcome.FROZEN)
    # Nothing to save: a missed day without a streak keeps the freeze.
    assert advance(StreakState(0, 9, 1), MISSED) == (StreakState(0, 9, 1), Outcome.BROKEN)


def test_freezes_earned_every_seven_days_at_most_two() -> None:
    assert replay([MET] * 6).freezes == 0
    assert replay([MET] * 7).freezes == 1
    assert replay([MET] * 14).freezes == 2
    assert replay([MET] * 21) == StreakState(21, 21, 2)
    # Spent: two missed days are covered, the third breaks the streak.
    assert replay([MET] * 14 + [MISSED, MISSED]) == StreakState(14, 14, 0)
    assert replay([MET] * 14 + [MISSED] * 3) == StreakState(0, 14, 0)
    # Skipped days between met days keep the run going.
    assert replay([MET, IDLE, MET, IDLE, IDLE, MET]).current == 3


@given(st.lists(st.sampled_from([MET, MISSED, IDLE]), max_size=60))
def test_replay_invariants(days: list[DayFacts]) -> None:
    state = replay(days)
    assert 0 <= state.freezes <= 2 and 0 <= state.current <= state.longest
    assert state.longest <= sum(1 for d in days if d.goal_met)
    # Adding a skipped day never changes anything.
    assert replay([*days, IDLE]) == state


async def _live(
    db: Database, user_id: int, zone: str, first: date, xp_by_day: list[int], at: time = NOON
) -> None:
    """Start the streak the day before `first`, then for each day earn its XP at `at` local
    time and run the cron just after the next local midnight."""
    await run_cron(db, local(zone, first, time(0, 10)))
    for offset, xp in enumerate(xp_by_day):
        day = first + timedelta(days=offset)
        if xp:
            await earn(db, user_id, local(zone, day, at), xp)
        await run_cron(db, local(zone, day + timedelta(days=1), time(0, 5)))


async def test_utc_plus_13_goal_met_just_before_local_midnight(content: Database) -> None:
    zone = "Pacific/Tongatapu"
    user_id = await make_learner(content, zone, with_due_card=True)
    first = date(2026, 12, 1)
    await _live(content, user_id, zone, first, [20, 20], at=LATE)
    days = await outcomes(content, user_id)
    assert days[first] == days[first + timedelta(days=1)] == "met"
    stored, recomputed = await stored_and_recomputed(content, user_id)
    assert stored == recomputed == StreakState(2, 2, 0)


async def test_utc_minus_11_goal_met_just_after_midnight_counts_for_the_new_day(
    content: Database,
) -> None:
    zone = "Pacific/Pago_Pago"
    user_id = await make_learner(content, zone, with_due_card=True)
    first = date(2026, 12, 1)
    await run_cron(content, local(zone, first, time(0, 10)))
    # 30 seconds after local midnight of Dec 2: the XP belongs to Dec 2, not Dec 1.
    await earn(content, user_id, local(zone, first + timedelta(days=1), JUST_AFTER), 20)
    await run_cron(content, local(zone, first + timedelta(days=1), time(0, 5)))
    await run_cron(content, local(zone, first + timedelta(days=2), time(0, 5)))
    days = {d.local_on: d for d in await days_of(content, user_id)}
    assert days[first].outcome == "broken" and days[first].xp == 0
    assert days[first + timedelta(days=1)].outcome == "met"
    assert days[first + timedelta(days=1)].xp == 20


async def test_dst_days_are_23_and_25_hours_and_count_once(content: Database) -> None:
    zone = "Europe/Berlin"
    user_id = await make_learner(content, zone, with_due_card=True)
    # Clocks go forward on 29 March 2026 and back on 25 October 2026.
    for first in (date(2026, 3, 28), date(2026, 10, 24)):
        await _live(content, user_id, zone, first, [20, 20, 20], at=LATE)
    days = {d.local_on: d for d in await days_of(content, user_id)}
    spring, autumn = days[date(2026, 3, 29)], days[date(2026, 10, 25)]
    assert spring.ends_at - spring.starts_at == timedelta(hours=23)
    assert autumn.ends_at - autumn.starts_at == timedelta(hours=25)
    assert spring.outcome == autumn.outcome == "met" and spring.xp == autumn.xp == 20
    assert days[date(2026, 3, 30)].xp == days[date(2026, 10, 26)].xp == 20


async def test_a_learner_who_moves_never_loses_or_doubles_a_day(content: Database) -> None:
    east, west = "Pacific/Tongatapu", "Pacific/Pago_Pago"
    user_id = await make_learner(content, east, with_due_card=True)
    first = date(2026, 12, 1)
    await _live(content, user_id, east, first, [20, 20])
    # Fly west across the date line: 24 hours back; Dec 3 is one long day.
    async with content.unit_of_work() as session:
        await session.execute(update(User).where(User.id == user_id).values(time_zone=west))
    await earn(content, user_id, local(west, date(2026, 12, 2), time(18)), 10)
    await earn(content, user_id, local(west, date(2026, 12, 3), time(12)), 10)
    await run_cron(content, local(west, date(2026, 12, 4), time(0, 5)))
    # And back east: the next day is cut short to nothing, and skipped.
    async with content.unit_of_work() as session:
        await session.execute(update(User).where(User.id == user_id).values(time_zone=east))
    await earn(content, user_id, local(east, date(2026, 12, 5), time(12)), 20)
    await run_cron(content, local(east, date(2026, 12, 6), time(0, 5)))
    days = await days_of(content, user_id)
    on = [d.local_on for d in days]
    assert on == sorted(set(on)) and on == [
        first - timedelta(days=1) + timedelta(days=i) for i in range(len(on))
    ]
    for before, after in itertools.pairwise(days):
        assert after.starts_at == before.ends_at  # a chain: no gap, no overlap
    by_day = {d.local_on: d for d in days}
    assert by_day[date(2026, 12, 3)].outcome == "met" and by_day[date(2026, 12, 3)].xp == 20
    assert by_day[date(2026, 12, 4)].outcome == "skipped"
    assert by_day[date(2026, 12, 4)].starts_at == by_day[date(2026, 12, 4)].ends_at
    assert by_day[date(2026, 12, 5)].outcome == "met"
    assert sum(d.xp for d in days) == 20 + 20 + 20 + 20
    stored, recomputed = await stored_and_recomputed(content, user_id)
    assert stored == recomputed and stored.current == 4


async def test_freeze_spent_automatically_and_nothing_due_skips(content: Database) -> None:
    zone = "Europe/Berlin"
    busy = await make_learner(content, zone, with_due_card=True)
    idle = await make_learner(content, zone)  # no cards: never anything due
    first = date(2026, 11, 2)
    week = [20] * 7
    await _live(content, busy, zone, first, [*week, 0, 20, 0, 0])
    days = await outcomes(content, busy)
    after_week = first + timedelta(days=7)
    assert days[after_week] == "frozen"
    assert days[after_week + timedelta(days=1)] == "met"
    assert days[after_week + timedelta(days=2)] == "broken"
    stored, recomputed = await stored_and_recomputed(content, busy)
    assert stored == recomputed == StreakState(0, 8, 0)
    idle_days = await outcomes(content, idle)
    assert set(idle_days.values()) == {"skipped"}


async def test_two_crons_at_once_close_each_day_once(content: Database) -> None:
    zone = "UTC"
    user_ids = [await make_learner(content, zone) for _ in range(30)]
    at = local(zone, date(2026, 12, 3), time(0, 5))
    # One frozen clock around both: two overlapping frozen_at blocks would restore each
    # other's time and leave the clock stopped for every later test.
    with frozen_at(at):
        first, second = await asyncio.gather(
            close_ended_days(content, at), close_ended_days(content, at)
        )
    assert first.days + second.days == 30  # yesterday, once per learner
    async with content.unit_of_work() as session:
        rows = (await session.scalars(select(ProgressDay.user_id))).all()
    assert sorted(rows) == sorted(user_ids)


async def test_a_month_recomputed_from_the_ledger_equals_the_stored_streak(
    content: Database,
) -> None:
    zone = "America/New_York"  # the autumn DST change falls inside the month
    user_id = await make_learner(content, zone, with_due_card=True)
    rng = random.Random(11)
    xp_by_day = [rng.choice([0, 5, 10, 20, 20, 20, 25]) for _ in range(30)]
    await _live(content, user_id, zone, date(2026, 10, 20), xp_by_day)
    days = await days_of(content, user_id)
    stored, recomputed = await stored_and_recomputed(content, user_id)
    assert stored == recomputed
    assert stored == replay(DayFacts(d.goal_met, d.anything_due) for d in days)
    assert [d.xp for d in days[1:]] == xp_by_day
    assert stored.longest >= stored.current > 0


async def test_a_due_grammar_topic_makes_a_missed_day_count(content: Database) -> None:
    zone = "Europe/Berlin"
    user_id = await make_learner(content, zone)  # no cards at all
    async with content.unit_of_work() as session:
        topic_id = await session.scalar(select(GrammarTopic.id).limit(1))
        assert topic_id is not None
        session.add(
            GrammarMastery(
                user_id=user_id,
                topic_id=topic_id,
                phase=2,
                due_at=local(zone, date(2026, 11, 1), NOON),
                reps=1,
                lapses=0,
            )
        )
    first = date(2026, 11, 3)
    await _live(content, user_id, zone, first, [20, 0])
    days = await outcomes(content, user_id)
    assert days[first] == "met" and days[first + timedelta(days=1)] == "broken"
