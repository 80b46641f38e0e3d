"""Rows are stamped by the app's clock (core.clock), the one every "now" the code compares
them with reads; reminder claims by PostgreSQL's, the one their sweeps compare with."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from core.clock import set_frozen
from core.db import Database
from core.models import ReminderDelivery, User

LEAP_DAY_NOON = datetime(2024, 2, 29, 12, 0, tzinfo=UTC)


async def test_created_and_updated_at_follow_the_app_clock(db: Database) -> None:
    set_frozen(LEAP_DAY_NOON)
    async with db.unit_of_work() as session:
        user = User(display_name="Lena")
        session.add(user)
    set_frozen(LEAP_DAY_NOON + timedelta(hours=3))
    async with db.unit_of_work() as session:
        stored = await session.get(User, user.id)
        assert stored is not None
        stored.display_name = "Lena M."
    async with db.unit_of_work() as session:
        created, updated = (
            await session.execute(
                select(User.created_at, User.updated_at).where(User.id == user.id)
            )
        ).one()
    assert created == LEAP_DAY_NOON
    assert updated == LEAP_DAY_NOON + timedelta(hours=3)


async def test_a_reminder_delivery_is_stamped_by_the_database_clock(db: Database) -> None:
    set_frozen(LEAP_DAY_NOON)
    async with db.unit_of_work() as session:
        user = User(display_name="Lena")
        session.add(user)
        await session.flush()
        session.add(
            ReminderDelivery(
                user_id=user.id, local_on=date(2024, 2, 29), due_count=3, status="pending"
            )
        )
    async with db.unit_of_work() as session:
        updated, database_now = (
            await session.execute(select(ReminderDelivery.updated_at, func.now()))
        ).one()
    assert abs(database_now - updated) < timedelta(minutes=1)
