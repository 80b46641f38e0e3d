"""Managing the deck from Telegram: pages of words with filters, a word's screen (edit,
pause, delete with Undo, move to a list), lists (create, rename, delete, study one)."""

from __future__ import annotations

from sqlalchemy import func, select

from bot import texts
from bot.callbacks import pack
from bot.context import BotApplication
from core.db import Database
from core.models import Card, DeckWord, ReviewLog, User
from tests.fakes.telegram import FakeTelegram
from tests.helpers.bot import BotChat


async def _add(chat: BotChat, *words: str) -> None:
    for word in words:
        added = await chat.send(f"/add {word}")
        assert "Added" in (added.text or ""), added.text


async def test_pages_filters_and_a_word_screen(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    nouns = ["der Hund", "die Katze", "das Haus", "der Tisch", "die Tür", "das Buch"]
    await _add(anna, *nouns, "gehen", "machen", "schön")
    await anna.send("/deck")
    first = await anna.press("📋 My words")
    text = first.text or ""
    assert text.startswith("My words (9)"), text
    assert "1. schön" in text and "🆕 new · due now" in text, text
    assert "Page 1 of 2" in text
    assert ("Next ▶️" in [label for label, _ in first.buttons]) and "◀️ Previous" not in text
    second = await anna.press("Next ▶️")
    assert "9. der Hund — dog" in (second.text or ""), second.text
    assert "Page 2 of 2" in (second.text or "")

    await anna.press("Level ▾")
    c2 = await anna.press("C2")
    assert (c2.text or "").splitlines()[:3] == [
        "My words (0) — C2",
        "",
        "No words match this filter.",
    ]
    await anna.press("Level ▾")
    a1 = await anna.press("A1")
    assert "A1" in (a1.text or "").splitlines()[0]

    await anna.press("Level ▾")
    await anna.press("Any level")
    await anna.press("State ▾")
    paused = await anna.press("⏸ paused")
    assert "No words match this filter." in (paused.text or ""), paused.text

    await anna.press("State ▾")
    await anna.press("Any state")
    await anna.press("Next ▶️")
    word = await anna.press("9. Hund")
    lines = (word.text or "").splitlines()
    assert lines[0] == "der Hund (A1)", word.text
    assert "Plural: die Hunde" in lines and "Meaning: dog" in lines
    assert "State: 🆕 new · due now" in lines and "Lists: none" in lines

    pausing = await anna.press("⏸ Pause")
    assert "State: ⏸ paused" in (pausing.text or ""), pausing.text
    await anna.press("⬅️ Back")
    await anna.press("State ▾")
    only_paused = await anna.press("⏸ paused")
    assert (only_paused.text or "").startswith("My words (1) — ⏸ paused"), only_paused.text
    await anna.press("1. Hund")
    unpaused = await anna.press("▶️ Unpause")
    assert "State: 🆕 new · due now" in (unpaused.text or ""), unpaused.text

    stale = await anna.press_expecting_alert(word.message_id, pack("dk", "w", "x.1.-.-.-"))
    assert stale == texts.STALE_BUTTON


async def test_edit_a_translation_and_an_example(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _add(anna, "der Hund")
    await anna.send("/deck")
    await anna.press("📋 My words")
    await anna.press("1. Hund")
    asked = await anna.press("✏️ Translation")
    assert "Send the new translation of Hund" in (asked.text or ""), asked.text
    assert "Now: dog" in (asked.text or "")
    saved = await anna.send("hound, dog")
    assert (saved.text or "").startswith("✏️ Translation saved."), saved.text
    assert "Meaning: hound, dog" in (saved.text or "")
    prompt = anna.tg.message(anna.user.id, asked.message_id)
    assert not prompt.buttons, "the prompt's Cancel button is gone once the value arrived"

    await anna.press("✏️ Example")
    example = await anna.send("Der Hund bellt laut.")
    assert "Example: Der Hund bellt laut." in (example.text or ""), example.text

    # With the edit over, a text goes back to "nothing waiting"; Cancel changes nothing.
    assert ((await anna.send("noch etwas")).text or "").startswith("I'm here to practise!")
    await anna.press("✏️ Translation")
    cancelled = await anna.press("✖️ Cancel")
    assert cancelled.text == "Cancelled: nothing was changed."
    assert ((await anna.send("cat")).text or "").startswith("I'm here to practise!")

    # The review card shows the learner's own translation now.
    review = await anna.send("/review")
    assert "hound, dog" in (review.text or "") or "Hund" in (review.text or ""), review.text


async def test_delete_and_undo_keeps_the_scheduling(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _add(anna, "der Hund")
    await anna.send("/review")
    await anna.press("Show answer")
    await anna.press("Good")
    async with content.unit_of_work() as session:
        before = (await session.execute(select(Card.id, Card.due_at, Card.reps))).all()
        logs_before = await session.scalar(select(func.count()).select_from(ReviewLog))
    await anna.send("/deck")
    await anna.press("📋 My words")
    await anna.press("1. Hund")
    gone = await anna.press("🗑 Delete")
    assert gone.text == "🗑 Hund is deleted, with its cards.", gone.text
    undo_data = gone.buttons[0][1] or ""
    async with content.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(DeckWord)) == 0
    back = await anna.press("↩️ Undo")
    assert (back.text or "").startswith("↩️ Restored, with its cards."), back.text
    assert "der Hund" in (back.text or "")
    async with content.unit_of_work() as session:
        after = (await session.execute(select(Card.id, Card.due_at, Card.reps))).all()
        logs_after = await session.scalar(select(func.count()).select_from(ReviewLog))
    assert sorted(after) == sorted(before) and logs_after == logs_before >= 1
    again = await anna.press_expecting_alert(gone.message_id, undo_data)
    assert "No deleted word to restore" in again


async def test_lists_move_rename_study_and_delete(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _add(anna, "der Hund", "die Katze")
    await anna.send("/deck")
    empty = await anna.press("🗂 My lists")
    assert "No lists yet." in (empty.text or "")
    asked = await anna.press("➕ New list")
    assert asked.text == "Send the name of your new list."
    too_long = await anna.send("x" * 90)
    assert "up to 80 characters" in (too_long.text or ""), too_long.text
    created = await anna.send("Tiere")
    assert (created.text or "").startswith("🗂 List “Tiere” created."), created.text
    assert "• Tiere (0)" in (created.text or "")

    await anna.press("⬅️ My words")
    await anna.press("Katze")
    choices = await anna.press("🗂 Move to list")
    assert choices.text == "Move die Katze to which list?"
    moved = await anna.press("Tiere")
    assert "Lists: Tiere" in (moved.text or ""), moved.text

    await anna.press("⬅️ Back")
    await anna.press("List ▾")
    filtered = await anna.press("Tiere (1)")
    assert (filtered.text or "").startswith("My words (1) — list “Tiere”"), filtered.text
    assert "Katze" in (filtered.text or "") and "Hund" not in (filtered.text or "")

    await anna.press("🗂 My lists")
    one = await anna.press("Tiere (1)")
    assert one.text == "Tiere\n1 word"
    run = await anna.press_new_message("▶️ Study this list")
    assert (run.text or "").startswith("🗂 List “Tiere”"), run.text
    assert "Katze" in (run.text or "") and "Hund" not in (run.text or ""), run.text

    await anna.press("⬅️ My lists")
    await anna.press("Tiere (1)")
    await anna.press("✏️ Rename")
    renamed = await anna.send("Haustiere")
    assert (renamed.text or "").startswith("🗂 Renamed to “Haustiere”."), renamed.text
    await anna.press("Haustiere (1)")
    confirm = await anna.press("🗑 Delete")
    assert "Its words stay in your deck." in (confirm.text or "")
    left = await anna.press("🗑 Yes, delete the list")
    assert "No lists yet." in (left.text or ""), left.text
    async with content.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(DeckWord)) == 2


async def test_another_learner_cannot_open_or_change_my_words(
    polling_bot: BotApplication, anna: BotChat, telegram: FakeTelegram, content: Database
) -> None:
    await _add(anna, "der Hund")
    async with content.unit_of_work() as session:
        word_id = await session.scalar(select(DeckWord.id))
        owner = await session.scalar(select(User.id).where(User.telegram_user_id == anna.user.id))
    assert word_id is not None and owner is not None
    ben = BotChat(telegram, telegram.user(first_name="Ben"))
    overview = await ben.send("/deck")
    for action in ("w", "pa", "dl", "et", "mv"):
        forged = pack("dk", action, f"{word_id}.1.-.-.-")
        answer = await ben.press_expecting_alert(overview.message_id, forged)
        assert answer == "No such word in your deck.", (action, answer)
    async with content.unit_of_work() as session:
        word = await session.get(DeckWord, word_id)
        assert word is not None and word.user_id == owner and word.suspended_at is None


async def test_find_ranks_the_best_match_first_and_adds_with_a_tap(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    usage = await anna.send("/find")
    assert (usage.text or "").startswith("Send what to look for"), usage.text
    go = await anna.send("/find go")
    lines = (go.text or "").splitlines()
    assert lines[1].startswith("1. gehen (A1) — go"), go.text
    assert lines[2].startswith("2. fahren") and "haben" not in lines[1], go.text
    assert go.buttons[0][0] == "➕ gehen"
    for query, first in (("strasse", "die Straße"), ("schoen", "schön"), ("Hund", "der Hund")):
        found = await anna.send(f"/find {query}")
        assert (found.text or "").splitlines()[1].startswith(f"1. {first} "), (query, found.text)
    mark = anna.tg.mark()
    await anna.tg.press_button_text(anna.user, "➕ der Hund")
    toast = await anna.tg.wait_for_call("answerCallbackQuery", ok=True, since=mark)
    assert toast.params.get("text") == "➕ Added der Hund.", toast.params
    await anna.tg.wait_for_call("editMessageReplyMarkup", chat_id=anna.user.id, ok=True)
    hound = anna.last
    assert "✅ Hund is in your deck" in [label for label, _ in hound.buttons], hound.buttons
    async with content.unit_of_work() as session:
        assert await session.scalar(select(DeckWord.lemma)) == "Hund"
    again = await anna.send("/find hund")
    assert "✅" in (again.text or "").splitlines()[1] and again.buttons[0][0].startswith("✅")
    nothing = await anna.send("/find qqqxyz")
    assert "Nothing in my word list matches “qqqxyz”" in (nothing.text or ""), nothing.text


async def test_add_corrects_the_article_and_asks_about_a_typo(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    house = await anna.send("/add der Haus")
    assert (house.text or "").startswith("✏️ It's das Haus.\n➕ Added das Haus"), house.text
    assert house.entities and any(e.get("type") == "italic" for e in house.entities)

    typo = await anna.send("/add Hunt")
    assert (typo.text or "").startswith("“Hunt” is not in my word list. Did you mean der Hund"), (
        typo.text
    )
    labels = [label for label, _ in typo.buttons]
    assert labels[0] == "➕ der Hund (dog)" and labels[-1] == "Add “Hunt” anyway", labels
    async with content.unit_of_work() as session:
        assert sorted(await session.scalars(select(DeckWord.lemma))) == ["Haus"]
    dog = await anna.press("➕ der Hund (dog)")
    assert (dog.text or "").startswith("➕ Added der Hund"), dog.text

    await anna.send("/add Hunt")
    anyway = await anna.press("Add “Hunt” anyway")
    assert (anyway.text or "").startswith("➕ Added der Hunt"), anyway.text

    nonsense = await anna.send("/add Xqzzyvk")
    assert "I know no word like it" in (nonsense.text or ""), nonsense.text
    assert [label for label, _ in nonsense.buttons] == ["Add “Xqzzyvk” anyway"]
    async with content.unit_of_work() as session:
        assert sorted(await session.scalars(select(DeckWord.lemma))) == ["Haus", "Hund", "Hunt"]


async def test_add_a_lowercase_noun_german_nouns_knows(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    tower = await anna.send("/add leuchtturm")
    assert (tower.text or "").startswith("➕ Added der Leuchtturm"), tower.text
    async with content.unit_of_work() as session:
        assert list(await session.scalars(select(DeckWord.lemma))) == ["Leuchtturm"]


async def test_a_leech_is_found_by_its_state_and_unpaused(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _add(anna, "der Hund", "die Katze")
    async with content.unit_of_work() as session:
        card = await session.scalar(
            select(Card)
            .join(DeckWord, DeckWord.id == Card.deck_word_id)
            .where(DeckWord.lemma == "Hund", Card.kind == "recall")
        )
        assert card is not None
        card.suspended_at, card.suspended_reason, card.lapses = func.now(), "leech", 8
    await anna.send("/deck")
    await anna.press("📋 My words")
    await anna.press("State ▾")
    leeches = await anna.press("⚠️ leech (paused)")
    text = leeches.text or ""
    assert text.startswith("My words (1) — ⚠️ leech (paused)") and "Hund" in text, text
    word = await anna.press("1. Hund")
    assert "State: ⚠️ leech (paused)" in (word.text or ""), word.text
    released = await anna.press("▶️ Unpause")
    assert "State: 🆕 new · due now" in (released.text or ""), released.text
    async with content.unit_of_work() as session:
        paused = await session.scalar(
            select(func.count()).select_from(Card).where(Card.suspended_at.is_not(None))
        )
    assert paused == 0
    await anna.press("⬅️ Back")
    home = await anna.press("⬅️ Deck")
    assert (home.text or "").startswith("Your deck\n📚 2 words"), home.text


async def test_an_edit_of_a_word_deleted_meanwhile_lets_the_text_go(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _add(anna, "der Hund")
    await anna.send("/deck")
    await anna.press("📋 My words")
    await anna.press("1. Hund")
    await anna.press("✏️ Translation")
    await anna.send("/deck")
    await anna.press("📋 My words")
    await anna.press("1. Hund")
    await anna.press("🗑 Delete")
    after = await anna.send("hound")
    assert (after.text or "").startswith("I'm here to practise!"), after.text
    assert ((await anna.send("dog")).text or "").startswith("I'm here to practise!")
