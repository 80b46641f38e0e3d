"""Webhook mode: the API checks the secret, stores and deduplicates by update_id, then the
bot inside the API process answers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn
from pydantic import SecretStr
from sqlalchemy import select

from core.db import Database
from core.models import TelegramUpdate
from core.settings import Settings
from tests.fakes.telegram import FakeTelegram
from tests.helpers.bot import BotChat
from tutor.embedded import free_port
from tutor.processes import _Server, build_api

SECRET = "webhook-secret-for-tests"


@pytest.fixture
async def webhook_api(bot_settings: Settings, db: Database) -> AsyncIterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = bot_settings.model_copy(
        update={
            "telegram_webhook_url": f"{base}/telegram/webhook",
            "telegram_webhook_secret": SecretStr(SECRET),
        }
    )
    assert settings.telegram_mode == "webhook"
    server = _Server(
        uvicorn.Config(build_api(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), "the API did not start"
        await asyncio.sleep(0.02)
    yield base
    server.should_exit = True
    await task


async def test_webhook_onboards_and_ignores_duplicates(
    webhook_api: str, telegram: FakeTelegram, anna: BotChat, db: Database
) -> None:
    assert telegram.webhook_url == f"{webhook_api}/telegram/webhook"
    greeting = await anna.send("/start")
    assert "Step 1 of 3" in (greeting.text or "")
    update_id = telegram.deliveries[-1].update_id

    mark = telegram.mark()
    again = await telegram.deliver_again(update_id)
    assert again.ok
    await asyncio.sleep(0.3)
    assert telegram.calls_to("sendMessage", chat_id=anna.user.id, since=mark) == []

    step2 = await anna.press("A2 · Elementary")
    assert step2.message_id == greeting.message_id
    for _ in range(100):  # the row is marked processed just after the bot's reply
        async with db.unit_of_work() as session:
            stored = (await session.scalars(select(TelegramUpdate))).all()
        if all(u.processed_at is not None for u in stored):
            break
        await asyncio.sleep(0.05)
    assert len(stored) == 2 and all(u.processed_at is not None and u.error is None for u in stored)


async def test_webhook_refuses_bad_secret_and_bad_bodies(webhook_api: str) -> None:
    async with httpx.AsyncClient(base_url=webhook_api) as client:
        url = "/telegram/webhook"
        body = {"update_id": 1, "message": {}}
        assert (await client.post(url, json=body)).status_code == 403
        wrong = {"X-Telegram-Bot-Api-Secret-Token": "nope"}
        assert (await client.post(url, json=body, headers=wrong)).status_code == 403
        right = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        no_id = await client.post(url, json={"message": {}}, headers=right)
        assert no_id.status_code == 422
        not_json = await client.post(url, content=b"\xff\xfe", headers=right)
        assert not_json.status_code == 422
