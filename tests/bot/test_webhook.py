"""Webhook mode: the API checks the secret, stores and deduplicates by update_id, then the
bot inside the API process answers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import func, select, update

from core.db import Database
from core.models import TelegramUpdate
from core.settings import Settings
from core.telegram_updates import claim_update, process_updates, store_update
from tests.fakes.telegram import FakeTelegram
from tests.helpers.bot import BotChat
from tests.helpers.server import serving
from tutor.embedded import free_port
from tutor.processes import build_api

SECRET = "webhook-secret-for-tests"


def webhook_settings(bot_settings: Settings, port: int) -> Settings:
    settings = bot_settings.model_copy(
        update={
            "telegram_webhook_url": f"http://127.0.0.1:{port}/telegram/webhook",
            "telegram_webhook_secret": SecretStr(SECRET),
        }
    )
    assert settings.telegram_mode == "webhook"
    return settings


def settings_port(settings: Settings) -> int:
    assert settings.telegram_webhook_url
    return int(settings.telegram_webhook_url.split(":")[2].split("/")[0])


@pytest.fixture
async def webhook_api(bot_settings: Settings, db: Database) -> AsyncIterator[str]:
    settings = webhook_settings(bot_settings, free_port())
    async with serving(build_api(settings), port=settings_port(settings)) as base:
        yield base


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


async def _all_processed(db: Database, count: int) -> list[TelegramUpdate]:
    for _ in range(400):
        async with db.unit_of_work() as session:
            stored = (await session.scalars(select(TelegramUpdate))).all()
        if len(stored) == count and all(u.processed_at is not None for u in stored):
            return list(stored)
        await asyncio.sleep(0.05)
    raise AssertionError(f"not processed: {[u.update_id for u in stored if not u.processed_at]}")


async def test_updates_acknowledged_by_a_process_that_died_are_processed_after_restart(
    bot_settings: Settings, db: Database, telegram: FakeTelegram
) -> None:
    settings = webhook_settings(bot_settings, free_port())
    learners = [telegram.user(first_name=f"Lena{i}") for i in range(20)]
    # The first API acknowledges (stores) every update, then dies before processing any.
    with pytest.MonkeyPatch.context() as patch:

        async def died(*_: object, **__: object) -> int:
            return 0

        patch.setattr("api.routes.telegram.process_stored", died)
        patch.setattr("api.sweeps.sweep_webhook_updates", died)
        async with serving(build_api(settings), port=settings_port(settings)):
            update_ids = [await telegram.send_text(learner, "/start") for learner in learners]
            update_ids.append(await telegram.send_text(learners[0], "/help"))
            for update_id in update_ids:
                assert (await telegram.wait_for_delivery(update_id)).ok
    assert telegram.calls_to("sendMessage") == []
    async with db.unit_of_work() as session:  # one was claimed by the dead process, long ago
        await session.execute(
            update(TelegramUpdate)
            .where(TelegramUpdate.update_id == update_ids[5])
            .values(claimed_at=func.now() - timedelta(minutes=5), claimed_by="dead", attempts=1)
        )

    async with serving(build_api(settings), port=settings_port(settings)):  # the restart
        stored = await _all_processed(db, len(update_ids))
    assert all(u.error is None for u in stored)
    for learner in learners:
        replies = telegram.calls_to("sendMessage", chat_id=learner.id)
        assert len(replies) == (2 if learner is learners[0] else 1)
        assert "Step 1 of 3" in (replies[0].text or "")
    # In order per chat: the greeting before the answer to /help sent after it.
    first = telegram.calls_to("sendMessage", chat_id=learners[0].id)
    assert "Step 1 of 3" not in (first[1].text or "")


async def test_one_chat_is_processed_in_order_and_each_update_once(db: Database) -> None:
    def message(update_id: int, chat_id: int) -> dict[str, Any]:
        return {"update_id": update_id, "message": {"chat": {"id": chat_id}, "text": "x"}}

    async with db.unit_of_work() as session:
        for update_id in range(1, 31):
            await store_update(session, update_id, message(update_id, update_id % 3))
    seen: list[tuple[str, int]] = []
    running: set[int] = set()

    async def process(payload: dict[str, Any]) -> None:
        chat = payload["message"]["chat"]["id"]
        assert chat not in running, "two updates of one chat at once"
        running.add(chat)
        seen.append(("start", payload["update_id"]))
        await asyncio.sleep(0.01)
        running.discard(chat)

    counts = await asyncio.gather(*(process_updates(db, f"r{i}", process) for i in range(4)))
    assert sum(counts) == 30
    started = [update_id for _, update_id in seen]
    assert sorted(started) == list(range(1, 31))
    for chat in range(3):
        of_chat = [u for u in started if u % 3 == chat]
        assert of_chat == sorted(of_chat)
    assert await process_updates(db, "late", process) == 0

    # A fresh claim of a live claimant holds its chat back; an expired one is taken over.
    async with db.unit_of_work() as session:
        await store_update(session, 100, message(100, 7))
        await store_update(session, 101, message(101, 7))
        assert await claim_update(session, "alive") is not None
    assert await process_updates(db, "other", process) == 0
    assert await process_updates(db, "other", process, lease=timedelta(0)) == 2
