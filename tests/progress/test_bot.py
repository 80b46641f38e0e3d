"""The learner in Telegram: a finished review run shows XP toward the goal, the goal reached
is celebrated once a day, /streak shows the same numbers as the API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.context import BotApplication
from core.clock import set_frozen
from core.db import Database
from tests.fakes.telegram import FakeMessage
from tests.helpers.bot import BotChat

MORNING = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
ARTICLES = {"Katze": "die", "Haus": "das"}


@pytest.fixture
def morning() -> Iterator[datetime]:
    set_frozen(MORNING)
    yield MORNING
    set_frozen(None)


async def _review_run(chat: BotChat) -> FakeMessage:
    """/review, every card answered with Good (or the right article) until the run ends."""
    screen = await chat.send("/review")
    for _ in range(20):
        text = screen.text or ""
        if "Fertig" in text:
            return screen
        if "der, die or das?" in text:
            lemma = next(word for word in ARTICLES if word in text)
            screen = await chat.press(ARTICLES[lemma])
        elif "What does it mean?" in text:
            await chat.press("Show answer")
            screen = await chat.press("Good")
        else:
            await chat.press("I don't know — show me")
            screen = await chat.press("Good")
    raise AssertionError(f"the run did not end: {screen.text}")


async def test_goal_bar_after_a_run_goal_reached_once_and_streak(
    polling_bot: BotApplication, anna: BotChat, content: Database, morning: datetime
) -> None:
    await anna.send("/start")
    await anna.press("A2 · Elementary")
    await anna.press("Berlin")
    await anna.press("19:00")
    await anna.send("/settings")
    await anna.press("🎯 Daily goal")
    chosen = await anna.press("10 XP a day")
    assert "10 XP a day" in (chosen.text or "")
    for word in ("die Katze", "das Haus"):
        await anna.send(f"/add {word}")

    done = await _review_run(anna)
    # Under the run's last screen, in the same message (a drill stays one message).
    assert "6 cards reviewed" in (done.text or ""), done.text
    assert (done.text or "").endswith("\n\n▰▰▰▰▰ 12/10 XP today\n🎯 Daily goal reached!")

    set_frozen(morning + timedelta(hours=2))  # the learning steps are due again
    second = await _review_run(anna)
    assert second.text is not None and "XP today" in second.text
    assert "Daily goal reached" not in second.text  # once a local day

    # Another kind of session: an article drill stopped after one practice answer.
    await anna.send("/articles")
    await anna.press("der")
    stopped = await anna.press("⏹ Stop")
    assert "Fertig" in (stopped.text or "") and "XP today" in (stopped.text or "")
    assert "Daily goal reached" not in (stopped.text or "")

    streak = await anna.send("/streak")
    text = streak.text or ""
    assert "Streak: <b>1 day</b>" in (streak.source_text or text) or "Streak: 1 day" in text
    assert "XP today" in text and "Freezes held" in text

    help_text = (await anna.send("/help")).text or ""
    assert "/streak" in help_text
