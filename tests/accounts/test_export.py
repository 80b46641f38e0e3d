"""Export all my data: one JSON file on both doors, with every learner table, nothing of
another learner's and no secrets."""

from __future__ import annotations

import json

import httpx
from redis.asyncio import Redis

from bot.context import BotApplication
from core.accounts.export import learner_tables
from core.db import Database
from core.settings import Settings
from tests.accounts.support import busy_learner
from tests.helpers.bot import BotChat


async def test_the_api_export_holds_everything_of_mine_and_nothing_of_others(
    api: httpx.AsyncClient, content: Database, redis: Redis, settings: Settings
) -> None:
    anna = (await busy_learner(api, content, redis, settings, "anna.x@example.org")).learner
    ben = (await busy_learner(api, content, redis, settings, "ben.x@example.org")).learner

    response = await anna.get("/api/v1/users/me/export")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and ".json" in disposition
    data = response.json()
    assert data["profile"]["id"] == anna.id and data["profile"]["email"] == anna.email
    assert "password_hash" not in data["profile"]
    tables = data["tables"]
    assert {"refresh_tokens", "link_codes"}.isdisjoint(tables)
    exported = {t.name for t in learner_tables()} - {"refresh_tokens", "link_codes"}
    assert exported | {"word_list_items"} == set(tables)
    for name in (
        "deck_words",
        "cards",
        "review_logs",
        "conversations",
        "conversation_turns",
        "grammar_attempts",
        "xp_ledger",
        "learner_achievements",
        "progress_days",
        "streaks",
        "league_memberships",
        "word_list_items",
    ):
        assert tables[name], name
    for name, rows in tables.items():
        if name != "word_list_items":
            assert all(row["user_id"] == anna.id for row in rows), name
    card = tables["cards"][0]
    assert {"due_at", "stability", "difficulty"} <= set(card), card
    assert "Ich möchte einen Kaffee" in response.text  # UTF-8, not escaped
    assert ben.email not in response.text

    assert (await api.get("/api/v1/users/me/export")).status_code == 401


async def test_mydata_sends_the_json_as_a_document(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await anna.send("/start")
    await anna.send("/add Hund")
    mark = anna.tg.mark()
    await anna.tg.send_text(anna.user, "/mydata")
    sent = await anna.tg.wait_for_call("sendDocument", chat_id=anna.user.id, ok=True, since=mark)
    message = anna.tg.message(anna.user.id, int((sent.result or {})["message_id"]))
    assert message.document is not None and message.caption
    assert "All your data" in message.caption
    assert (message.document.file_name or "").endswith(".json")
    data = json.loads(message.document.content.decode("utf-8"))
    assert data["profile"]["telegram_user_id"] == anna.user.id
    assert [w["lemma"] for w in data["tables"]["deck_words"]] == ["Hund"]
