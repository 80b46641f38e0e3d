"""A conversation in Telegram: scene buttons, replies from the worker with corrections and
➕ word buttons, messages answered in order, /end with the summary."""

from __future__ import annotations

from bot.context import BotApplication
from core.db import Database
from core.settings import Settings
from tests.fakes.anthropic import FakeAnthropic
from tests.helpers.bot import BotChat
from tests.helpers.worker import run_queued_jobs


async def test_talk_in_telegram_with_claude(
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
    menu = await anna.send("/talk")
    assert "Pick a scene" in (menu.text or "")
    opening = await anna.press_new_message("Im Café")
    assert "Offline tutor" in (opening.text or "")  # the bot itself has no key in this test
    # Two quick messages while no worker runs: both stored, answered in order.
    before = anna.tg.mark()
    await anna.tg.send_text(anna.user, "Gestern habe gegangen ins Café.")
    await anna.tg.send_text(anna.user, "Ich möchte einen Kaffee.")
    # Updates are handled concurrently: wait until the bot has stored both messages.
    stored = await anna.tg.wait_for_call("sendChatAction", chat_id=anna.user.id, since=before)
    await anna.tg.wait_for_call("sendChatAction", chat_id=anna.user.id, since=stored.index + 1)
    mark = anna.tg.mark()
    await run_queued_jobs(worker_settings)
    replies = [
        c for c in anna.tg.calls_to("sendMessage", chat_id=anna.user.id, since=mark, ok=True)
    ]
    assert len(replies) == 2
    first, second = (anna.tg.message(anna.user.id, c.result["message_id"]) for c in replies)
    assert "<s>habe gegangen</s> → <b>bin gegangen</b>" in (replies[0].text or "")
    assert "Corrections" not in (second.text or "")
    assert [label for label, _ in first.buttons] == ["➕ der Nachtisch"]
    assert len(anthropic.message_requests) == 2
    assert "Gestern habe gegangen" in anthropic.message_requests[0].last_user_text
    assert "Kaffee" in anthropic.message_requests[1].last_user_text

    alert = await anna.press_expecting_alert(first.message_id, first.buttons[0][1] or "")
    assert "Nachtisch is in your deck" in alert

    summary = await anna.send("/end")
    assert "Conversation summary" in (summary.text or "")
    assert "tenses: 1" in (summary.text or "") and "XP" in (summary.text or "")


async def test_plain_text_without_a_conversation_gets_a_hint(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    hint = await anna.send("Hallo, wie geht's?")
    assert "/talk" in (hint.text or "")
    nothing = await anna.send("/end")
    assert "no conversation" in (nothing.text or "")
