"""What the learner gets: the counts, and a "Review now" button that starts /review."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from core.db import Database
from core.settings import Settings
from tests.fakes.telegram import FakeTelegram
from tests.reminders.support import Kind, add_learner, sweep_and_send

NOW = datetime.fromisoformat("2026-10-24T18:00:00+00:00")


@pytest.mark.parametrize(
    ("kind", "counts"),
    [("reviews", "2 cards waiting (2 reviews)"), ("new", "1 card waiting (1 new)")],
)
async def test_the_reminder_says_what_is_waiting_and_offers_review_now(
    db: Database, telegram: FakeTelegram, bot_settings: Settings, kind: Kind, counts: str
) -> None:
    async with db.unit_of_work() as session:
        learner = await add_learner(
            session, telegram, kind=kind, time_zone="UTC", reminder_time=time(18), as_of=NOW
        )
    await sweep_and_send(db, bot_settings, NOW)

    message = telegram.last_message(learner.chat_id)
    text = message.text or ""
    assert text.startswith("🔔 Zeit zum Wiederholen!")
    assert f"You have {counts}." in text
    assert "streak" in text
    assert next(e["length"] for e in message.entities if e["type"] == "bold") == 21
    assert message.buttons == [("▶️ Review now", "v1:rv:start")]

    update_id = await telegram.press_button_text(telegram.user(learner.chat_id), "Review now")
    assert telegram.update(update_id)["callback_query"]["data"] == "v1:rv:start"
