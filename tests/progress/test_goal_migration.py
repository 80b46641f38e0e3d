"""The migration turns each stored goal (reviews a day) into the XP that many reviews earn,
within the goals now allowed, and back again on downgrade."""

from __future__ import annotations

import uuid

import asyncpg
from sqlalchemy.engine import make_url

from migrations.runner import downgrade_async, upgrade_async

BEFORE = "a9c4e2d1b7f3"


async def test_goals_in_reviews_become_xp(server_urls: tuple[str, str]) -> None:
    server = make_url(server_urls[0])
    name = f"tutor_goal_migration_{uuid.uuid4().hex[:8]}"
    admin_dsn = server.set(drivername="postgresql").render_as_string(hide_password=False)
    admin = await asyncpg.connect(admin_dsn)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = server.set(database=name).render_as_string(hide_password=False)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        await upgrade_async(url, BEFORE)
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute(
                """
                INSERT INTO users (display_name, cefr_level, time_zone, daily_goal, reminder_time,
                                   reminders_enabled, desired_retention, new_cards_per_day)
                SELECT 'g' || g, 'A1', 'UTC', g, '19:00', true, 0.9, 20
                FROM unnest(ARRAY[1, 5, 20, 30, 500]) AS g
                """
            )
            await upgrade_async(url)
            goals = await connection.fetch("SELECT daily_goal FROM users ORDER BY id")
            assert [row["daily_goal"] for row in goals] == [10, 10, 40, 60, 100]
            await downgrade_async(url, BEFORE)
            goals = await connection.fetch("SELECT daily_goal FROM users ORDER BY id")
            assert [row["daily_goal"] for row in goals] == [5, 5, 20, 30, 50]
        finally:
            await connection.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
