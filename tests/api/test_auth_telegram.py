"""POST /api/v1/auth/telegram: the Mini App signs in with Telegram's launch data."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from core.db import Database
from core.models import User
from core.settings import Settings
from tests.helpers.api import api_client
from tests.helpers.bot import BOT_TOKEN
from tests.helpers.mini_app import signed_init_data

ROUTE = "/api/v1/auth/telegram"


@pytest.fixture
async def bot_api(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    with_bot = settings.model_copy(update={"telegram_bot_token": SecretStr(BOT_TOKEN)})
    async with api_client(with_bot) as client:
        yield client


async def test_first_opening_creates_the_telegram_learner_and_signs_in(
    bot_api: httpx.AsyncClient,
) -> None:
    response = await bot_api.post(ROUTE, json={"init_data": signed_init_data(BOT_TOKEN, 4711)})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert "set-cookie" not in response.headers, "a Mini App gets no refresh cookie"
    me = await bot_api.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.status_code == 200
    assert me.json()["telegram_linked"] is True and me.json()["display_name"] == "Greta"
    again = await bot_api.post(ROUTE, json={"init_data": signed_init_data(BOT_TOKEN, 4711)})
    me_again = await bot_api.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {again.json()['access_token']}"}
    )
    assert me_again.json()["id"] == me.json()["id"], "the same learner, not a second one"


async def test_an_existing_bot_learner_signs_in_as_themselves(
    bot_api: httpx.AsyncClient, db: Database
) -> None:
    async with db.unit_of_work() as session:
        learner = User(telegram_user_id=8080, telegram_chat_id=8080, display_name="Karl")
        session.add(learner)
        await session.flush()
        learner_id = learner.id
    response = await bot_api.post(ROUTE, json={"init_data": signed_init_data(BOT_TOKEN, 8080)})
    token = response.json()["access_token"]
    me = await bot_api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["id"] == learner_id and me.json()["display_name"] == "Karl"


@pytest.mark.parametrize(
    ("init_data", "reason"),
    [
        (signed_init_data("999:another-bot", 4711), "not signed by this bot"),
        (signed_init_data(BOT_TOKEN, 4711, auth_date=1_600_000_000), "expired"),
        ("user=%7B%22id%22%3A4711%7D&auth_date=1900000000", "not signed"),
    ],
    ids=["forged", "stale", "missing-hash"],
)
async def test_refused_launch_data_is_401_with_the_reason(
    bot_api: httpx.AsyncClient, init_data: str, reason: str
) -> None:
    response = await bot_api.post(ROUTE, json={"init_data": init_data})
    assert response.status_code == 401
    assert reason in response.json()["detail"]


async def test_bad_input(bot_api: httpx.AsyncClient) -> None:
    for body in ({}, {"init_data": ""}, {"init_data": 5}, {"init_data": "x" * 5000}):
        response = await bot_api.post(ROUTE, json=body)
        assert response.status_code == 422, body
        assert len(response.text) < 2000
    duplicate = await bot_api.post(ROUTE, json={"init_data": "a=1&a=2"})
    assert duplicate.status_code == 422 and "twice" in duplicate.json()["detail"]


async def test_without_a_bot_token_telegram_sign_in_does_not_exist(api: httpx.AsyncClient) -> None:
    response = await api.post(ROUTE, json={"init_data": signed_init_data(BOT_TOKEN)})
    assert response.status_code == 404
    assert "not set up" in response.json()["detail"]
