"""One router for typed text: the most recently started activity that waits for text gets
it; when that one ends, the one started before it gets text again."""

from __future__ import annotations

from bot.context import BotApplication
from core.db import Database
from tests.helpers.bot import BotChat


async def _recall_card_waiting(chat: BotChat) -> None:
    """A review run whose shown card takes a typed answer (the second card of `das Haus`)."""
    assert "Added" in ((await chat.send("/add das Haus")).text or "")
    await chat.send("/review")
    await chat.press("Show answer")
    recall = await chat.press("Good")
    assert "Type it in German" in (recall.text or ""), recall.text


async def _start_free_talk(chat: BotChat) -> None:
    await chat.send("/talk")
    opening = await chat.press_new_message("Free talk")
    assert opening.text


async def test_a_conversation_started_after_a_review_gets_the_text(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _recall_card_waiting(anna)
    await _start_free_talk(anna)
    mark = anna.tg.mark()
    await anna.tg.send_text(anna.user, "Ich trinke gern Kaffee.")
    await anna.tg.wait_for_call("sendChatAction", chat_id=anna.user.id, since=mark)
    # The sentence was not scored as a review answer: the card still waits for its answer.
    assert not anna.tg.calls_to("sendMessage", chat_id=anna.user.id, since=mark)
    # When the conversation ends, typed text is the review's answer again.
    assert "Conversation summary" in ((await anna.send("/end")).text or "")
    answered = await anna.send("das Haus")
    assert "das Haus" in (answered.text or "") and "of" in (answered.text or ""), answered.text


async def test_a_review_started_during_a_conversation_gets_the_text_until_it_ends(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _start_free_talk(anna)
    await _recall_card_waiting(anna)
    answered = await anna.send("das Haus")
    assert "das Haus" in (answered.text or ""), answered.text
    # The next card is answered with buttons: text goes on to the conversation.
    mark = anna.tg.mark()
    await anna.tg.send_text(anna.user, "Ich trinke gern Kaffee.")
    await anna.tg.wait_for_call("sendChatAction", chat_id=anna.user.id, since=mark)
    assert not anna.tg.calls_to("sendMessage", chat_id=anna.user.id, since=mark)


async def test_text_with_nothing_waiting_gets_help(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    hint = await anna.send("Hallo")
    assert "/talk" in (hint.text or "") and "/review" in (hint.text or "")
