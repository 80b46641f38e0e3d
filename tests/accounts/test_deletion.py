"""Deleting an account leaves nothing of the learner: no row in any table with a user_id,
no queued job or stored update naming them, no Redis key or leaderboard member; another
learner's data is untouched. The API confirms with the password, the bot with a button."""

from __future__ import annotations

import httpx
from redis.asyncio import Redis

from bot.context import BotApplication
from core.db import Database
from core.settings import Settings
from tests.accounts.support import busy_learner, redis_traces, rows_of
from tests.helpers.bot import BotChat
from tests.helpers.learners import login

EXPECTED_TABLES = {
    "users",
    "cards",
    "deck_words",
    "word_lists",
    "review_logs",
    "study_sessions",
    "grammar_attempts",
    "conversations",
    "conversation_turns",
    "xp_ledger",
    "progress_days",
    "streaks",
    "league_memberships",
    "learner_achievements",
    "refresh_tokens",
    "ai_usage",
    "exercise_generations",
    "outbox_jobs",
    "telegram_updates",
}


async def test_deleting_over_the_api_leaves_nothing_and_spares_the_other_learner(
    api: httpx.AsyncClient, content: Database, redis: Redis, settings: Settings
) -> None:
    anna = await busy_learner(api, content, redis, settings, "anna.del@example.org")
    ben = await busy_learner(api, content, redis, settings, "ben.keep@example.org")
    a, b = anna.learner, ben.learner
    before = await rows_of(content, a.id, anna.chat_id)
    assert set(before) >= EXPECTED_TABLES, EXPECTED_TABLES - set(before)
    assert await redis_traces(redis, a.id, anna.chat_id, a.email)
    ben_before = await rows_of(content, b.id, ben.chat_id)
    ben_traces = await redis_traces(redis, b.id, ben.chat_id, b.email)

    for body, status, reason in (
        ({"password": "wrong-password"}, 403, "password is not right"),
        ({}, 422, "password"),
        ({"password": ""}, 422, "password"),
        ({"password": "x" * 2000}, 422, "password"),
    ):
        refused = await a.delete("/api/v1/users/me", json=body)
        assert refused.status_code == status, refused.text
        assert reason in refused.text
    assert await rows_of(content, a.id, anna.chat_id) == before

    deleted = await a.delete("/api/v1/users/me", json={"password": a.password})
    assert deleted.status_code == 204, deleted.text

    assert await rows_of(content, a.id, anna.chat_id) == {}
    assert await redis_traces(redis, a.id, anna.chat_id, a.email) == []
    assert await rows_of(content, b.id, ben.chat_id) == ben_before
    assert await redis_traces(redis, b.id, ben.chat_id, b.email) == ben_traces
    assert (await a.get("/api/v1/users/me")).status_code == 401
    assert (await login(api, a.email, a.password)).status_code == 401
    board = await b.get("/api/v1/leaderboards/xp_week")
    assert board.status_code == 200 and len(board.json()["entries"]) == 1


async def test_a_telegram_only_account_is_sent_to_the_bot(
    api: httpx.AsyncClient, content: Database, redis: Redis, settings: Settings
) -> None:
    from sqlalchemy import update

    from core.models import User

    anna = await busy_learner(api, content, redis, settings, "tg.only@example.org")
    async with content.unit_of_work() as session:
        await session.execute(
            update(User).where(User.id == anna.learner.id).values(password_hash=None)
        )
    refused = await anna.learner.delete("/api/v1/users/me", json={"password": "anything"})
    assert refused.status_code == 409 and "/deleteaccount" in refused.text


async def test_deleting_in_the_bot_asks_first_and_then_leaves_nothing(
    polling_bot: BotApplication,
    anna: BotChat,
    api: httpx.AsyncClient,
    content: Database,
    redis: Redis,
    settings: Settings,
) -> None:
    ben = await busy_learner(api, content, redis, settings, "ben.stays@example.org")
    ben_before = await rows_of(content, ben.learner.id, ben.chat_id)
    await anna.send("/start")
    await anna.send("/add Hund")
    asked = await anna.send("/deleteaccount")
    assert "Delete your account?" in (asked.text or "")
    kept = await anna.press("Keep my account")
    assert "Nothing was deleted" in (kept.text or "")

    settings_screen = await anna.send("/settings")
    assert settings_screen.text
    asked_again = await anna.press("🗑 Delete my account")
    assert "cannot be undone" in (asked_again.text or "")
    from sqlalchemy import select

    from core.models import User

    async with content.unit_of_work() as session:
        user_id = await session.scalar(select(User.id).where(User.telegram_user_id == anna.user.id))
    assert user_id is not None
    assert await rows_of(content, user_id, anna.user.id)

    done = await anna.press("🗑 Yes, delete everything")
    assert "are deleted" in (done.text or "") and "/start" in (done.text or "")
    assert await rows_of(content, user_id, anna.user.id) == {}
    assert await redis_traces(redis, user_id, anna.user.id, "") == []
    assert await rows_of(content, ben.learner.id, ben.chat_id) == ben_before
