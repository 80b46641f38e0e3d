"""Review feedback that teaches: the reason a typed answer is not quite right, and what was
typed against the answer with the differing letters marked."""

from __future__ import annotations

from bot.context import BotApplication
from core.db import Database
from tests.helpers.bot import BotChat


async def _onboard(chat: BotChat) -> None:
    await chat.send("/start")
    await chat.press("A2 · Elementary")
    await chat.press("Berlin")
    await chat.press("19:00")


async def _to_recall(chat: BotChat, word: str) -> None:
    await chat.send(f"/add {word}")
    await chat.send("/review")
    await chat.press("Show answer")
    recall = await chat.press("Good")
    assert "Type it in German" in (recall.text or ""), recall.text


async def test_a_misspelt_word_is_told_to_check_its_spelling_with_the_letter_marked(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    await _to_recall(anna, "die Straße")
    answered = await anna.send("die Strase")
    assert answered.source_text is not None
    first_lines = answered.source_text.split("\n")[:4]
    assert first_lines == [
        "❌ Not quite — it's <b>die Straße</b>.",
        "💡 Check the spelling: Straße, not Strase.",
        "You wrote: die Stra<b><u>s</u></b>e",
        "Answer: die Stra<b><u>ß</u></b>e",
    ], answered.source_text


async def test_a_missing_article_gets_its_reason(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    await _to_recall(anna, "die Katze")
    answered = await anna.send("Katze")
    lines = (answered.source_text or "").split("\n")[:4]
    assert lines == [
        "❌ Not quite — it's <b>die Katze</b>.",
        "💡 Don't forget the article: die Katze",
        "You wrote: Katze",
        "Answer: <b><u>die </u></b>Katze",
    ], answered.source_text


async def test_an_umlaut_slip_names_the_other_word_and_is_not_almost_twice(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    await _to_recall(anna, "schön")
    answered = await anna.send("schon")
    text = answered.text or ""
    assert text.count("Almost") == 1, text
    assert text.startswith("✍️ Almost — it's schön.\n💡 Mind the umlaut: schön (schon means"), text
