"""/league and /name through the fake Telegram: the table with its zones and "you", the
boards, leaving and joining in place, choosing a name; XP reaches the table through the real
worker running the refresh_league_standing job."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from bot.app import COMMANDS
from bot.context import BotApplication
from bot.texts import HELP
from core.db import Database
from core.models import User
from core.progress.xp import XpReason, award
from core.settings import Settings
from tests.helpers.bot import BotChat
from tests.helpers.worker import run_queued_jobs, send_followups_now
from tests.leagues.support import WEDNESDAY, freeze, learner

_sources = itertools.count(1)


async def _user_id(db: Database, chat: BotChat) -> int:
    async with db.unit_of_work() as session:
        user_id = await session.scalar(select(User.id).where(User.telegram_user_id == chat.user.id))
    assert user_id is not None
    return user_id


async def _earn_through_the_worker(
    db: Database, settings: Settings, user_id: int, amount: int
) -> None:
    """XP paid as the app pays it (core.progress.xp.award: 5 per conversation message),
    then the worker runs the refresh_league_standing job the award asked for."""
    async with db.unit_of_work() as session:
        for _ in range(amount // 5):
            await award(session, user_id, XpReason.CONVERSATION_MESSAGE, next(_sources))
    await send_followups_now(db)  # the refresh, due FOLLOWUP_DELAY after the award
    await run_queued_jobs(settings)


async def test_league_table_boards_leaving_and_joining(
    polling_bot: BotApplication,
    anna: BotChat,
    db: Database,
    bot_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    assert {"league", "name"} <= {c.command for c in COMMANDS}
    assert "/league" in HELP and "/name" in HELP

    first = await anna.send("/league")
    assert "Bronze league" in (first.text or "")
    assert "first XP this week" in (first.text or "")

    me = await _user_id(db, anna)
    rival = await learner(db, "Ben")
    await _earn_through_the_worker(db, bot_settings, rival, 50)
    await _earn_through_the_worker(db, bot_settings, me, 30)
    table = await anna.send("/league")
    text = table.text or ""
    # Anna's Telegram name was never chosen for boards: she shows as a pseudonym.
    assert "Anna" not in text and "Learner " in text
    assert "1. Ben — 50 XP" in text and "2. Learner" in text and "30 XP ← you" in text
    assert "⬆️" in text and str(anna.user.id) not in text
    assert "Week ends Monday 00:00 UTC" in text

    board = await anna.press("🏆 XP this week")
    assert "XP this week" in (board.text or "") and "You: #2 with 30 XP." in (board.text or "")
    words = await anna.press("📚 Words")
    assert "Nobody is on this board yet." in (words.text or "")
    back = await anna.press("« My league")
    assert "30 XP ← you" in (back.text or "")

    left = await anna.press("🚪 Leave the leagues")
    assert "You've left the leagues" in (left.text or "")
    assert any("Join the leagues" in label for label, _ in left.buttons)
    board = await anna.press("🏆 XP this week")
    assert "← you" not in (board.text or "") and "You've left the leagues" in (board.text or "")
    await anna.press("« My league")
    joined = await anna.press("✅ Join the leagues")
    assert "30 XP ← you" in (joined.text or "")


async def test_name_sets_what_others_see(
    polling_bot: BotApplication,
    anna: BotChat,
    db: Database,
    bot_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    shown = await anna.send("/name")
    assert "others see you as Learner " in (shown.text or "")
    assert "/name Anna" in (shown.text or "")
    too_long = await anna.send("/name " + "x" * 81)
    assert "That name can't be used: it is longer than 80 characters." in (too_long.text or "")
    done = await anna.send("/name   Anna K.  ")
    assert "others now see you as Anna K." in (done.text or "")
    assert "others see you as Anna K." in ((await anna.send("/name")).text or "")

    await _earn_through_the_worker(db, bot_settings, await _user_id(db, anna), 10)
    table = await anna.send("/league")
    assert "1. Anna K. — 10 XP ← you" in (table.text or "")
