"""A recorded tutor reply reaches the learner through the one sender: a failed send is
retried on its own (the tutor is not asked again), a blocked chat is marked."""

from __future__ import annotations

from html import escape

from sqlalchemy import func, select

from bot.context import BotApplication
from core.db import Database
from core.models import ConversationTurn, User
from core.notifications import BLOCKED_REASON
from core.settings import Settings
from tests.fakes.anthropic import FakeAnthropic
from tests.helpers.bot import BotChat
from tests.helpers.worker import run_queued_jobs


async def _message_waiting(anna: BotChat, text: str) -> None:
    await anna.send("/talk")
    await anna.press_new_message("Im Café")
    mark = anna.tg.mark()
    await anna.tg.send_text(anna.user, text)
    await anna.tg.wait_for_call("sendChatAction", chat_id=anna.user.id, since=mark)


async def _tutor_replies(db: Database) -> int:
    async with db.unit_of_work() as session:
        count = await session.scalar(
            select(func.count()).where(
                ConversationTurn.role == "tutor", ConversationTurn.reply_to_id.is_not(None)
            )
        )
    return int(count or 0)


async def test_a_reply_whose_send_failed_is_sent_again_without_asking_the_tutor_again(
    polling_bot: BotApplication, anna: BotChat, content: Database, bot_settings: Settings
) -> None:
    await _message_waiting(anna, "Ich möchte einen Kaffee, bitte.")
    mark = anna.tg.mark()
    anna.tg.fail_next("sendMessage", 502, chat_id=anna.user.id)
    await run_queued_jobs(bot_settings)
    calls = anna.tg.calls_to("sendMessage", chat_id=anna.user.id, since=mark)
    assert [c.status for c in calls] == [502, 200]
    assert calls[0].text == calls[1].text and "offline tutor" in (calls[1].text or "")
    assert await _tutor_replies(content) == 1


async def test_replies_reach_the_chat_in_order_even_when_the_first_send_is_retried(
    polling_bot: BotApplication, anna: BotChat, content: Database, bot_settings: Settings
) -> None:
    await _message_waiting(anna, "Das Wetter ist schön.")
    mark = anna.tg.mark()
    await anna.tg.send_text(anna.user, "Ich möchte einen Kaffee, bitte.")
    await anna.tg.wait_for_call("sendChatAction", chat_id=anna.user.id, since=mark)
    mark = anna.tg.mark()
    anna.tg.fail_next("sendMessage", 502, chat_id=anna.user.id)
    await run_queued_jobs(bot_settings)
    async with content.unit_of_work() as session:
        replies = (
            await session.scalars(
                select(ConversationTurn.text)
                .where(ConversationTurn.reply_to_id.is_not(None))
                .order_by(ConversationTurn.position)
            )
        ).all()
    sent = anna.tg.calls_to("sendMessage", chat_id=anna.user.id, since=mark, ok=True)
    assert len(replies) == len(sent) == 2 and replies[0] != replies[1]
    assert [
        escape(text) in (call.text or "") for text, call in zip(replies, sent, strict=True)
    ] == [True, True]


async def test_a_reply_to_a_chat_that_blocked_the_bot_marks_it_blocked(
    polling_bot: BotApplication, anna: BotChat, content: Database, bot_settings: Settings
) -> None:
    await _message_waiting(anna, "Ich möchte einen Kaffee, bitte.")
    anna.tg.block(anna.user.id)
    await run_queued_jobs(bot_settings)
    assert await _tutor_replies(content) == 1  # the reply is kept (the API shows it)
    async with content.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_chat_id == anna.user.id))
        assert user is not None
        assert (user.reminders_enabled, user.reminders_disabled_reason) == (False, BLOCKED_REASON)


async def test_a_message_the_tutor_failed_on_is_kept_and_answered_after_try_again(
    polling_bot: BotApplication,
    anna: BotChat,
    content: Database,
    anthropic: FakeAnthropic,
    claude_settings: Settings,
    bot_settings: Settings,
) -> None:
    worker_settings = bot_settings.model_copy(
        update={k: getattr(claude_settings, k) for k in ("anthropic_api_key", "anthropic_base_url")}
    )
    await _message_waiting(anna, "Ich möchte einen Kaffee, bitte.")
    anthropic.fail_next(400, message="a bug on our side")
    mark = anna.tg.mark()
    await run_queued_jobs(worker_settings)
    [notice] = anna.tg.calls_to("sendMessage", chat_id=anna.user.id, since=mark, ok=True)
    failed = anna.tg.message(anna.user.id, notice.result["message_id"])
    assert "couldn't answer that message" in (failed.text or "")
    assert [label for label, _ in failed.buttons] == ["🔁 Try again"]
    assert await _tutor_replies(content) == 0

    answer = await anna.press_expecting_alert(failed.message_id, failed.buttons[0][1] or "")
    assert answer == "Trying again…"
    mark = anna.tg.mark()
    await run_queued_jobs(worker_settings)
    [reply] = anna.tg.calls_to("sendMessage", chat_id=anna.user.id, since=mark, ok=True)
    assert "offline tutor" not in (reply.text or "") and await _tutor_replies(content) == 1
