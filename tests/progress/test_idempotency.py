"""The same event delivered twice pays once: a job arq runs again, a webhook update Telegram
sends again."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import func, select

from core.db import Database
from core.models import User, XpEntry
from core.outbox import JobRequest
from core.progress.xp import XP_AMOUNTS, XpReason
from core.settings import Settings
from jobs.queue import ArqJobSender
from tests.fakes.telegram import FakeTelegram
from tests.helpers.bot import BotChat
from tests.helpers.learners import register_learner
from tests.helpers.worker import run_queued_jobs


async def _xp(db: Database, user_id: int) -> tuple[int, int]:
    async with db.unit_of_work() as session:
        rows = await session.execute(
            select(func.count(), func.coalesce(func.sum(XpEntry.amount), 0)).where(
                XpEntry.user_id == user_id
            )
        )
        count, total = rows.one()
        return int(count), int(total)


async def test_a_reply_job_run_again_pays_the_message_once(
    api: httpx.AsyncClient, settings: Settings, content: Database, job_sender: ArqJobSender
) -> None:
    anna = await register_learner(api)
    started = (
        await anna.post(
            "/api/v1/conversations", json={"scenario_slug": "cafe-ordering", "offline": True}
        )
    ).json()
    posted = await anna.post(
        f"/api/v1/conversations/{started['id']}/messages", json={"text": "Einen Kaffee, bitte."}
    )
    assert posted.status_code == 202, posted.text
    await run_queued_jobs(settings)
    assert await _xp(content, anna.id) == (1, XP_AMOUNTS[XpReason.CONVERSATION_MESSAGE])
    # arq runs the job once more (a worker died before acknowledging it).
    again = JobRequest("reply_to_conversation", {"conversation_id": started["id"]}, "again")
    await job_sender.send([again])
    await run_queued_jobs(settings)
    assert await _xp(content, anna.id) == (1, XP_AMOUNTS[XpReason.CONVERSATION_MESSAGE])


async def test_a_webhook_update_delivered_twice_pays_once(
    webhook_api: str, telegram: FakeTelegram, anna: BotChat, content: Database
) -> None:
    await anna.send("/start")
    await anna.send("/add die Katze")
    await anna.send("/review")
    await anna.press("Show answer")
    await anna.press("Good")
    rated = telegram.deliveries[-1].update_id
    async with content.unit_of_work() as session:
        user_id = await session.scalar(select(User.id).where(User.telegram_user_id == anna.user.id))
    assert user_id is not None
    assert await _xp(content, user_id) == (1, XP_AMOUNTS[XpReason.REVIEW])
    assert (await telegram.deliver_again(rated)).ok
    await asyncio.sleep(0.3)  # room for a wrongly processed duplicate to show up
    assert await _xp(content, user_id) == (1, XP_AMOUNTS[XpReason.REVIEW])
