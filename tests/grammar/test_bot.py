"""Grammar in the bot through the fake Telegram: browse → topic page → a drill of all five
kinds in one edited message (tap-to-build with ⌫ and ✓, typed answers through the text
router, "I was right") → the summary; stale buttons; drills next to a waiting review card and
a running conversation; "Practise this" under a conversation's summary."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.context import BotApplication
from core.clock import utcnow
from core.db import Database
from core.models import Exercise, GrammarMastery, StudySession, User
from core.settings import Settings
from tests.fakes.anthropic import FakeAnthropic
from tests.fakes.telegram import FakeMessage
from tests.helpers.bot import BotChat
from tests.helpers.worker import run_queued_jobs

TOPIC_TITLE = "Subordinate clauses with weil, dass, wenn and ob"
PERFEKT_WITH_SEIN = "The Perfekt with sein"
TYPED = ("fill_blank", "error_correction", "translation")


async def _current(content: Database, chat: BotChat) -> Exercise:
    async with content.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == chat.user.id))
        assert user is not None
        study = await session.scalar(
            select(StudySession).where(
                StudySession.user_id == user.id,
                StudySession.kind == "grammar",
                StudySession.status == "active",
            )
        )
        assert study is not None
        item = study.payload["items"][study.payload["position"]]
        exercise = await session.get(Exercise, item["exercise_id"])
        assert exercise is not None
        return exercise


async def _type(chat: BotChat, text: str) -> FakeMessage:
    """Type an answer: the drill's message is edited in place."""
    await chat.tg.send_text(chat.user, text)
    call = await chat.tg.wait_for_call("editMessageText", chat_id=chat.user.id, ok=True)
    return chat.tg.message(chat.user.id, int(call.params["message_id"]))


async def _answer(content: Database, chat: BotChat, *, wrong: bool = False) -> FakeMessage:
    exercise = await _current(content, chat)
    if exercise.kind == "multiple_choice":
        options = exercise.options or []
        choice = next(o for o in options if o != exercise.answer) if wrong else exercise.answer
        return await chat.press(choice)
    if exercise.kind == "word_order":
        words = exercise.answer.rstrip(".!?").split()
        await chat.press(words[1])
        undone = await chat.press("⌫")
        assert "Tap the words" in (undone.text or ""), undone.text
        for word in words:
            built = await chat.press(word)
        assert "🧩" in (built.text or "")
        return await chat.press("✓")
    return await _type(chat, "Das ist falsch." if wrong else exercise.answer)


async def test_browse_topic_and_a_drill_of_every_kind(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    home = await anna.send("/grammar")
    assert "Grammar" in (home.text or "") and "Choose a level" in (home.text or "")
    assert any("Due" in label for label, _ in home.buttons)
    level = await anna.press(
        "A2 · ",
    )
    assert TOPIC_TITLE in (level.text or "")
    page = await anna.press_new_message(TOPIC_TITLE)
    parts = [
        m for m in anna.tg.chat(anna.user.id) if m.from_bot and m.message_id >= page.message_id
    ]
    assert all(len(m.text or "") <= 4096 for m in parts)
    last_part = parts[-1]
    assert [label for label, _ in last_part.buttons] == [
        "▶️ Practise",
        "⬅️ Back",
        "✨ New exercises (Claude)",
    ]
    assert "Common mistakes" in (last_part.text or "")

    drill = await anna.press_new_message("▶️ Practise")
    assert "1 von 10" in (drill.text or ""), drill.text
    stale_data = drill.buttons[-1][1] or ""  # Stop, as drawn for the first exercise
    kinds, claimed = set(), False
    for position in range(10):
        exercise = await _current(content, anna)
        kinds.add(exercise.kind)
        typed = exercise.kind in TYPED
        feedback = await _answer(content, anna, wrong=typed and not claimed)
        assert feedback.message_id == drill.message_id  # one message, edited in place
        assert "💡" in (feedback.text or "") and "Answer:" in (feedback.text or ""), feedback.text
        if typed and not claimed:
            assert "Not quite" in (feedback.text or "")
            right = await anna.press("🙋 I was right")
            assert "you said you were right" in (right.text or "")
            claimed = True
        else:
            assert "Richtig" in (feedback.text or ""), feedback.text
        after = await anna.press("Next ▶️")
        if position < 9:
            assert f"{position + 2} von 10" in (after.text or ""), after.text
    assert kinds == {
        "multiple_choice",
        "fill_blank",
        "error_correction",
        "translation",
        "word_order",
    }
    assert "Fertig" in (after.text or "") and "10 von 10" in (after.text or ""), after.text
    alert = await anna.press_expecting_alert(drill.message_id, stale_data)
    assert "moved on" in alert and "/grammar" in alert

    again = await anna.send("/grammar")
    assert "1 practised" in (again.text or "") and "0 due" in (again.text or "")

    # The next days: the topic's FSRS card comes due, as a review card would.
    async with content.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == anna.user.id))
        assert user is not None
        [row] = (
            await session.scalars(select(GrammarMastery).where(GrammarMastery.user_id == user.id))
        ).all()
        assert row.due_at > utcnow() and row.reps == 1
        row.due_at = utcnow() - timedelta(hours=1)
        row.rated_on = row.rated_on - timedelta(days=3) if row.rated_on else None
    later = await anna.send("/grammar")
    assert "1 due" in (later.text or "")
    due = await anna.press_new_message("🔁 Due (1)")
    assert "Due topics" in (due.text or "") and "1 von" in (due.text or ""), due.text


async def test_a_drill_and_a_waiting_review_card_share_typed_text(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await anna.send("/add das Haus")
    await anna.send("/review")
    await anna.press("Show answer")
    recall = await anna.press("Good")
    assert "Type it in German" in (recall.text or "")
    await anna.send("/grammar")
    await anna.press("A2 · ")
    await anna.press_new_message(TOPIC_TITLE)
    await anna.press_new_message("▶️ Practise")
    # Walk to the first typed exercise: the drill (started last) takes the text.
    while (await _current(content, anna)).kind not in TYPED:
        await _answer(content, anna)
        await anna.press("Next ▶️")
    exercise = await _current(content, anna)
    answered = await _type(anna, exercise.answer)
    assert "Richtig" in (answered.text or "")
    # With feedback on screen the drill waits for no text: the review card gets it.
    review = await anna.send("das Haus")
    assert "das Haus" in (review.text or "") and "of" in (review.text or ""), review.text
    stopped = await anna.press("⏹ Stop")
    assert "Fertig" in (stopped.text or "")


async def test_practise_this_after_a_conversation_with_mistakes(
    polling_bot: BotApplication,
    anna: BotChat,
    content: Database,
    anthropic: FakeAnthropic,
    claude_settings: Settings,
    bot_settings: Settings,
) -> None:
    worker_settings = bot_settings.model_copy(
        update={k: getattr(claude_settings, k) for k in ("anthropic_api_key", "anthropic_base_url")}
    )
    await anna.send("/talk")
    await anna.press_new_message("Im Café")
    before = anna.tg.mark()
    await anna.tg.send_text(anna.user, "Gestern habe gegangen ins Café.")
    await anna.tg.wait_for_call("sendChatAction", chat_id=anna.user.id, since=before)
    await run_queued_jobs(worker_settings)
    summary = await anna.send("/end")
    assert "Conversation summary" in (summary.text or "")
    assert [label for label, _ in summary.buttons] == ["🎯 Practise this"]
    drill = await anna.press_new_message("🎯 Practise this")
    assert "1 von" in (drill.text or ""), drill.text
    assert PERFEKT_WITH_SEIN in (drill.text or ""), drill.text


async def test_a_drill_started_during_a_conversation_takes_typed_answers_only(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await anna.send("/talk")
    await anna.press_new_message("Free talk")
    await anna.send("/grammar")
    await anna.press("A2 · ")
    await anna.press_new_message(TOPIC_TITLE)
    await anna.press_new_message("▶️ Practise")
    while (await _current(content, anna)).kind not in TYPED:
        await _answer(content, anna)
        await anna.press("Next ▶️")
    answered = await _type(anna, (await _current(content, anna)).answer)
    assert "Richtig" in (answered.text or "")
    # Feedback on screen: the drill waits for no text, so the conversation gets it.
    mark = anna.tg.mark()
    await anna.tg.send_text(anna.user, "Ich trinke gern Kaffee.")
    await anna.tg.wait_for_call("sendChatAction", chat_id=anna.user.id, since=mark)
    assert not anna.tg.calls_to("editMessageText", chat_id=anna.user.id, since=mark)


async def test_placement_in_the_bot_sets_the_level(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await anna.send("/start")
    await anna.press("A2 · Elementary")
    await anna.press("Berlin")
    done = await anna.press("19:00")
    assert "placement test" in (done.text or "")
    test = await anna.press_new_message("🎯 Take the placement test")
    assert "Placement test" in (test.text or "")
    for _ in range(20):
        async with content.unit_of_work() as session:
            user = await session.scalar(select(User).where(User.telegram_user_id == anna.user.id))
            assert user is not None
            study = await session.scalar(
                select(StudySession).where(
                    StudySession.user_id == user.id, StudySession.kind == "placement"
                )
            )
            assert study is not None
            if study.status != "active":
                break
            exercise = await session.get(Exercise, study.payload["items"][-1]["exercise_id"])
            assert exercise is not None
        if exercise.kind == "multiple_choice":
            shown = await anna.press(exercise.answer)
        else:
            shown = await _type(anna, exercise.answer)
        assert shown.message_id == test.message_id
    assert "Your level: C1" in (shown.text or ""), shown.text
    settings = await anna.send("/settings")
    assert "C1" in (settings.text or "")


async def test_placement_command_retakes_the_test(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    test = await anna.send("/placement")
    assert "Placement test" in (test.text or "")
