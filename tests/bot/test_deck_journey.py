"""The deck in the bot: /add, /meaning, /deck and its CSV and Anki exports."""

from __future__ import annotations

import csv
import io
import zipfile

from sqlalchemy import select

from bot import texts
from bot.callbacks import pack
from bot.context import BotApplication
from core.db import Database
from core.models import DeckWord, User
from tests.fakes.telegram import FakeFile
from tests.helpers.bot import BotChat


async def _press_for_document(chat: BotChat, label: str) -> tuple[str, FakeFile]:
    """Tap an export button; (the button's answer, the document the bot sent)."""
    mark = chat.tg.mark()
    await chat.tg.press_button_text(chat.user, label)
    answer = await chat.tg.wait_for_call("answerCallbackQuery", ok=True, since=mark)
    sent = await chat.tg.wait_for_call("sendDocument", chat_id=chat.user.id, ok=True, since=mark)
    message = chat.tg.message(chat.user.id, int((sent.result or {})["message_id"]))
    assert message.caption == "Your deck, ready to import."
    assert message.document is not None
    return str(answer.params.get("text", "")), message.document


async def test_add_words_and_name_a_meaning(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    assert "Send the word after the command" in ((await anna.send("/add")).text or "")
    house = await anna.send("/add das Haus")
    assert "Added das Haus — plural die Häuser; house" in (house.text or ""), house.text
    assert "3 cards: you'll see it in /review." in (house.text or "")
    again = await anna.send("/add das Haus")
    assert again.text == "das Haus is already in your deck."
    too_long = await anna.send("/add " + "lang " * 20)
    assert "up to 80 characters" in (too_long.text or ""), too_long.text

    own = await anna.send("/add Fernweh")
    assert "Added das Fernweh" in (own.text or ""), own.text
    assert "tell me what it means: /meaning Fernweh = …" in (own.text or "")
    usage = await anna.send("/meaning Fernweh")
    assert usage.text == "Send it like this: /meaning Fernweh = wanderlust"
    saved = await anna.send("/meaning Fernweh = wanderlust, longing for travel")
    assert saved.text == "📝 Fernweh — wanderlust, longing for travel. Saved."
    catalogue = await anna.send("/meaning Haus = house")
    assert "comes from the catalogue" in (catalogue.text or ""), catalogue.text
    missing = await anna.send("/meaning Quatsch = nonsense")
    assert "“Quatsch” is not in your deck" in (missing.text or ""), missing.text

    async with content.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == anna.user.id))
        assert user is not None
        words = {
            w.lemma: w
            for w in await session.scalars(select(DeckWord).where(DeckWord.user_id == user.id))
        }
    assert sorted(words) == ["Fernweh", "Haus"]
    assert words["Fernweh"].translations == ["wanderlust", "longing for travel"]
    assert words["Fernweh"].enrichment == "done"


async def test_deck_overview_and_exports(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    empty = await anna.send("/deck")
    assert "0 words (0 cards)" in (empty.text or "") and "/add die Katze" in (empty.text or "")
    await anna.send("/add die Katze")
    await anna.send("/add gehen")
    deck = await anna.send("/deck")
    assert "2 words (5 cards)" in (deck.text or ""), deck.text
    assert [label for label, _ in deck.buttons] == [
        "▶️ Review now",
        "📋 My words",
        "🗂 My lists",
        "🔎 Search my words",
        "📦 Starter words for my level",
        "🧺 Packs by topic",
        "📄 Export CSV",
        "🗂 Export Anki",
    ]

    answer, document = await _press_for_document(anna, "Export CSV")
    assert answer == "Preparing your export…"
    assert document.file_name == "german-tutor-deck.csv"
    rows = list(csv.reader(io.StringIO(document.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["german", "article"]
    assert [row[:2] for row in rows[1:]] == [["Katze", "die"], ["gehen", ""]]

    _, package = await _press_for_document(anna, "Export Anki")
    assert package.file_name == "german-tutor.apkg"
    with zipfile.ZipFile(io.BytesIO(package.content)) as archive:
        assert "collection.anki2" in archive.namelist()

    stale = await anna.press_expecting_alert(deck.message_id, pack("dk", "pdf"))
    assert stale == texts.STALE_BUTTON
