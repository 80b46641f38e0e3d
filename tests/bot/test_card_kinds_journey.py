"""Typed form cards in Telegram: turned on in /settings, asked in /review as typed answers
with feedback that names the wrong part, and switched for one word on its /deck screen."""

from __future__ import annotations

from sqlalchemy import select

from bot.callbacks import pack
from bot.context import BotApplication
from bot.texts import HELP
from core.db import Database
from core.models import Card, DeckWord, User
from tests.helpers.bot import BotChat


async def _onboard(chat: BotChat) -> None:
    await chat.send("/start")
    await chat.press("A2 · Elementary")
    await chat.press("Berlin")
    await chat.press("19:00")


async def _kinds(db: Database, telegram_id: int, lemma: str) -> dict[str, Card]:
    async with db.unit_of_work() as session:
        cards = await session.scalars(
            select(Card)
            .join(DeckWord, DeckWord.id == Card.deck_word_id)
            .join(User, User.id == Card.user_id)
            .where(User.telegram_user_id == telegram_id, DeckWord.lemma == lemma)
        )
        return {card.kind: card for card in cards}


async def test_typed_plural_and_verb_forms_from_settings_to_review(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    assert "typed plural and verb-form cards" in HELP
    overview = await anna.send("/settings")
    assert "Typed form cards: <b>off</b>" in (overview.source_text or ""), overview.source_text
    picker = await anna.press("🃏 Card kinds")
    assert picker.message_id == overview.message_id
    assert "das Haus → die Häuser" in (picker.text or "")
    assert "gehen → ging, ist gegangen" in (picker.text or "")
    assert "open the word in /deck" in (picker.text or "")
    await anna.press("⬜ Plural (typed): off")
    switched = await anna.press("⬜ Verb forms (typed): off")
    labels = [label for label, _ in switched.buttons]
    assert labels == ["✅ Plural (typed): on", "✅ Verb forms (typed): on", "« Back"]
    forged = await anna.press_expecting_alert(switched.message_id, pack("set", "kind", "recall"))
    assert "out of date" in forged
    back = await anna.press("« Back")
    assert "Typed form cards: plural and verb forms" in (back.text or "")

    await anna.send("/add das Haus")
    await anna.send("/add gehen")
    card = await anna.send("/review")
    assert "1 of 7 due" in (card.text or "")  # Haus: 3 + plural; gehen: 2 + verb forms
    await anna.press("Show answer")
    await anna.press("Good")
    await anna.send("das Haus")
    plural = await anna.press("das")
    assert "📚 das Haus (house)" in (plural.text or ""), plural.text
    assert "What's the plural? Type it (with or without die)." in (plural.text or "")
    wrong = await anna.send("die Hauser")
    lines = (wrong.source_text or "").split("\n")[:4]
    assert lines == [
        "❌ Not quite — it's <b>die Häuser</b>.",
        "💡 Mind the umlaut: the plural is Häuser, not Hauser.",
        "You wrote: die H<b><u>a</u></b>user",
        "Answer: die H<b><u>ä</u></b>user",
    ], wrong.source_text
    assert "✅ I was right" in [label for label, _ in wrong.buttons]

    await anna.press("Show answer")
    await anna.press("Good")
    forms = await anna.send("gehen")
    assert "🔁 gehen (go)" in (forms.text or "")
    assert "Type the Präteritum and the Perfekt (er/sie/es form)" in (forms.text or "")
    answered = await anna.send("ging - hat gegangen")
    lines = (answered.source_text or "").split("\n")[:2]
    assert lines == [
        "❌ Not quite — it's <b>ging, ist gegangen</b>.",
        "💡 Perfekt uses sein: ist gegangen.",
    ], answered.source_text
    assert "Fertig" in (answered.text or "")
    right = await anna.press("✅ I was right")
    assert "Counted as right: ging, ist gegangen" in (right.text or "")

    # Each kind keeps its own schedule: the plural card lapsed, Haus's recall did not.
    haus = await _kinds(content, anna.user.id, "Haus")
    assert haus["plural"].reps == 1 and haus["recall"].reps == 1
    assert haus["plural"].due_at < haus["recall"].due_at


async def test_a_word_screen_switches_its_own_typed_card(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    await anna.send("/add das Haus")
    await anna.send("/add gut")
    await anna.send("/deck")
    await anna.press("📋 My words")
    word = await anna.press("2. Haus")
    assert "Plural: die Häuser" in (word.text or "")
    assert "🃏 Plural (typed): off (as in /settings)" in (word.text or ""), word.text
    choices = await anna.press("🃏 Plural (typed)…")
    assert choices.message_id == word.message_id
    assert "you type its plural (die Häuser)" in (choices.text or ""), choices.text
    assert "Your /settings turn it off for all your words." in (choices.text or "")
    assert [label for label, _ in choices.buttons] == [
        "✅ On for this word",
        "⬜ Off for this word",
        "• ⚙️ As in /settings (off)",
        "⬅️ Back to the word",
    ]
    on = await anna.press("✅ On for this word")
    assert "🃏 Plural (typed): on for this word (/settings: off)" in (on.text or ""), on.text
    assert "plural" in await _kinds(content, anna.user.id, "Haus")
    await anna.press("🃏 Plural (typed)…")
    off = await anna.press("⬜ Off for this word")
    assert "🃏 Plural (typed): off for this word (/settings: off)" in (off.text or "")
    kept = await _kinds(content, anna.user.id, "Haus")
    assert kept["plural"].suspended_reason == "off"  # kept with its schedule, out of reviews

    # Back to "as in /settings": the word follows the setting again, both ways.
    marked = await anna.press("🃏 Plural (typed)…")
    assert "• ⬜ Off for this word" in [label for label, _ in marked.buttons]
    follows = await anna.press("⚙️ As in /settings (off)")
    assert "🃏 Plural (typed): off (as in /settings)" in (follows.text or ""), follows.text
    async with content.unit_of_work() as session:
        haus = await session.scalar(select(DeckWord).where(DeckWord.lemma == "Haus"))
        assert haus is not None and haus.card_kinds_on == [] and haus.card_kinds_off == []
    await anna.send("/settings")
    await anna.press("🃏 Card kinds")
    await anna.press("⬜ Plural (typed): off")
    await anna.send("/deck")
    await anna.press("📋 My words")
    now_on = await anna.press("2. Haus")
    assert "🃏 Plural (typed): on (as in /settings)" in (now_on.text or ""), now_on.text
    assert (await _kinds(content, anna.user.id, "Haus"))["plural"].suspended_at is None

    await anna.press("⬅️ Back")
    adjective = await anna.press("1. gut")
    assert "typed" not in (adjective.text or "")  # no plural, no verb forms: no switch
    assert not any("typed" in label for label, _ in adjective.buttons)


async def test_a_verbs_word_screen_shows_its_forms(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    await anna.send("/add gehen")
    deck = await anna.send("/deck")
    assert "📚 1 word (2 cards)" in (deck.text or ""), deck.text  # one word, not "1 words"
    await anna.press("📋 My words")
    word = await anna.press("1. gehen")
    assert "Präteritum: ging\nPerfekt: ist gegangen" in (word.text or ""), word.text
    choices = await anna.press("🃏 Verb forms (typed)…")
    assert "type its Präteritum and Perfekt (ging, ist gegangen)" in (choices.text or "")
    back = await anna.press("⬅️ Back to the word")
    assert "Perfekt: ist gegangen" in (back.text or "")
