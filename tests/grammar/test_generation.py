"""AI-made exercises through the fake Anthropic: one call with a tool schema; what passes the
content files' checks is stored (source "ai") and practised, what fails is rejected with its
reason (wrong answer key, misspelling, duplicate, no correct option); the call counts in the
learner's AI allowance; offline the bank alone is used and the learner is told so."""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import build_application, running
from bot.context import BotApplication
from core.db import Database
from core.grammar import drills
from core.grammar.generation import BANK_SEEN_SHARE
from core.models import AiUsage, Exercise, ExerciseGeneration, GrammarTopic
from core.settings import Settings
from core.study.sessions import Stale
from tests.fakes.anthropic import FakeAnthropic, FakeReply
from tests.grammar.test_drills import answer_right
from tests.helpers.api import api_client
from tests.helpers.bot import BotChat
from tests.helpers.clock import stop_the_clock
from tests.helpers.learners import register_learner
from tests.helpers.worker import run_queued_jobs
from tests.quizzes.helpers import make_learner

TOPIC = "subordinate-clauses-weil-dass-wenn"
BASE = "/api/v1/grammar"


def _exercise(kind: str, prompt: str, answer: str, **more: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "instruction": "Fill in the conjunction." if kind == "fill_blank" else "Do it.",
        "prompt": prompt,
        "answer": answer,
        "accepted_answers": [answer],
        "explanation": "weil gives a reason and sends the verb to the end.",
        "difficulty": 1,
        **more,
    }


GOOD_FILL = _exercise("fill_blank", "Ich bleibe heute zu Hause, ___ ich sehr müde bin.", "weil")
GOOD_CHOICE = _exercise(
    "multiple_choice",
    "Er sagt, ___ er morgen nicht kommen kann.",
    "dass",
    options=["dass", "weil", "wenn"],
)
WRONG_KEY = {
    **_exercise("fill_blank", "Sie geht früh ins Bett, ___ sie morgen arbeiten muss.", "weil"),
    "accepted_answers": ["da"],
}
MISSPELT = _exercise(
    "translation", "I am learning German because I like it.", "Ich lerne Deutsch, weil ich es mag."
)
MISSPELT["answer"] = MISSPELT["accepted_answers"][0] = "Ich lerne Deutsch, weil ich es mgat."
DUPLICATE = _exercise("fill_blank", "Ich hoffe, ___ du bald wieder gesund bist.", "dass")
NO_CORRECT_OPTION = _exercise(
    "multiple_choice",
    "Ich weiß nicht, ___ sie heute Zeit hat.",
    "ob",
    options=["dass", "weil", "wenn"],
)
BATCH = [GOOD_FILL, GOOD_CHOICE, WRONG_KEY, MISSPELT, DUPLICATE, NO_CORRECT_OPTION]


def _with_claude(settings: Settings, anthropic: FakeAnthropic, **more: Any) -> Settings:
    return settings.model_copy(
        update={
            "anthropic_api_key": SecretStr("test-key"),
            "anthropic_base_url": anthropic.base_url,
            "anthropic_timeout_seconds": 5.0,
            **more,
        }
    )


async def _ai_exercises(content: Database) -> list[Exercise]:
    async with content.unit_of_work() as session:
        return list(await session.scalars(select(Exercise).where(Exercise.source == "ai")))


async def test_valid_exercises_are_stored_and_invalid_ones_rejected_with_reasons(
    settings: Settings, content: Database
) -> None:
    async with FakeAnthropic() as anthropic:
        anthropic.enqueue(FakeReply.tool({"exercises": BATCH}, name="new_exercises"))
        claude = _with_claude(settings, anthropic)
        async with api_client(claude) as api:
            anna = await register_learner(api)
            stop_the_clock()  # AI calls today: between the call and the usage request
            page = (await anna.get(f"{BASE}/topics/{TOPIC}")).json()
            assert page["new_exercises_available"] is True and page["ai_exercises"] == 0
            requested = await anna.post(f"{BASE}/topics/{TOPIC}/exercises/generate")
            assert requested.status_code == 202, requested.text
            assert requested.json()["status"] == "requested"
            again = await anna.post(f"{BASE}/topics/{TOPIC}/exercises/generate")
            assert again.json()["id"] == requested.json()["id"], "one request while it runs"
            await run_queued_jobs(claude)

            assert len(anthropic.message_requests) == 1
            call = anthropic.message_requests[0]
            assert call.forced_tool == "new_exercises"
            item = call.tools[0]["input_schema"]["properties"]["exercises"]["items"]
            assert "accepted_answers" in item["properties"] and "slug" not in item["properties"]
            assert "Ich hoffe, ___ du bald wieder gesund bist." in call.last_user_text

            outcome = (await anna.get(f"{BASE}/topics/{TOPIC}/exercises/generation")).json()
            assert (outcome["status"], outcome["proposed"], outcome["stored"]) == ("done", 6, 2)
            reasons = {r["index"]: r["reason"] for r in outcome["rejections"]}
            assert outcome["rejected"] == 4 and set(reasons) == {2, 3, 4, 5}
            assert "answer must be among accepted_answers" in reasons[2]
            assert reasons[3].startswith("spelling:") and "mgat" in reasons[3]
            assert reasons[4].startswith("duplicate:")
            assert "exactly one option" in reasons[5]
            assert "2 new exercises joined the topic" in outcome["message"]

            stored = await _ai_exercises(content)
            assert sorted(e.prompt for e in stored) == sorted(
                [GOOD_FILL["prompt"], GOOD_CHOICE["prompt"]]
            )
            assert all(e.generation_id == outcome["id"] for e in stored)
            page = (await anna.get(f"{BASE}/topics/{TOPIC}")).json()
            assert page["ai_exercises"] == 2

            usage = (await anna.get("/api/v1/conversations/usage")).json()
            assert usage["ai_turns_today"] == 1, "the call counts in the learner's allowance"
    async with content.unit_of_work() as session:
        purposes = list(await session.scalars(select(AiUsage.purpose)))
        assert purposes == ["exercises"]
        row = await session.get(ExerciseGeneration, outcome["id"])
        assert row is not None and row.rejected == 4 and len(row.rejections) == 4


async def test_the_allowance_stops_requests(settings: Settings, content: Database) -> None:
    async with FakeAnthropic() as anthropic:
        anthropic.enqueue(FakeReply.tool({"exercises": [GOOD_FILL]}, name="new_exercises"))
        claude = _with_claude(settings, anthropic, ai_turns_per_day=1)
        async with api_client(claude) as api:
            anna = await register_learner(api)
            assert (await anna.post(f"{BASE}/topics/{TOPIC}/exercises/generate")).status_code == 202
            await run_queued_jobs(claude)
            refused = await anna.post(f"{BASE}/topics/{TOPIC}/exercises/generate")
            assert refused.status_code == 429 and "allowance" in refused.json()["detail"]
        assert len(anthropic.message_requests) == 1


async def test_offline_the_bank_alone_is_used(api: httpx.AsyncClient, content: Database) -> None:
    anna = await register_learner(api)
    page = (await anna.get(f"{BASE}/topics/{TOPIC}")).json()
    assert page["new_exercises_available"] is False
    refused = await anna.post(f"{BASE}/topics/{TOPIC}/exercises/generate")
    assert refused.status_code == 422
    assert "isn't configured" in refused.json()["detail"]
    assert (await anna.post(f"{BASE}/topics/no-such-topic/exercises/generate")).status_code == 404
    assert (await anna.get(f"{BASE}/topics/{TOPIC}/exercises/generation")).status_code == 404


async def test_offline_button_says_so(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await anna.send("/grammar")
    await anna.press("A2 · ")
    page = await anna.press_new_message("Subordinate clauses with weil, dass, wenn and ob")
    parts = [m for m in anna.tg.chat(anna.user.id) if m.message_id >= page.message_id]
    assert "isn't configured here" in (parts[-1].text or "")
    told = await anna.press_new_message("✨ New exercises (Claude)")
    assert "isn't configured here" in (told.text or "")
    assert "bank" in (told.text or "")


async def test_a_learner_who_saw_most_of_the_bank_gets_new_exercises(
    settings: Settings, content: Database
) -> None:
    """Finishing a drill after attempting ≥ 80 % of a topic's exercises requests a generation
    (through the outbox); offline it ends as 'offline' without a call."""
    async with content.unit_of_work() as session:
        topic = await session.scalar(select(GrammarTopic).where(GrammarTopic.slug == TOPIC))
        assert topic is not None
        total = len(
            list(await session.scalars(select(Exercise.id).where(Exercise.topic_id == topic.id)))
        )
        user = await make_learner(session, "A2")
        answered = 0
        while answered < BANK_SEEN_SHARE * total:
            view = await drills.start_drill(session, user, topic=TOPIC)
            for _ in range(view.total):
                answered_view = await answer_right(session, user, view)
                answered += 1
                stepped = await drills.next_exercise(session, user, view.id, answered_view.version)
                assert not isinstance(stepped, Stale)
                view = stepped
    async with content.unit_of_work() as session:
        rows = list(await session.scalars(select(ExerciseGeneration)))
        assert [(r.trigger, r.status) for r in rows] == [("bank_seen", "requested")]
    await run_queued_jobs(settings)
    async with content.unit_of_work() as session:
        row = await session.scalar(select(ExerciseGeneration))
        assert row is not None and row.status == "offline"


async def test_claude_busy_ends_the_generation_as_failed_with_its_usage(
    settings: Settings, content: Database
) -> None:
    async with FakeAnthropic() as anthropic:
        anthropic.fail_next(529)
        claude = _with_claude(settings, anthropic)
        async with api_client(claude) as api:
            anna = await register_learner(api)
            assert (await anna.post(f"{BASE}/topics/{TOPIC}/exercises/generate")).status_code == 202
            await run_queued_jobs(claude)
            outcome = (await anna.get(f"{BASE}/topics/{TOPIC}/exercises/generation")).json()
    assert outcome["status"] == "failed" and outcome["stored"] == 0
    assert "the bank is used" in outcome["message"]
    assert await _ai_exercises(content) == []
    async with content.unit_of_work() as session:
        statuses = list(await session.scalars(select(AiUsage.status)))
        row = await session.scalar(select(ExerciseGeneration))
    assert statuses == ["http_529"] and row is not None and "529" in (row.error or "")


async def test_the_button_asks_claude_in_the_bot(
    bot_settings: Settings, anna: BotChat, content: Database
) -> None:
    async with FakeAnthropic() as anthropic:
        anthropic.enqueue(FakeReply.tool({"exercises": [GOOD_FILL]}, name="new_exercises"))
        claude = _with_claude(bot_settings, anthropic)
        async with running(build_application(claude), polling=True):
            await anna.send("/grammar")
            await anna.press("A2 · ")
            page = await anna.press_new_message("Subordinate clauses with weil, dass, wenn and ob")
            parts = [m for m in anna.tg.chat(anna.user.id) if m.message_id >= page.message_id]
            assert "isn't configured" not in (parts[-1].text or "")
            told = await anna.press_new_message("✨ New exercises (Claude)")
            assert "Claude is writing new exercises" in (told.text or "")
            await run_queued_jobs(claude)
    assert [e.prompt for e in await _ai_exercises(content)] == [GOOD_FILL["prompt"]]
