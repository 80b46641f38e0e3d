from __future__ import annotations

from datetime import time

from sqlalchemy import select

from bot.callbacks import pack
from bot.context import BotApplication
from core.db import Database
from core.models import User
from tests.helpers.bot import BotChat


async def _learner(db: Database, telegram_user_id: int) -> User:
    async with db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == telegram_user_id))
        assert user is not None
        return user


async def test_onboarding_edits_one_message(
    polling_bot: BotApplication, anna: BotChat, db: Database
) -> None:
    greeting = await anna.send("/start")
    assert "Willkommen, Anna" in (greeting.text or "")
    assert "Step 1 of 3" in (greeting.text or "")
    assert [label for label, _ in greeting.buttons][:2] == ["A1 · Beginner", "A2 · Elementary"]

    step2 = await anna.press("B1 · Intermediate")
    assert step2.message_id == greeting.message_id
    assert "Step 2 of 3" in (step2.text or "")
    step3 = await anna.press("Berlin")
    assert step3.message_id == greeting.message_id and "Step 3 of 3" in (step3.text or "")
    done = await anna.press("07:00")
    assert done.message_id == greeting.message_id
    assert "All set" in (done.text or "") and "20 XP a day" in (done.text or "")
    assert [label for label, _ in done.buttons] == [
        "10 XP a day",
        "20 XP a day",
        "50 XP a day",
        "100 XP a day",
        "📦 Add 20 starter words (B1)",
        "🎯 Take the placement test",
    ]
    assert ("📦 Add 20 starter words (B1)", "v1:sp:add:B1") in done.buttons
    assert "B1" in (done.text or "") and "07:00" in (done.text or "")
    with_goal = await anna.press("50 XP a day")
    assert with_goal.message_id == greeting.message_id
    assert [label for label, _ in with_goal.buttons] == [
        "📦 Add 20 starter words (B1)",
        "🎯 Take the placement test",
    ]
    assert "50 XP a day" in (with_goal.text or "")

    bot_messages = [m for m in anna.tg.chat(anna.user.id) if m.from_bot]
    assert len(bot_messages) == 1, "onboarding must edit one message, not flood the chat"

    learner = await _learner(db, anna.user.id)
    assert (learner.cefr_level, learner.time_zone, learner.reminder_time) == (
        "B1",
        "Europe/Berlin",
        time(7, 0),
    )
    assert learner.onboarded_at is not None and learner.telegram_chat_id == anna.user.id

    again = await anna.send("/start")
    assert "Willkommen zurück" in (again.text or "")


async def test_stale_and_forged_buttons_are_answered_harmlessly(
    polling_bot: BotApplication, anna: BotChat, db: Database
) -> None:
    greeting = await anna.send("/start")
    for data in ("v0:ob:lvl:A1", pack("ob", "lvl", "Z9"), pack("ob", "tz", "Mars/Base")):
        alert = await anna.press_expecting_alert(greeting.message_id, data)
        assert "out of date" in alert
    learner = await _learner(db, anna.user.id)
    assert learner.cefr_level == "A1" and learner.time_zone == "Europe/Berlin"


async def test_double_press_does_not_break(
    polling_bot: BotApplication, anna: BotChat, db: Database
) -> None:
    greeting = await anna.send("/start")
    await anna.press("A2 · Elementary")
    # The same (now stale) level button again: saved again, the edit changes nothing.
    alert_or_ok = await anna.press_expecting_alert(greeting.message_id, pack("ob", "lvl", "A2"))
    assert alert_or_ok in ("Saved", "")
    assert (await _learner(db, anna.user.id)).cefr_level == "A2"


async def test_settings_change_fields_in_place(
    polling_bot: BotApplication, anna: BotChat, db: Database
) -> None:
    overview = await anna.send("/settings")
    assert "Your settings" in (overview.text or "")
    picker = await anna.press("🎯 Daily goal")
    assert picker.message_id == overview.message_id
    back = await anna.press("50 XP a day")
    assert "50 XP a day" in (back.text or "")
    await anna.press("🧠 Retention")
    await anna.press("85 %")
    toggled = await anna.press("🔕 Turn reminders off")
    assert "Reminders: <b>off" in (toggled.source_text or toggled.text or "") or "off" in (
        toggled.text or ""
    )
    learner = await _learner(db, anna.user.id)
    assert (learner.daily_goal, learner.desired_retention, learner.reminders_enabled) == (
        50,
        0.85,
        False,
    )
    on_again = await anna.press("🔔 Turn reminders on")
    assert "daily at" in (on_again.text or "")


async def test_new_cards_per_day_in_settings(
    polling_bot: BotApplication, anna: BotChat, db: Database
) -> None:
    overview = await anna.send("/settings")
    assert "New cards: 20 a day" in (overview.text or "")
    picker = await anna.press("🆕 New cards/day")
    assert "How many new cards" in (picker.text or "")
    assert [label for label, _ in picker.buttons][:5] == ["5", "10", "20", "30", "50"]
    back = await anna.press("30")
    assert "New cards: 30 a day" in (back.text or "")
    assert (await _learner(db, anna.user.id)).new_cards_per_day == 30
    forged = await anna.press_expecting_alert(back.message_id, pack("set", "new", "499"))
    assert "out of date" in forged
    assert (await _learner(db, anna.user.id)).new_cards_per_day == 30


async def test_timezone_command_validates(
    polling_bot: BotApplication, anna: BotChat, db: Database
) -> None:
    bad = await anna.send("/timezone Mars/Olympus")
    assert "don't know a time zone" in (bad.text or "")
    good = await anna.send("/timezone Asia/Seoul")
    assert "Asia/Seoul" in (good.text or "")
    assert (await _learner(db, anna.user.id)).time_zone == "Asia/Seoul"


async def test_help_and_unknown_command(polling_bot: BotApplication, anna: BotChat) -> None:
    help_text = await anna.send("/help")
    assert "/settings" in (help_text.text or "")
    unknown = await anna.send("/frobnicate")
    assert "don't know that command" in (unknown.text or "")
