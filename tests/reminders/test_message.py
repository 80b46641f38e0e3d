"""What the learner gets: what today's plan has waiting, a button per item that starts it,
and one that opens /today."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from core.db import Database
from core.settings import Settings
from tests.fakes.telegram import FakeTelegram
from tests.reminders.support import Kind, add_learner, sweep_and_send

NOW = datetime.fromisoformat("2026-10-24T18:00:00+00:00")


@pytest.mark.parametrize(
    ("kind", "counts", "button"),
    [
        ("reviews", "2 reviews", ("▶️ Review (2)", "v1:rv:start")),
        ("new", "1 new card", ("🆕 Learn new words (1 card)", "v1:rv:new")),
    ],
)
async def test_the_reminder_says_what_is_waiting_and_offers_to_start_it(
    content: Database,
    telegram: FakeTelegram,
    bot_settings: Settings,
    kind: Kind,
    counts: str,
    button: tuple[str, str],
) -> None:
    async with content.unit_of_work() as session:
        learner = await add_learner(
            session, telegram, kind=kind, time_zone="UTC", reminder_time=time(18), as_of=NOW
        )
    await sweep_and_send(content, bot_settings, NOW)

    message = telegram.last_message(learner.chat_id)
    text = message.text or ""
    assert text.startswith("🔔 Zeit zum Wiederholen!")
    # the cards, and the grammar topic today's plan suggests (the next one at A1)
    topic_label, topic_data = message.buttons[1]
    assert topic_data.startswith("v1:gt:p:")
    assert f"{counts} and {topic_label.removeprefix('📘 ')} are waiting." in text
    assert "streak" in text
    assert next(e["length"] for e in message.entities if e["type"] == "bold") == 21
    assert message.buttons == [button, (topic_label, topic_data), ("📋 Today's plan", "v1:td:show")]

    update_id = await telegram.press_button_text(telegram.user(learner.chat_id), button[0])
    assert telegram.update(update_id)["callback_query"]["data"] == button[1]
