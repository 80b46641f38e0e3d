"""A tutor's new word that looks like a typo of a known word ("das Nachtich" for der
Nachtisch) is not added to the deck unseen: the API answers 422 unknown_word with the
suggestions (force=true adds it as it is), the bot asks "Did you mean…?" with buttons."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from bot.context import BotApplication
from core.db import Database
from core.models import DeckWord, User
from core.settings import Settings
from tests.conversation.test_conversation_api import _say
from tests.fakes.anthropic import FakeAnthropic, FakeReply, FakeRequest
from tests.helpers.bot import BotChat
from tests.helpers.learners import register_learner
from tests.helpers.worker import run_queued_jobs


def _reply_with_a_typo(request: FakeRequest) -> FakeReply:
    return FakeReply.tool(
        {
            "reply": "Sehr gern! Und zum Nachtisch?",
            "corrections": [],
            "new_words": [
                {"lemma": "Nachtich", "article": "der", "translation": "dessert"},
                {"lemma": "Kuchen", "article": "der", "translation": "cake"},
            ],
            "level_estimate": "A2",
        },
        name="tutor_turn",
    )


async def test_the_api_holds_back_a_misspelled_new_word(
    claude_api: httpx.AsyncClient,
    anthropic: FakeAnthropic,
    claude_settings: Settings,
    content: Database,
) -> None:
    anthropic.replier = _reply_with_a_typo
    anna = await register_learner(claude_api)
    conversation = (
        await anna.post("/api/v1/conversations", json={"scenario_slug": "cafe-ordering"})
    ).json()
    turn = await _say(anna, conversation["id"], "Einen Kaffee, bitte.", claude_settings)
    lemmas = [w["lemma"] for w in turn["reply"]["new_words"]]
    assert lemmas == ["Nachtich", "Kuchen"], lemmas
    words = f"/api/v1/conversations/{conversation['id']}/turns/{turn['reply']['id']}/words"

    held = await anna.post(f"{words}/0")
    assert held.status_code == 422, held.text
    body = held.json()
    assert body["code"] == "unknown_word" and "der Nachtisch" in body["suggestions"], body
    assert "Did you mean" in body["detail"] and "force=true" in body["detail"]
    assert (await anna.get("/api/v1/vocabulary/deck")).json()["total"] == 0

    fine = await anna.post(f"{words}/1")
    assert fine.status_code == 201 and fine.json()["lemma"] == "Kuchen"
    forced = await anna.post(f"{words}/0", params={"force": "true"})
    assert forced.status_code == 201 and forced.json()["lemma"] == "Nachtich", forced.text
    bad = await anna.post(f"{words}/0", params={"force": "perhaps"})
    assert bad.status_code == 422


async def test_the_bot_asks_did_you_mean_for_a_misspelled_new_word(
    polling_bot: BotApplication,
    anna: BotChat,
    content: Database,
    anthropic: FakeAnthropic,
    claude_settings: Settings,
    bot_settings: Settings,
) -> None:
    anthropic.replier = _reply_with_a_typo
    worker_settings = bot_settings.model_copy(
        update={k: getattr(claude_settings, k) for k in ("anthropic_api_key", "anthropic_base_url")}
    )
    await anna.send("/talk")
    await anna.press_new_message("Im Café")
    before = anna.tg.mark()
    await anna.tg.send_text(anna.user, "Einen Kaffee, bitte.")
    await anna.tg.wait_for_call("sendChatAction", chat_id=anna.user.id, since=before)
    mark = anna.tg.mark()
    await run_queued_jobs(worker_settings)
    [sent] = anna.tg.calls_to("sendMessage", chat_id=anna.user.id, since=mark, ok=True)
    tutor = anna.tg.message(anna.user.id, int((sent.result or {})["message_id"]))
    labels = [label for label, _ in tutor.buttons]
    assert labels == ["➕ das Nachtich", "➕ der Kuchen"], labels

    mark = anna.tg.mark()
    await anna.tg.press_button_text(anna.user, "➕ das Nachtich", tutor.message_id)
    asked = await anna.tg.wait_for_call("sendMessage", chat_id=anna.user.id, since=mark, ok=True)
    question = anna.tg.message(anna.user.id, int((asked.result or {})["message_id"]))
    assert "Did you mean <i>der Nachtisch</i>" in (question.source_text or ""), question.text
    choices = [label for label, _ in question.buttons]
    assert choices[0].startswith("➕ der Nachtisch") and choices[-1].endswith("anyway"), choices

    mark = anna.tg.mark()
    await anna.tg.press_button_text(anna.user, "➕ der Nachtisch", question.message_id)
    await anna.tg.wait_for_call("editMessageText", chat_id=anna.user.id, since=mark, ok=True)
    async with content.sessionmaker() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == anna.user.id))
        assert user is not None
        lemmas = set(
            await session.scalars(select(DeckWord.lemma).where(DeckWord.user_id == user.id))
        )
    assert lemmas == {"Nachtisch"}, "the right word, and the typo never"
