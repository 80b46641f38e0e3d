"""The reminder API: the learner's own history and schedule; settings stay on /users/me and
every change there (and onboarding in the bot) keeps the next reminder right."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import httpx
from sqlalchemy import select, update

from bot.context import BotApplication
from core.clock import frozen_at, local_today, utcnow
from core.db import Database
from core.models import ReminderDelivery, User
from core.notifications import BLOCKED_REASON
from core.reminders.schedule import reminder_instant
from tests.helpers.bot import BotChat
from tests.helpers.learners import Learner, assert_cannot_touch, register_learner

HISTORY = "/api/v1/reminders/history"
SCHEDULE = "/api/v1/reminders/schedule"


async def _add_deliveries(db: Database, user_id: int, days: list[date], status: str) -> list[int]:
    async with db.unit_of_work() as session:
        rows = [
            ReminderDelivery(
                user_id=user_id,
                local_on=day,
                due_count=3,
                status=status,
                sent_at=utcnow() if status == "sent" else None,
                last_error="Telegram: the bot was blocked." if status == "blocked" else None,
            )
            for day in days
        ]
        session.add_all(rows)
        await session.flush()
        return [row.id for row in rows]


async def _link_telegram_chat(db: Database, learner: Learner, chat_id: int) -> None:
    async with db.unit_of_work() as session:
        await session.execute(
            update(User)
            .where(User.id == learner.id)
            .values(telegram_user_id=chat_id, telegram_chat_id=chat_id)
        )


async def test_history_is_the_learners_own_newest_first_and_paginated(
    api: httpx.AsyncClient, db: Database
) -> None:
    anna, ben = await register_learner(api), await register_learner(api)
    days = [date(2026, 10, 20) + timedelta(days=i) for i in range(3)]
    await _add_deliveries(db, anna.id, days[:2], "sent")
    (blocked_id,) = await _add_deliveries(db, anna.id, days[2:], "blocked")
    ben_ids = await _add_deliveries(db, ben.id, days, "sent")

    first = await anna.get(HISTORY, params={"page_size": 2})
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["total"], body["page"], body["page_size"]) == (3, 1, 2)
    assert [item["local_on"] for item in body["items"]] == ["2026-10-22", "2026-10-21"]
    newest = body["items"][0]
    assert newest["id"] == blocked_id
    assert (newest["status"], newest["note"]) == ("blocked", "Telegram: the bot was blocked.")
    assert body["items"][1]["status"] == "sent" and body["items"][1]["sent_at"]
    second = (await anna.get(HISTORY, params={"page": 2, "page_size": 2})).json()
    assert [item["local_on"] for item in second["items"]] == ["2026-10-20"]

    own = await anna.get(f"{HISTORY}/{blocked_id}")
    assert own.status_code == 200 and own.json()["local_on"] == "2026-10-22"
    await assert_cannot_touch(anna, [("GET", f"{HISTORY}/{i}", None) for i in ben_ids])
    assert (await api.get(HISTORY)).status_code == 401
    assert (await anna.get(HISTORY, params={"page_size": 1000})).status_code == 422


async def test_schedule_follows_profile_changes(api: httpx.AsyncClient, db: Database) -> None:
    anna = await register_learner(api)
    schedule = (await anna.get(SCHEDULE)).json()
    assert schedule["telegram_linked"] is False and schedule["next_reminder_at"] is None

    await _link_telegram_chat(db, anna, 424242)
    # One instant for the requests and the expectations: local_today(zone) read after a
    # request disagreed with the day the request scheduled when Kiritimati's midnight
    # (10:00 UTC) fell between them. Tokens stay valid: they were made on the real clock.
    with frozen_at(utcnow()):
        zone = "Pacific/Kiritimati"
        patched = await anna.patch(
            "/api/v1/users/me", json={"time_zone": zone, "reminder_time": "06:15"}
        )
        assert patched.status_code == 200, patched.text
        schedule = (await anna.get(SCHEDULE)).json()
        expected = reminder_instant(zone, time(6, 15), local_today(zone))
        assert datetime.fromisoformat(schedule["next_reminder_at"]) == expected
        assert schedule["next_reminder_local"].endswith("06:15:00+14:00")

        off = await anna.patch("/api/v1/users/me", json={"reminders_enabled": False})
        assert off.status_code == 200
        assert (await anna.get(SCHEDULE)).json()["next_reminder_at"] is None

        # Already reminded today: a new time applies from tomorrow, never twice a day.
        await _add_deliveries(db, anna.id, [local_today(zone)], "sent")
        await anna.patch(
            "/api/v1/users/me", json={"reminders_enabled": True, "reminder_time": "23:00"}
        )
        schedule = (await anna.get(SCHEDULE)).json()
        tomorrow = local_today(zone) + timedelta(days=1)
        assert datetime.fromisoformat(schedule["next_reminder_at"]) == reminder_instant(
            zone, time(23), tomorrow
        )


async def test_turning_reminders_on_again_after_a_block_clears_the_reason(
    api: httpx.AsyncClient, db: Database
) -> None:
    anna = await register_learner(api)
    await _link_telegram_chat(db, anna, 434343)
    async with db.unit_of_work() as session:
        await session.execute(
            update(User)
            .where(User.id == anna.id)
            .values(reminders_enabled=False, reminders_disabled_reason=BLOCKED_REASON)
        )
    me = (await anna.get("/api/v1/users/me")).json()
    assert (me["reminders_enabled"], me["reminders_disabled_reason"]) == (False, BLOCKED_REASON)
    schedule = (await anna.get(SCHEDULE)).json()
    assert schedule["reminders_disabled_reason"] == BLOCKED_REASON

    back = await anna.patch("/api/v1/users/me", json={"reminders_enabled": True})
    assert back.json()["reminders_disabled_reason"] is None
    assert (await anna.get(SCHEDULE)).json()["next_reminder_at"] is not None


async def test_onboarding_in_the_bot_schedules_the_first_reminder(
    polling_bot: BotApplication, anna: BotChat, db: Database
) -> None:
    # One instant for the bot and the expectation (else Berlin's midnight between the two).
    with frozen_at(utcnow()):
        await anna.send("/start")
        await anna.press("B1 · Intermediate")
        await anna.press("Berlin")
        await anna.press("07:00")
        async with db.unit_of_work() as session:
            user = await session.scalar(select(User).where(User.telegram_user_id == anna.user.id))
        assert user is not None and user.next_reminder_at is not None
        zone = "Europe/Berlin"
        assert user.next_reminder_at == reminder_instant(zone, time(7), local_today(zone))
