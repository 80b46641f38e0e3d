"""Webhook updates across a kill -9 of the API, on servers this test starts itself: 100
learners send /start, the API acknowledges (stores) every update and is killed while it is
still answering them; after a restart each learner has been greeted, and a second greeting
can only come from an update whose processing had started when the API died."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from sqlalchemy import select

from core.db import Database
from core.models import TelegramUpdate
from tests.durability.conftest import PYTHON, OwnServers, process_env
from tests.fakes.telegram import FakeTelegram
from tests.helpers.bot import BOT_TOKEN
from tutor.embedded import free_port

LEARNERS = 100
LEASE_SECONDS = 3


async def _api(
    env: dict[str, str], port: int, telegram: FakeTelegram
) -> asyncio.subprocess.Process:
    api = await asyncio.create_subprocess_exec(
        PYTHON,
        "-m",
        "uvicorn",
        "tutor.asgi:create",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        env=env,
        cwd=env["DATA_DIR"],
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    for _ in range(600):  # the API sets the webhook once it has started
        if telegram.calls_to("setWebhook", ok=True) and api.returncode is None:
            return api
        await asyncio.sleep(0.05)
    raise AssertionError("the API did not start")


async def _updates(db: Database) -> list[TelegramUpdate]:
    async with db.unit_of_work() as session:
        return list((await session.scalars(select(TelegramUpdate))).all())


def _greetings(telegram: FakeTelegram, chat_id: int) -> int:
    calls = telegram.calls_to("sendMessage", chat_id=chat_id, ok=True)
    return sum("Step 1 of 3" in (call.text or "") for call in calls)


async def test_updates_acknowledged_before_a_kill_are_answered_after_the_restart(
    own_servers: OwnServers, telegram: FakeTelegram, tmp_path: Path
) -> None:
    database_url, redis_url = await own_servers.fresh()
    port = free_port()
    env = process_env(
        tmp_path,
        database_url=database_url,
        redis_url=redis_url,
        telegram_bot_token=BOT_TOKEN,
        telegram_bot_username="GermanTutorTestBot",
        telegram_api_base_url=telegram.base_url,
        telegram_api_file_url=telegram.base_file_url,
        telegram_webhook_url=f"http://127.0.0.1:{port}/telegram/webhook",
        telegram_webhook_secret="fault-test-webhook-secret",
        telegram_update_lease_seconds=str(LEASE_SECONDS),
    )
    db = Database(database_url)
    try:
        api = await _api(env, port, telegram)
        learners = [telegram.user(first_name=f"Lena{i}") for i in range(LEARNERS)]
        update_ids = [await telegram.send_text(learner, "/start") for learner in learners]
        for update_id in update_ids:  # Telegram has its 200 for every one of them
            assert (await telegram.wait_for_delivery(update_id, timeout=60)).ok
        api.send_signal(signal.SIGKILL)
        await api.wait()
        at_kill = await _updates(db)
        unprocessed = [u for u in at_kill if u.processed_at is None]
        started = [u for u in unprocessed if u.claimed_at is not None]
        assert len(at_kill) == LEARNERS

        api = await _api(env, port, telegram)  # the restart sweeps what was left
        try:
            for _ in range(1200):
                if all(u.processed_at is not None for u in await _updates(db)):
                    break
                await asyncio.sleep(0.05)
        finally:
            api.send_signal(signal.SIGTERM)
            await api.wait()

        greetings = {learner.id: _greetings(telegram, learner.id) for learner in learners}
        twice = [chat for chat, count in greetings.items() if count > 1]
        print(
            f"\nkill -9 with {len(unprocessed)}/{LEARNERS} updates unprocessed "
            f"({len(started)} claimed): after the restart {sum(greetings.values())} greetings, "
            f"{len(twice)} twice"
        )
        assert all(u.processed_at is not None and u.error is None for u in await _updates(db))
        assert min(greetings.values()) == 1
        assert len(twice) <= len(started)
    finally:
        await db.dispose()
