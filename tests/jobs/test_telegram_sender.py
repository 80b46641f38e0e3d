"""The one sender of every job, against the fake Telegram: each error policy once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.render.message import Rendered
from core.db import Database
from core.models import User
from core.notifications import BLOCKED_REASON
from core.settings import Settings
from jobs.context import JobContext
from jobs.queue import ArqJobSender
from jobs.telegram_sender import (
    MAX_429_WAITS,
    MAX_SEND_TRIES,
    SendRetry,
    TelegramSender,
)
from jobs.worker import telegram_bot
from tests.fakes.telegram import FakeTelegram

HELLO = Rendered("<b>Hallo!</b>")


@pytest.fixture
async def context(
    db: Database, bot_settings: Settings, job_sender: ArqJobSender
) -> AsyncIterator[JobContext]:
    bot = telegram_bot(bot_settings)
    assert bot is not None
    await bot.initialize()
    yield JobContext(redis=job_sender.pool, settings=bot_settings, db=db, telegram=bot, job_try=1)
    await bot.shutdown()


def sender(context: JobContext, job_try: int = 1) -> TelegramSender:
    bot = context.get("telegram")
    assert bot is not None
    return TelegramSender(JobContext(**{**context, "job_try": job_try}), bot)  # type: ignore[typeddict-item]


async def _learner(db: Database, chat_id: int) -> int:
    async with db.unit_of_work() as session:
        user = User(display_name="Lena", telegram_user_id=chat_id, telegram_chat_id=chat_id)
        session.add(user)
        await session.flush()
        return user.id


async def test_a_message_is_sent_with_html(context: JobContext, telegram: FakeTelegram) -> None:
    chat = telegram.user().chat_id
    result = await sender(context).send(chat, HELLO, what="greeting")
    assert result.status == "sent"
    assert telegram.last_message(chat).text == "Hallo!"


async def test_429_waits_retry_after_for_every_sender_then_sends(
    context: JobContext, telegram: FakeTelegram
) -> None:
    first, other = telegram.user().chat_id, telegram.user().chat_id
    telegram.fail_next("sendMessage", 429, retry_after=1, chat_id=first)

    async def other_sender_after_the_429() -> None:
        await telegram.wait_for_call(
            "sendMessage", chat_id=first, predicate=lambda c: c.status == 429
        )
        assert (await sender(context).send(other, HELLO, what="greeting")).status == "sent"

    results = await asyncio.gather(
        sender(context).send(first, HELLO, what="greeting"), other_sender_after_the_429()
    )
    assert results[0].status == "sent"
    [rejected, accepted] = telegram.calls_to("sendMessage", chat_id=first)
    assert (rejected.status, accepted.status) == (429, 200)
    assert accepted.at - rejected.at >= 0.9, "waited retry_after before sending again"
    # The pause is shared through Redis: a send to another chat held back as well.
    [elsewhere] = telegram.calls_to("sendMessage", chat_id=other)
    assert elsewhere.at - rejected.at >= 0.9


async def test_429_again_and_again_retries_the_job_later(
    context: JobContext, telegram: FakeTelegram
) -> None:
    chat = telegram.user().chat_id
    telegram.fail_next("sendMessage", 429, retry_after=1, times=MAX_429_WAITS + 1, chat_id=chat)
    with pytest.raises(SendRetry) as retry:
        await sender(context).send(chat, HELLO, what="greeting")
    assert retry.value.defer_score == 1000 and "retry after" in retry.value.error
    assert not telegram.calls_to("sendMessage", chat_id=chat, ok=True)


async def test_403_marks_the_chat_blocked_with_the_reason(
    context: JobContext, telegram: FakeTelegram, db: Database
) -> None:
    chat = telegram.user().chat_id
    user_id = await _learner(db, chat)
    telegram.block(chat)
    result = await sender(context).send(chat, HELLO, what="greeting")
    assert result.status == "blocked"
    async with db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.id == user_id))
        assert user is not None
        assert (user.reminders_enabled, user.reminders_disabled_reason) == (False, BLOCKED_REASON)


@pytest.mark.parametrize(
    ("status", "kind"), [(502, "network error"), (409, "anything else Telegram answers")]
)
async def test_temporary_errors_retry_the_job_with_backoff_then_fail(
    context: JobContext, telegram: FakeTelegram, status: int, kind: str
) -> None:
    chat = telegram.user().chat_id
    telegram.fail_next("sendMessage", status, times=MAX_SEND_TRIES, chat_id=chat)
    defers = []
    for job_try in range(1, MAX_SEND_TRIES):
        with pytest.raises(SendRetry) as retry:
            await sender(context, job_try).send(chat, HELLO, what="greeting")
        defers.append(retry.value.defer_score)
    assert defers == sorted(defers) and defers[0] < defers[-1], kind
    last = await sender(context, MAX_SEND_TRIES).send(chat, HELLO, what="greeting")
    assert last.status == "failed" and last.error, kind
    assert len(telegram.calls_to("sendMessage", chat_id=chat)) == MAX_SEND_TRIES


async def test_a_bad_request_is_recorded_as_failed_at_once(
    context: JobContext, telegram: FakeTelegram
) -> None:
    chat = telegram.user().chat_id
    telegram.fail_next("sendMessage", 400, description="Bad Request: chat not found")
    result = await sender(context).send(chat, HELLO, what="greeting")
    assert result.status == "failed" and result.error and "Chat not found" in result.error


async def test_edit_changes_the_message_in_place(
    context: JobContext, telegram: FakeTelegram
) -> None:
    chat = telegram.user().chat_id
    await sender(context).send(chat, HELLO, what="greeting")
    message_id = telegram.last_message(chat).message_id
    result = await sender(context).edit(chat, message_id, Rendered("Tschüss!"), what="drill")
    assert result.status == "sent"
    assert telegram.message(chat, message_id).text == "Tschüss!"
    assert len([m for m in telegram.chat(chat) if m.from_bot]) == 1
    again = await sender(context).edit(chat, message_id, Rendered("Tschüss!"), what="drill")
    assert again.status == "sent", "a rerun job's identical edit is no failure"
    assert len([m for m in telegram.chat(chat) if m.from_bot]) == 1


async def test_a_message_that_cannot_be_edited_is_sent_anew(
    context: JobContext, telegram: FakeTelegram
) -> None:
    chat = telegram.user().chat_id
    result = await sender(context).edit(chat, 987654, Rendered("Richtig!"), what="drill")
    assert result.status == "sent"
    assert telegram.last_message(chat).text == "Richtig!"
