"""Learners living through simulated local days: XP at a local time, the cron at a local time."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.clock import frozen_at
from core.db import Database
from core.models import Card, ProgressDay, User
from core.progress.closing import ClosingReport, close_ended_days
from core.progress.streaks import StreakState, recompute, streak_state
from core.progress.xp import XpReason, award
from tests.quizzes.helpers import add_word, make_due

_sources = itertools.count(1)


def local(zone: str, day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone))


async def make_learner(
    db: Database, zone: str, *, goal: int = 20, with_due_card: bool = False
) -> int:
    async with db.unit_of_work() as session:
        user = User(display_name="Lena", time_zone=zone, daily_goal=goal)
        session.add(user)
        await session.flush()
        if with_due_card:
            cards = await add_word(session, user, "tisch-noun")
            await make_due(session, user, cards["recognition"])
        return user.id


async def earn(db: Database, user_id: int, at: datetime, xp: int) -> None:
    """Earn `xp` (a multiple of 5) at the instant `at`."""
    assert xp % 5 == 0
    with frozen_at(at):
        async with db.unit_of_work() as session:
            for _ in range(xp // 5):
                await award(session, user_id, XpReason.CONVERSATION_MESSAGE, next(_sources))


async def run_cron(db: Database, at: datetime) -> ClosingReport:
    with frozen_at(at):
        return await close_ended_days(db, at)


async def days_of(db: Database, user_id: int) -> list[ProgressDay]:
    async with db.unit_of_work() as session:
        rows = await session.scalars(
            select(ProgressDay).where(ProgressDay.user_id == user_id).order_by(ProgressDay.local_on)
        )
        return list(rows)


async def outcomes(db: Database, user_id: int) -> dict[date, str]:
    return {day.local_on: day.outcome for day in await days_of(db, user_id)}


async def stored_and_recomputed(db: Database, user_id: int) -> tuple[StreakState, StreakState]:
    async with db.unit_of_work() as session:
        return await streak_state(session, user_id), await recompute(session, user_id)


async def has_due_card(db: Database, user_id: int) -> bool:
    async with db.unit_of_work() as session:
        return (await session.scalar(select(Card.id).where(Card.user_id == user_id))) is not None
