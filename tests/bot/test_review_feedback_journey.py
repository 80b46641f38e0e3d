"""Review feedback that teaches: the reason a typed answer is not quite right, and what was
typed against the answer with the differing letters marked."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.app import COMMANDS
from bot.context import BotApplication
from bot.texts import HELP
from core.db import Database
from core.models import Card, ReviewLog, User
from core.reviews.scheduling import Phase
from core.reviews.service import LEECH_LAPSES
from tests.helpers.bot import BotChat
from tests.quizzes.helpers import add_word, make_due


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
        "💡 Don't forget the article: <i>die</i> Katze",
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


async def test_i_was_right_counts_a_rejected_answer_as_good(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    await _to_recall(anna, "die Katze")
    rejected = await anna.send("die Katz")
    labels = [label for label, _ in rejected.buttons]
    assert labels == ["der", "die", "das", "✅ I was right", "↩️ Undo last"], labels
    overridden = await anna.press("✅ I was right")
    text = overridden.text or ""
    assert text.startswith("👍 Counted as right: die Katze (Good, back in "), text
    assert "der, die or das?" in text and "3 of 3 due" in text
    # The button is spent; undo is still there, and the article card still answers.
    assert [label for label, _ in overridden.buttons] == ["der", "die", "das", "↩️ Undo last"]
    done = await anna.press("die")
    assert "Richtig" in (done.text or "") and "Fertig" in (done.text or ""), done.text

    async with content.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == anna.user.id))
        assert user is not None
        logs = (
            await session.scalars(
                select(ReviewLog).where(ReviewLog.user_id == user.id).order_by(ReviewLog.id)
            )
        ).all()
    assert [(log.rating, log.source, log.undone_at is not None) for log in logs] == [
        (3, "review", False),
        (1, "review", True),
        (3, "override", False),
        (3, "review", False),
    ]


async def test_undo_on_every_answered_screen_and_as_a_command(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    nothing = await anna.send("/undo")
    assert nothing.text == "There is no review to undo.", nothing.text
    await anna.send("/add die Katze")
    first = await anna.send("/review")
    assert [label for label, _ in first.buttons] == ["Show answer"]  # nothing to undo yet
    await anna.press("Show answer")
    recall = await anna.press("Good")
    assert [label for label, _ in recall.buttons] == ["I don't know — show me", "↩️ Undo last"]
    again = await anna.press("↩️ Undo last")
    assert (again.text or "").startswith("↩️ Undone. Here it is again:"), again.text
    assert "What does it mean?" in (again.text or "")
    await anna.press("Show answer")
    await anna.press("Good")

    undone = await anna.send("/undo")
    assert undone.text == (
        "↩️ Undone: your last review of Katze is taken back, as if it never happened. "
        "The card waits for you in /review."
    ), undone.text
    async with content.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == anna.user.id))
        assert user is not None
        logs = (await session.scalars(select(ReviewLog).where(ReviewLog.user_id == user.id))).all()
    assert sorted(log.undone_at is not None for log in logs) == [True, True]
    assert "undo" in {c.command for c in COMMANDS} and "/undo" in HELP


async def test_the_back_of_a_card_shows_the_forms_the_catalogue_has(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    for word in ("das Haus", "gehen", "schön"):
        await anna.send(f"/add {word}")
    await anna.send("/review")
    house = await anna.press("Show answer")
    assert "🇩🇪 das Haus\nPlural: die Häuser · Genitiv: des Hauses\n🇬🇧 house" in (
        house.text or ""
    ), house.text
    assert "Wir wohnen in einem alten Haus." in (house.text or "")
    # Haus's recall and article cards, then gehen's recognition card.
    await anna.press("Easy")
    await anna.send("das Haus")
    await anna.press("das")
    go = await anna.press("Show answer")
    assert "🇩🇪 gehen\nPräteritum: ging · Perfekt: ist gegangen\n🇬🇧 " in (go.text or ""), go.text
    await anna.press("Easy")
    await anna.send("gehen")
    nice = await anna.press("Show answer")
    assert "🇩🇪 schön\nSteigerung: schöner · am schönsten\n🇬🇧 " in (nice.text or ""), nice.text


async def test_a_leech_says_how_to_unpause_it_and_unpause_works(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    async with content.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == anna.user.id))
        assert user is not None
        cards = await add_word(session, user, "katze-noun")
        await make_due(session, user, cards["recall"])
        await session.execute(
            update(Card)
            .where(Card.id == cards["recall"].id)
            .values(lapses=LEECH_LAPSES - 1, phase=int(Phase.REVIEW))
        )
        recall_id = cards["recall"].id

    card = await anna.send("/review")
    assert "Type it in German" in (card.text or ""), card.text
    slipped = await anna.send("der Hund")
    assert (slipped.text or "").startswith(
        "⏸ Katze kept slipping, so I paused that card. "
        "Send /unpause Katze when you're ready for it again.\n\n❌ Not quite"
    ), slipped.text

    assert (await anna.send("/unpause")).text == "Which word? For example: /unpause Haus"
    missing = await anna.send("/unpause Hund")
    assert missing.text == "No paused card of “Hund” in your deck.", missing.text
    back = await anna.send("/unpause die katze")
    assert back.text == "▶️ Katze is back in your reviews.", back.text
    async with content.unit_of_work() as session:
        released = await session.get(Card, recall_id)
        assert released is not None
        assert (released.suspended_at, released.suspended_reason) == (None, None)
    again = await anna.send("/unpause Katze")
    assert again.text == "No paused card of “Katze” in your deck."
