"""🔎 Search my words in /deck: the next message filters My words (German or English, part of
a word), the result pages, opens a word and comes back to the search; a search is the
learner's own."""

from __future__ import annotations

from bot.callbacks import pack
from bot.context import BotApplication
from core.db import Database
from tests.fakes.telegram import FakeTelegram
from tests.helpers.bot import BotChat


async def _add(chat: BotChat, *words: str) -> None:
    for word in words:
        added = await chat.send(f"/add {word}")
        assert "Added" in (added.text or ""), added.text


async def test_the_next_message_after_search_filters_my_words(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _add(anna, "das Haus", "das Rathaus", "der Hund", "die Katze", "gehen")
    await anna.send("/deck")
    asked = await anna.press("🔎 Search my words")
    assert "Send a word to look for in your deck" in (asked.text or ""), asked.text

    found = await anna.send("haus")
    text = found.text or ""
    assert text.startswith("My words (2) — 🔎 “haus”"), text
    assert "das Haus" in text and "das Rathaus" in text and "Hund" not in text
    labels = [label for label, _ in found.buttons]
    assert "✖️ Clear search" in labels and "🔎 Search my words" in labels

    word = await anna.press("Rathaus")
    assert "das Rathaus" in (word.text or ""), word.text
    back = await anna.press("⬅️ Back")
    assert (back.text or "").startswith("My words (2) — 🔎 “haus”"), back.text

    await anna.press("🔎 Search my words")
    by_meaning = await anna.send("dog")
    assert (by_meaning.text or "").startswith("My words (1) — 🔎 “dog”"), by_meaning.text
    assert "der Hund — dog" in (by_meaning.text or "")
    cleared = await anna.press("✖️ Clear search")
    assert (cleared.text or "").startswith("My words (5)"), cleared.text
    assert "✖️ Clear search" not in [label for label, _ in cleared.buttons]

    await anna.press("🔎 Search my words")
    nothing = await anna.send("Fahrrad")
    assert "No words match this filter." in (nothing.text or ""), nothing.text
    after = await anna.send("Hallo")  # the search took one message; the next is chat again
    assert "My words" not in (after.text or ""), after.text


async def test_a_search_is_the_learners_own(
    polling_bot: BotApplication, telegram: FakeTelegram, anna: BotChat, content: Database
) -> None:
    ben = BotChat(telegram, telegram.user(first_name="Ben"))
    await _add(anna, "das Haus")
    await _add(ben, "der Hund", "die Katze")
    await anna.send("/deck")
    await anna.press("🔎 Search my words")
    found = await anna.send("haus")
    search_token = next(data for label, data in found.buttons if label == "✖️ Clear search")
    assert search_token is not None
    anna_search = next(
        (data or "").rsplit(".", 1)[1] for label, data in found.buttons if "Haus" in label
    )
    assert anna_search.startswith("s")

    deck = await ben.send("/deck")
    forged = pack("dk", "pg", f"1.-.-.-.{anna_search}")
    await telegram.press_button(ben.user, deck.message_id, forged, strict=False)
    edited = await telegram.wait_for_call("editMessageText", chat_id=ben.user.id, ok=True)
    page = telegram.message(ben.user.id, int((edited.result or {})["message_id"]))
    assert (page.text or "").startswith("My words (2)"), page.text
    assert "🔎" not in (page.text or "").splitlines()[0] and "haus" not in (page.text or "")
