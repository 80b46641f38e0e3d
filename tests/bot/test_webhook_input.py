"""Webhook updates PostgreSQL cannot hold as sent: text with NUL characters or lone
surrogates, and NaN, is stored with those replaced and acknowledged (refusing would make
Telegram resend it forever); an update_id that is no BIGINT is refused with a 422."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from core.constrained import BIGINT_MAX
from core.db import Database
from core.models import TelegramUpdate
from tests.bot.test_webhook import SECRET, webhook_api

__all__ = ["webhook_api"]  # the fixture, shared with the webhook's other tests

URL = "/telegram/webhook"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}


def _update(update_id: str, text: str) -> bytes:
    """An update as raw JSON text, so escapes reach the server exactly as written."""
    chat = '{"id": 4711, "type": "private", "first_name": "Eve"}'
    sender = '{"id": 4711, "is_bot": false, "first_name": "Eve"}'
    return (
        f'{{"update_id": {update_id}, "message": {{"message_id": 1, "date": 1700000000, '
        f'"chat": {chat}, "from": {sender}, "text": "{text}", "weird": NaN}}}}'
    ).encode()


async def test_unstorable_text_is_stored_replaced_and_acknowledged(
    webhook_api: str, db: Database
) -> None:
    async with httpx.AsyncClient(base_url=webhook_api) as client:
        response = await client.post(
            URL, content=_update("9001", "Hallo\\u0000 Welt\\ud800!"), headers=HEADERS
        )
    assert response.status_code == 200, response.text
    async with db.unit_of_work() as session:
        stored = await session.scalar(
            select(TelegramUpdate).where(TelegramUpdate.update_id == 9001)
        )
    assert stored is not None
    assert stored.payload["message"]["text"] == "Hallo\ufffd Welt\ufffd!"
    assert stored.payload["message"]["weird"] is None


async def test_update_ids_that_are_no_bigint_are_refused(webhook_api: str, db: Database) -> None:
    async with httpx.AsyncClient(base_url=webhook_api) as client:
        for update_id in (str(BIGINT_MAX + 1), "-1", "true", "1.5", '"7"'):
            response = await client.post(URL, content=_update(update_id, "Hallo"), headers=HEADERS)
            assert response.status_code == 422, (update_id, response.text)
            assert response.json()["code"] == "invalid"
    async with db.unit_of_work() as session:
        assert (await session.scalars(select(TelegramUpdate))).all() == []
