"""One learner, two doors: web account and Telegram chat linked both ways, on one database."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import func, select

from bot.context import BotApplication
from core.db import Database
from core.models import User
from core.settings import Settings
from tests.helpers.bot import BotChat
from tests.helpers.learners import login, register_learner
from tests.helpers.worker import run_queued_jobs


async def test_web_learner_links_telegram(
    api: httpx.AsyncClient, polling_bot: BotApplication, anna: BotChat
) -> None:
    web = await register_learner(api, "anna@example.org")
    issued = await web.post("/api/v1/users/me/telegram-link")
    assert issued.status_code == 200
    code = issued.json()["code"]
    assert issued.json()["telegram_url"] == f"https://t.me/GermanTutorTestBot?start={code}"

    linked = await anna.send(f"/start {code}")
    assert "Linked" in (linked.text or "") and "anna@example.org" in (linked.text or "")
    greeting = await anna.next()
    assert "Step 1 of 3" in (greeting.text or ""), "a linked learner still gets onboarded"

    me = (await web.get("/api/v1/users/me")).json()
    assert me["telegram_linked"] is True

    reused = await anna.send(f"/start {code}")
    assert "invalid or has expired" in (reused.text or "")


async def test_telegram_learner_claims_web_login_and_is_notified(
    api: httpx.AsyncClient,
    polling_bot: BotApplication,
    anna: BotChat,
    bot_settings: Settings,
) -> None:
    await anna.send("/start")
    await anna.press("C1 · Advanced")
    await anna.press("Tokyo")
    await anna.press("21:00")
    code_message = await anna.send("/link")
    match = re.search(r"code: ([A-Z0-9]{8})", code_message.text or "")
    assert match, code_message.text
    claimed = await api.post(
        "/api/v1/auth/claim",
        json={
            "code": match.group(1),
            "email": "anna@example.org",
            "password": "Lernen-macht-Spass",
        },
    )
    assert claimed.status_code == 200, claimed.text
    tokens = await login(api, "anna@example.org", "Lernen-macht-Spass")
    me = (
        await api.get(
            "/api/v1/users/me",
            headers={"Authorization": f"Bearer {tokens.json()['access_token']}"},
        )
    ).json()
    assert (me["cefr_level"], me["time_zone"], me["telegram_linked"]) == ("C1", "Asia/Tokyo", True)

    # The confirmation is a job, enqueued after the commit and sent by the worker.
    mark = anna.tg.mark()
    await run_queued_jobs(bot_settings)
    sent = await anna.tg.wait_for_call("sendMessage", chat_id=anna.user.id, since=mark)
    assert "Web login set up for anna@example.org" in (sent.text or "")

    again = await anna.send("/link")
    assert "already have a web login" in (again.text or "")


async def test_linking_merges_an_onboarded_telegram_learner(
    api: httpx.AsyncClient, polling_bot: BotApplication, anna: BotChat, db: Database
) -> None:
    await anna.send("/start")
    await anna.press("B2 · Upper intermediate")
    await anna.press("Vienna")
    await anna.press("08:00")
    web = await register_learner(api, "merge@example.org")
    code = (await web.post("/api/v1/users/me/telegram-link")).json()["code"]
    linked = await anna.send(f"/start {code}")
    assert "Linked" in (linked.text or "")
    me = (await web.get("/api/v1/users/me")).json()
    assert (me["cefr_level"], me["time_zone"], me["onboarded"]) == ("B2", "Europe/Vienna", True)
    async with db.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1


async def test_telegram_of_another_web_account_cannot_be_taken_over(
    api: httpx.AsyncClient, polling_bot: BotApplication, anna: BotChat
) -> None:
    first = await register_learner(api, "first@example.org")
    code = (await first.post("/api/v1/users/me/telegram-link")).json()["code"]
    await anna.send(f"/start {code}")
    second = await register_learner(api, "second@example.org")
    code2 = (await second.post("/api/v1/users/me/telegram-link")).json()["code"]
    refused = await anna.send(f"/start {code2}")
    assert "already linked to another web account" in (refused.text or "")
    assert (await second.get("/api/v1/users/me")).json()["telegram_linked"] is False
    assert (await first.get("/api/v1/users/me")).json()["telegram_linked"] is True


async def test_bad_claims_are_refused(api: httpx.AsyncClient) -> None:
    bad_code = await api.post(
        "/api/v1/auth/claim",
        json={"code": "NOPE1234", "email": "x@example.org", "password": "long-enough-1"},
    )
    assert bad_code.status_code == 422
    assert "invalid or has expired" in bad_code.json()["detail"]
