"""A freeze spent by the cron is told to the learner in Telegram, through the one sender,
once however often the notice job runs."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import update

from core.db import Database
from core.models import User
from core.outbox import JobRequest
from core.settings import Settings
from jobs.queue import ArqJobSender
from tests.fakes.telegram import FakeTelegram
from tests.helpers.bot import BotChat
from tests.helpers.worker import run_queued_jobs
from tests.progress.helpers import earn, local, make_learner, outcomes, run_cron


async def test_a_missed_day_after_a_week_is_frozen_and_told_once(
    content: Database,
    bot_settings: Settings,
    telegram: FakeTelegram,
    anna: BotChat,
    job_sender: ArqJobSender,
) -> None:
    zone = "Asia/Tokyo"
    user_id = await make_learner(content, zone, with_due_card=True)
    async with content.unit_of_work() as session:
        await session.execute(
            update(User).where(User.id == user_id).values(telegram_chat_id=anna.user.id)
        )
    first = date(2026, 11, 9)
    await run_cron(content, local(zone, first, time(0, 10)))
    for offset in range(7):
        await earn(content, user_id, local(zone, first + timedelta(days=offset), time(20)), 20)
        await run_cron(content, local(zone, first + timedelta(days=offset + 1), time(0, 5)))
    missed = first + timedelta(days=7)
    mark = telegram.mark()
    report = await run_cron(content, local(zone, missed + timedelta(days=1), time(0, 5)))
    assert report.outcomes["frozen"] == 1
    assert (await outcomes(content, user_id))[missed] == "frozen"
    await run_queued_jobs(bot_settings)
    # arq runs the job again (a worker died before acknowledging it): nothing is sent twice.
    again = JobRequest(
        "send_freeze_notice", {"user_id": user_id, "local_on": missed.isoformat()}, "again"
    )
    await job_sender.send([again])
    await run_queued_jobs(bot_settings)
    sent = telegram.calls_to("sendMessage", chat_id=anna.user.id, since=mark)
    # The week of met goals also unlocks achievements, told in their own message.
    freeze_notices = [c.params["text"] for c in sent if c.params["text"].startswith("❄️")]
    assert freeze_notices == [
        "❄️ A freeze saved your 7-day streak. Meet today's goal to keep it going!"
    ]
