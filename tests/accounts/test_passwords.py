"""Changing a password with the current one, and resetting a forgotten one with a code the
bot sends to the linked chat: hashed, 15 minutes, once, throttled; the answers never say
whether an email has an account."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update

from core import clock
from core.db import Database
from core.models import LinkCode, User
from core.settings import Settings
from tests.helpers.bot import BotChat
from tests.helpers.learners import login, register_learner
from tests.helpers.worker import run_queued_jobs

NEW_PASSWORD = "Neues-Passwort-2027"


async def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(
    api: httpx.AsyncClient, db: Database
) -> None:
    anna = await register_learner(api, "anna.pw@example.org")
    other_device = (await login(api, anna.email, anna.password)).json()

    for body, status, reason in (
        ({"current_password": "falsch-falsch", "new_password": NEW_PASSWORD}, 403, "not right"),
        ({"current_password": anna.password, "new_password": "kurz"}, 422, "new_password"),
        ({"current_password": anna.password}, 422, "new_password"),
        ({"current_password": anna.password, "new_password": anna.password}, 422, "same"),
    ):
        refused = await anna.post("/api/v1/auth/password", json=body)
        assert refused.status_code == status, refused.text
        assert reason in refused.text
    assert (await login(api, anna.email, anna.password)).status_code == 200
    assert (await api.post("/api/v1/auth/password", json={})).status_code == 401

    changed = await anna.post(
        "/api/v1/auth/password",
        json={"current_password": anna.password, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 200, changed.text
    fresh = changed.json()
    for stale in (anna.refresh_token, other_device["refresh_token"]):
        refused = await api.post("/api/v1/auth/refresh", json={"refresh_token": stale})
        assert refused.status_code == 401
    assert (
        await api.post("/api/v1/auth/refresh", json={"refresh_token": fresh["refresh_token"]})
    ).status_code == 200
    assert (await login(api, anna.email, anna.password)).status_code == 401
    assert (await login(api, anna.email, NEW_PASSWORD)).status_code == 200


async def _code_from_chat(chat: BotChat, settings: Settings) -> str:
    mark = chat.tg.mark()
    await run_queued_jobs(settings)
    sent = await chat.tg.wait_for_call("sendMessage", chat_id=chat.user.id, since=mark)
    match = re.search(r"reset your password: (?:<code>)?([A-Z0-9]{8})", sent.text or "")
    assert match, sent.text
    assert "15 minutes" in (sent.text or "")
    return match.group(1)


async def test_a_forgotten_password_is_reset_with_a_code_sent_to_the_chat(
    api: httpx.AsyncClient,
    db: Database,
    anna: BotChat,
    bot_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    web = await register_learner(api, "anna.reset@example.org")
    unlinked = await register_learner(api, "no.chat@example.org")
    async with db.unit_of_work() as session:
        await session.execute(
            update(User)
            .where(User.id == web.id)
            .values(telegram_user_id=anna.user.id, telegram_chat_id=anna.user.id)
        )
    url = "/api/v1/auth/password/reset-request"
    answers = [
        await api.post(url, json={"email": email})
        for email in (web.email, "nobody@example.org", unlinked.email)
    ]
    assert {a.status_code for a in answers} == {202}
    assert len({a.text for a in answers}) == 1, "the answer says nothing about the email"
    assert (await api.post(url, json={"email": "not an email"})).status_code == 422

    code = await _code_from_chat(anna, bot_settings)
    async with db.unit_of_work() as session:
        stored = (await session.scalars(select(LinkCode.code_hash))).all()
    assert stored and code not in stored, "only the hash is stored"
    assert len(stored) == 1, "no code for the unknown email or the account without a chat"

    reset = "/api/v1/auth/password/reset"
    for body, status in (
        ({"email": web.email, "code": "AAAAAAAA", "new_password": NEW_PASSWORD}, 422),
        ({"email": unlinked.email, "code": code, "new_password": NEW_PASSWORD}, 422),
        ({"email": web.email, "code": code, "new_password": "kurz"}, 422),
        ({"email": web.email, "new_password": NEW_PASSWORD}, 422),
    ):
        refused = await api.post(reset, json=body)
        assert refused.status_code == status, refused.text
    assert (
        "not valid or has expired"
        in (
            await api.post(
                reset, json={"email": web.email, "code": "ZZZZ2222", "new_password": NEW_PASSWORD}
            )
        ).text
    )

    done = await api.post(
        reset, json={"email": web.email, "code": code.lower(), "new_password": NEW_PASSWORD}
    )
    assert done.status_code == 204, done.text
    assert (await login(api, web.email, NEW_PASSWORD)).status_code == 200
    assert (await login(api, web.email, web.password)).status_code == 401
    refreshed = await api.post("/api/v1/auth/refresh", json={"refresh_token": web.refresh_token})
    assert refreshed.status_code == 401, "the reset ended every session"
    reused = await api.post(
        reset, json={"email": web.email, "code": code, "new_password": "Noch-ein-anderes-1"}
    )
    assert reused.status_code == 422, "a code works once"
    mark = anna.tg.mark()
    await run_queued_jobs(bot_settings)
    notice = await anna.tg.wait_for_call("sendMessage", chat_id=anna.user.id, since=mark)
    assert "was reset with a code from this chat" in (notice.text or "")

    # A new code replaces the last; and none works after 15 minutes.
    await api.post(url, json={"email": web.email})
    first = await _code_from_chat(anna, bot_settings)
    await api.post(url, json={"email": web.email})
    second = await _code_from_chat(anna, bot_settings)
    replaced = await api.post(
        reset, json={"email": web.email, "code": first, "new_password": "Noch-ein-anderes-1"}
    )
    assert replaced.status_code == 422
    monkeypatch.setattr(clock, "_frozen", None)
    clock.set_frozen(clock.utcnow() + timedelta(minutes=16))
    expired = await api.post(
        reset, json={"email": web.email, "code": second, "new_password": "Noch-ein-anderes-1"}
    )
    assert expired.status_code == 422
    clock.set_frozen(None)


async def test_reset_requests_are_throttled_per_account(
    api: httpx.AsyncClient, db: Database
) -> None:
    url = "/api/v1/auth/password/reset-request"
    statuses = [
        (await api.post(url, json={"email": "someone@example.org"})).status_code for _ in range(4)
    ]
    assert statuses == [202, 202, 202, 429]
    limited = await api.post(url, json={"email": "someone@example.org"})
    assert "Too many password reset requests" in limited.text and "retry-after" in limited.headers
