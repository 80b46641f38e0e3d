"""Starter packs by topic in the bot: /deck → Packs by topic → a topic adds its words into
a list of its own; a pack already in the deck is ticked; other levels are a tap away."""

from __future__ import annotations

from sqlalchemy import select

from bot import texts
from bot.context import BotApplication
from core.db import Database
from core.models import User, WordList
from tests.helpers.bot import BotChat


async def test_a_topic_pack_is_added_from_the_deck_screen(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    deck = await anna.send("/deck")
    assert "🧺 Packs by topic" in [label for label, _ in deck.buttons], deck.buttons
    screen = await anna.press_new_message("🧺 Packs by topic")
    assert "Starter packs by topic · A1" in (screen.text or ""), screen.text
    labels = [label for label, _ in screen.buttons]
    food = next(label for label in labels if label.startswith("food · "))
    assert not food.endswith("✓")
    assert "→ A2" in labels and "→ B2" in labels and "→ A1" not in labels
    assert not any(label.startswith(("basics", "grammar-words")) for label in labels)

    added = await anna.press_new_message(food)
    count = int(food.removeprefix("food · "))
    assert f"{count} words</b>" in (added.source_text or ""), added.source_text
    assert "“Starter A1 · food”" in (added.text or ""), added.text

    again = await anna.press_new_message(food)
    assert "already in your deck" in (again.text or ""), again.text
    reopened = await anna.press_new_message("🧺 Packs by topic")
    assert f"food · {count} ✓" in [label for label, _ in reopened.buttons]

    b1 = await anna.press("→ B1")
    assert b1.message_id == reopened.message_id, "switching level edits the screen in place"
    assert "Starter packs by topic · B1" in (b1.text or ""), b1.text
    assert "→ A1" in [label for label, _ in b1.buttons]

    async with content.sessionmaker() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == anna.user.id))
        assert user is not None
        names = set(await session.scalars(select(WordList.name).where(WordList.user_id == user.id)))
    assert names == {"Starter A1 · food"}


async def test_a_forged_topic_gets_a_clear_answer_and_adds_nothing(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    deck = await anna.send("/deck")
    answer = await anna.press_expecting_alert(deck.message_id, "v1:sp:add:Z9.food")
    assert answer == texts.STALE_BUTTON
    mark = anna.tg.mark()
    await anna.tg.press_button(anna.user, deck.message_id, "v1:sp:add:A1.astronomy", strict=False)
    said = await anna.tg.wait_for_call("answerCallbackQuery", ok=True, since=mark)
    assert "no starter pack for A1 · astronomy" in str(said.params.get("text")), said.params
    async with content.sessionmaker() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == anna.user.id))
        assert user is not None
        assert (
            list(await session.scalars(select(WordList.name).where(WordList.user_id == user.id)))
            == []
        )
