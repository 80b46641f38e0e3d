"""One ledger: the same event paid twice pays once; the daily goal and its counts read it."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import func, select

from core.clock import frozen_at
from core.db import Database
from core.models import User, XpEntry
from core.progress.goal import (
    active_days,
    announce_goal_once,
    goal_for_reviews,
    goal_today,
    goals_met_count,
)
from core.progress.xp import XP_AMOUNTS, XpReason, award, question_source, total_xp
from tests.progress.helpers import earn, local, make_learner, run_cron


async def test_the_same_event_twice_pays_once(db: Database) -> None:
    user_id = await make_learner(db, "Europe/Berlin")
    for _ in range(2):  # a retried job: a new transaction, the same event
        async with db.unit_of_work() as session:
            await award(session, user_id, XpReason.GRAMMAR_ANSWER, 41)
            await award(session, user_id, XpReason.GRAMMAR_ANSWER, 41)
    async with db.unit_of_work() as session:
        await award(session, user_id, XpReason.QUIZ_ANSWER, question_source(7, 3))
        assert await total_xp(session, user_id) == (
            XP_AMOUNTS[XpReason.GRAMMAR_ANSWER] + XP_AMOUNTS[XpReason.QUIZ_ANSWER]
        )
        rows = await session.scalar(select(func.count()).where(XpEntry.user_id == user_id))
        assert rows == 2


def test_old_goals_in_reviews_become_xp() -> None:
    assert [goal_for_reviews(n) for n in (1, 5, 20, 30, 500)] == [10, 10, 40, 60, 100]


async def test_goal_today_counts_from_local_midnight_and_is_told_once(db: Database) -> None:
    zone = "Pacific/Pago_Pago"
    user_id = await make_learner(db, zone, goal=20)
    day = date(2026, 12, 4)
    await earn(db, user_id, local(zone, day, time(23, 59)), 10)  # the day before
    await earn(db, user_id, local(zone, day + timedelta(days=1), time(0, 1)), 10)
    morning = local(zone, day + timedelta(days=1), time(9))
    with frozen_at(morning):
        async with db.unit_of_work() as session:
            user = await session.get(User, user_id)
            assert user is not None
            progress = await goal_today(session, user)
            assert (progress.xp_today, progress.goal, progress.met) == (10, 20, False)
            assert not await announce_goal_once(session, user, progress)
    await earn(db, user_id, morning, 10)
    with frozen_at(morning + timedelta(minutes=1)):
        for expected in (True, False):
            async with db.unit_of_work() as session:
                user = await session.get(User, user_id)
                assert user is not None
                progress = await goal_today(session, user)
                assert progress.met and progress.xp_today == 20
                assert await announce_goal_once(session, user, progress) is expected


async def test_goals_met_and_active_days(db: Database) -> None:
    zone = "UTC"
    user_id = await make_learner(db, zone, goal=10)
    first = date(2026, 12, 1)
    await run_cron(db, local(zone, first, time(0, 10)))
    for offset, xp in enumerate([10, 5, 0, 15]):
        day = first + timedelta(days=offset)
        if xp:
            await earn(db, user_id, local(zone, day, time(12)), xp)
        await run_cron(db, local(zone, day + timedelta(days=1), time(0, 5)))
    await earn(db, user_id, local(zone, first + timedelta(days=4), time(8)), 5)  # today
    with frozen_at(local(zone, first + timedelta(days=4), time(9))):
        async with db.unit_of_work() as session:
            assert await goals_met_count(session, user_id) == 2
            assert await active_days(session, user_id) == 4
