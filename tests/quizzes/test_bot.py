"""/quiz and /articles through the real bot and the fake Telegram: one message edited in
place, double and stale presses answered harmlessly, due cards reviewed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot import texts
from bot.callbacks import pack
from bot.context import BotApplication
from core.db import Database
from core.models import ReviewLog, StudySession, User
from tests.fakes.telegram import FakeMessage
from tests.helpers.bot import BotChat
from tests.quizzes.helpers import active_session, add_word, make_due


async def _tap(chat: BotChat, message_id: int, data: str) -> FakeMessage:
    """Tap a button by its callback data; the message after the bot's edit."""
    await chat.tg.press_button(chat.user, message_id, data)
    await chat.tg.wait_for_call("editMessageText", chat_id=chat.user.id, ok=True, timeout=10)
    return chat.tg.message(chat.user.id, message_id)


def _session_id(data: str | None) -> int:
    """The quiz or drill id in a button's callback data ("v1:qz:a:<id>.<version>...")."""
    assert data is not None
    return int(data.split(":")[3].split(".")[0])


async def _learner(db: Database, chat: BotChat) -> User:
    async with db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == chat.user.id))
        assert user is not None
        return user


async def _payload(db: Database, user_id: int, kind: str) -> tuple[int, dict[str, Any]]:
    async with db.unit_of_work() as session:
        study = await active_session(session, user_id, kind)
        return study.version, study.payload


async def test_a_quiz_in_one_message(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await anna.send("/start")
    user = await _learner(content, anna)
    message = await anna.send("/quiz")
    assert "Frage 1 von 10" in (message.text or ""), message.text
    _, payload = await _payload(content, user.id, "quiz")
    questions = payload["questions"]

    for index, question in enumerate(questions):
        # Right for the first seven, wrong for the last three.
        choice = question["correct"] if index < 7 else (question["correct"] + 1) % 3
        label, last_answer = message.buttons[choice]
        assert label == question["options"][choice] and last_answer is not None
        message = await _tap(anna, message.message_id, last_answer)
        text = message.text or ""
        assert ("Richtig!" in text) == (index < 7), text
        assert question["solution"] in text
        if index < 9:
            assert f"Frage {index + 2} von 10" in text
            assert f"✅ {min(index + 1, 7)}" in text

    assert "Quiz fertig! 7 von 10 richtig." in text, text
    assert "To revise" in text
    assert [label for label, _ in message.buttons] == ["🔁 New quiz"]
    bot_messages = [m for m in anna.tg.chat(anna.user.id) if m.from_bot]
    assert len(bot_messages) == 2, "the greeting, then one quiz message edited ten times"

    # The last answer's button again, now that the quiz is over: a harmless alert.
    stale = await anna.press_expecting_alert(message.message_id, last_answer)
    assert stale == texts.STALE_DRILL["quiz"] and "/quiz starts a new one" in stale

    new_quiz_data = message.buttons[0][1]
    assert new_quiz_data is not None
    await anna.tg.press_button(anna.user, message.message_id, new_quiz_data)
    fresh = await anna.next()
    assert "Frage 1 von 10" in (fresh.text or "") and fresh.message_id != message.message_id
    assert anna.tg.message(anna.user.id, message.message_id).buttons == []
    again = await anna.press_expecting_alert(message.message_id, new_quiz_data)
    assert "already running" in again


async def test_double_and_stale_presses_are_harmless(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await anna.send("/start")
    user = await _learner(content, anna)
    message = await anna.send("/quiz")
    first_button = message.buttons[0][1]
    assert first_button is not None
    after = await _tap(anna, message.message_id, first_button)
    version, payload = await _payload(content, user.id, "quiz")
    assert version == 1

    # The same button again (a double press): an alert, nothing changes.
    alert = await anna.press_expecting_alert(message.message_id, first_button)
    assert "out of date" in alert or "already answered" in alert
    assert (await _payload(content, user.id, "quiz")) == (version, payload)
    assert anna.tg.message(anna.user.id, message.message_id).text == after.text

    # Forged or malformed data, an unknown quiz: alerts, never an error.
    for data in (pack("qz", "a", "1.x"), pack("qz", "zz"), pack("qz", "a", "999999.0.0.0")):
        assert await anna.press_expecting_alert(message.message_id, data)

    # Another learner pressing Anna's quiz buttons (forged onto their own message).
    ben = BotChat(anna.tg, anna.tg.user(first_name="Ben"))
    ben_message = await ben.send("/quiz")
    quiz_id = _session_id(first_button)
    alert = await ben.press_expecting_alert(
        ben_message.message_id, pack("qz", "a", f"{quiz_id}.1.1.0")
    )
    assert "No such quiz" in alert
    assert (await _payload(content, user.id, "quiz")) == (version, payload)

    # A new /quiz replaces the running one; the old message's buttons turn stale.
    await anna.send("/quiz")
    old = anna.tg.message(anna.user.id, message.message_id).buttons[0][1]
    assert old is not None
    assert await anna.press_expecting_alert(message.message_id, old) == texts.STALE_DRILL["quiz"]

    async with content.unit_of_work() as session:
        logs = (await session.scalars(select(ReviewLog))).all()
        assert logs == []


async def test_the_article_drill(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await anna.send("/start")
    user = await _learner(content, anna)
    async with content.unit_of_work() as session:
        learner = await session.merge(user)
        for slug in ("haus-noun", "bruecke-noun"):
            cards = await add_word(session, learner, slug)
            await make_due(session, learner, cards["article"])
        await add_word(session, learner, "tisch-noun")  # in the deck, not due: practice

    message = await anna.send("/articles")
    text = message.text or ""
    assert "2 of them are due article cards" in text and "1 von 15" in text, text
    assert [label for label, _ in message.buttons] == ["der", "die", "das", "⏹ Stop"]
    _, payload = await _payload(content, user.id, "articles")
    items = payload["items"]
    assert sorted(item["lemma"] for item in items[:2]) == ["Brücke", "Haus"], "due cards first"
    assert all(not item["due"] for item in items[2:])
    assert "Tisch" in [item["lemma"] for item in items]

    drill_id = _session_id(message.buttons[0][1])
    answers: list[str] = []
    for position in range(4):
        item = items[position]
        right = position != 1  # the second noun is answered wrongly
        wrong = next(a for a in ("der", "die", "das") if a != item["article"])
        article = item["article"] if right else wrong
        answers.append(article)
        button = next(data for label, data in message.buttons if label == article)
        assert button is not None
        message = await _tap(anna, message.message_id, button)
        text = message.text or ""
        noun = f"{item['article']} {item['lemma']}"
        expected = f"✅ richtig: {noun}" if right else f"❌ {noun} (not {article})"
        assert expected in text, text
        wrong_so_far = 0 if position == 0 else 1
        assert f"✅ {position + 1 - wrong_so_far} · ❌ {wrong_so_far}" in text, text
        assert ("review saved" in text) == item["due"], text
        assert f"{position + 2} von 15" in text

    stop = next(data for label, data in message.buttons if label == "⏹ Stop")
    assert stop is not None
    done = await _tap(anna, message.message_id, stop)
    assert "Fertig! 3 von 4 richtig (stopped)." in (done.text or ""), done.text
    assert "To revise" in (done.text or "")
    assert [label for label, _ in done.buttons] == ["🔁 New round"]
    # Stop twice, or an old answer button: harmless, with the drill's one stale alert.
    stale = texts.STALE_DRILL["articles"]
    assert await anna.press_expecting_alert(message.message_id, stop) == stale
    old_answer = pack("ar", "a", f"{drill_id}.0.der")
    assert await anna.press_expecting_alert(message.message_id, old_answer) == stale

    async with content.unit_of_work() as session:
        logs = (
            await session.scalars(
                select(ReviewLog).where(ReviewLog.source == "articles").order_by(ReviewLog.id)
            )
        ).all()
        assert [log.answer for log in logs] == answers[:2]
        assert [log.verdict for log in logs] == ["correct", "wrong"]
        drill = await session.scalar(select(StudySession).where(StudySession.kind == "articles"))
        assert drill is not None and drill.status == "finished"
    bot_messages = [m for m in anna.tg.chat(anna.user.id) if m.from_bot]
    assert len(bot_messages) == 2, "the greeting, then one drill message edited in place"
