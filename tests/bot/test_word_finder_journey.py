"""A pasted German text gets its new words offered with ➕ buttons; /words offers next words.
Answers a drill or conversation waits for are never taken for a text."""

from __future__ import annotations

from sqlalchemy import select

from bot.context import BotApplication
from core.db import Database
from core.models import DeckWord, User
from tests.fakes.telegram import origin_channel, origin_hidden_user, origin_user
from tests.helpers.bot import BotChat

PARAGRAPH = (
    "Gestern ging ich mit meinem Hund zum Bahnhof, und die Katze schlief auf dem Sofa. "
    "Die Häuser waren alt."
)


async def lemmas(db: Database, chat: BotChat) -> set[str]:
    async with db.sessionmaker() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == chat.user.id))
        assert user is not None
        return set(await session.scalars(select(DeckWord.lemma).where(DeckWord.user_id == user.id)))


async def test_a_pasted_paragraph_offers_its_new_words_to_add(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await anna.send("/add die Katze")
    offer = await anna.send(PARAGRAPH)
    text = offer.text or ""
    assert "New words in your text" in text, text
    assert "der Hund — dog" in text
    assert "gehen (ging)" in text
    assert "Katze" not in text  # in the deck already
    labels = [label for label, _ in offer.buttons]
    assert "➕ der Hund" in labels and "➕ das Haus" in labels
    assert not any(label.endswith((" und", " ich", " zum")) for label in labels)

    after = await anna.press("➕ der Hund")
    assert "✅ der Hund added — you'll see it in /review." in (after.text or ""), after.text
    assert "➕ der Hund" not in [label for label, _ in after.buttons]
    assert "➕ das Haus" in [label for label, _ in after.buttons]
    assert await lemmas(content, anna) == {"Katze", "Hund"}

    again = await anna.send(PARAGRAPH)
    assert "➕ der Hund" not in [label for label, _ in again.buttons]
    short = await anna.send("ok danke")
    assert "I'm here to practise!" in (short.text or ""), short.text


async def test_words_offers_next_words_for_the_level(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    offer = await anna.send("/words")
    assert "Your next words" in (offer.text or ""), offer.text
    assert len(offer.buttons) == 10
    first_label = offer.buttons[0][0]
    after = await anna.press(first_label)
    headword = first_label.removeprefix("➕ ")
    assert f"✅ {headword} added" in (after.text or ""), after.text
    assert len(after.buttons) == 9
    assert "/words" in ((await anna.send("/help")).text or "")


async def test_a_long_answer_in_a_conversation_is_not_taken_for_a_text(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await anna.send("/talk")
    assert (await anna.press_new_message("Free talk")).text
    mark = anna.tg.mark()
    await anna.tg.send_text(anna.user, PARAGRAPH)
    await anna.tg.wait_for_call("sendChatAction", chat_id=anna.user.id, since=mark)
    sent = anna.tg.calls_to("sendMessage", chat_id=anna.user.id, since=mark)
    assert not any("New words in your text" in str(c.params.get("text", "")) for c in sent)


async def test_a_forwarded_text_offers_its_words_like_a_pasted_one(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await anna.send("/add die Katze")
    short = "Mein Hund schläft."  # fewer words than a paste needs: forwarding says it's a text
    typed = await anna.send(short)
    assert "New words in your text" not in (typed.text or ""), typed.text

    for origin in (
        origin_user("Jonas"),
        origin_hidden_user("Oma Inge"),
        origin_channel("Deutsche Welle"),
    ):
        mark = anna.tg.mark()
        await anna.tg.forward_text(anna.user, short, origin=origin)
        sent = await anna.tg.wait_for_call("sendMessage", chat_id=anna.user.id, since=mark)
        offer = anna.tg.message(anna.user.id, int((sent.result or {})["message_id"]))
        assert "New words in your text" in (offer.text or ""), (origin["type"], offer.text)
        assert "der Hund — dog" in (offer.text or "")
        assert "➕ der Hund" in [label for label, _ in offer.buttons]

    mark = anna.tg.mark()
    await anna.tg.forward_text(anna.user, PARAGRAPH)  # from a user, by default
    sent = await anna.tg.wait_for_call("sendMessage", chat_id=anna.user.id, since=mark)
    offer = anna.tg.message(anna.user.id, int((sent.result or {})["message_id"]))
    assert "Katze" not in (offer.text or "") and "➕ das Haus" in [b for b, _ in offer.buttons]
    after = await anna.press("➕ das Haus")
    assert "✅ das Haus added" in (after.text or ""), after.text
    assert await lemmas(content, anna) == {"Katze", "Haus"}
