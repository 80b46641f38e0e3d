"""Conversations over the API, with the real anthropic SDK against the local fake."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from core.db import Database
from core.models import AiUsage, ConversationTurn
from core.settings import Settings
from tests.fakes.anthropic import FakeAnthropic, FakeReply, FakeRequest
from tests.helpers.clock import stop_the_clock
from tests.helpers.learners import Learner, assert_cannot_touch, register_learner
from tests.helpers.worker import run_queued_jobs


async def _say(
    learner: Learner, conversation_id: int, text: str, settings: Settings
) -> dict[str, Any]:
    posted = await learner.post(
        f"/api/v1/conversations/{conversation_id}/messages", json={"text": text}
    )
    assert posted.status_code == 202, posted.text
    assert posted.json()["status"] == "pending"
    await run_queued_jobs(settings)
    turn = await learner.get(
        f"/api/v1/conversations/{conversation_id}/turns/{posted.json()['id']}", params={"wait": 2}
    )
    assert turn.status_code == 200
    body: dict[str, Any] = turn.json()
    assert body["reply"] is not None, body
    return body


async def test_one_call_per_turn_with_cached_prefix_and_flat_cost(
    claude_api: httpx.AsyncClient, anthropic: FakeAnthropic, claude_settings: Settings
) -> None:
    anna = await register_learner(claude_api)
    started = await anna.post("/api/v1/conversations", json={"scenario_slug": "cafe-ordering"})
    assert started.status_code == 201, started.text
    conversation = started.json()
    assert conversation["turns"][0]["role"] == "tutor"
    totals = []
    for n in range(1, 41):
        before = len(anthropic.message_requests)
        text = (
            "Gestern habe gegangen ins Café."
            if n == 3
            else f"Ich möchte bitte einen Kaffee, Nummer {n}."
        )
        turn = await _say(anna, conversation["id"], text, claude_settings)
        assert len(anthropic.message_requests) == before + 1, "exactly one call per turn"
        request = anthropic.message_requests[-1]
        assert request.forced_tool == "tutor_turn"
        assert any(marker.startswith("system") for marker in request.cache_markers)
        assert request.usage is not None
        totals.append(request.usage.total_input_tokens)
        if n == 3:
            assert turn["corrections"][0]["category"] == "tense"
            assert turn["corrections"][0]["corrected"] == "bin gegangen"
        assert turn["reply"]["tutor"] == "claude"
    assert totals[39] <= 1.5 * totals[9], (totals[9], totals[39])
    assert anthropic.message_requests[-1].usage.cache_read_input_tokens > 0  # type: ignore[union-attr]

    added = await anna.post(
        f"/api/v1/conversations/{conversation['id']}/turns/{turn['reply']['id']}/words/0"
    )
    assert added.status_code == 201 and added.json()["lemma"] == "Nachtisch"
    assert "dessert" in added.json()["translations"]

    report = await anna.post(f"/api/v1/conversations/{conversation['id']}/end")
    assert report.status_code == 200
    body = report.json()
    assert body["mistakes_by_category"] == {"tense": 1}
    assert body["learner_messages"] == 40 and body["xp_earned"] == 40 * 5 + 20
    history = (await anna.get("/api/v1/conversations")).json()
    assert history[0]["status"] == "ended" and history[0]["report"]["xp_earned"] == 220


async def test_faults_still_end_in_an_answer_and_usage_is_recorded(
    claude_api: httpx.AsyncClient,
    anthropic: FakeAnthropic,
    claude_settings: Settings,
    content: Database,
) -> None:
    anna = await register_learner(claude_api)
    conversation = (
        await anna.post("/api/v1/conversations", json={"scenario_slug": "cafe-ordering"})
    ).json()
    anthropic.fail_next(429, retry_after=1)
    anthropic.fail_next(529, retry_after=1)
    anthropic.delay_next(3)  # longer than the client's 1 s timeout
    turn = await _say(anna, conversation["id"], "Einen Kaffee, bitte.", claude_settings)
    assert turn["reply"]["tutor"] == "claude"

    anthropic.enqueue(FakeReply.raw("not json at all"), FakeReply.raw('{"reply": 3}'))
    fallback = await _say(anna, conversation["id"], "Ich möchte einen Kuchen.", claude_settings)
    assert fallback["reply"]["tutor"] == "offline", "invalid twice → the offline tutor answers"

    async with content.unit_of_work() as session:
        statuses = (await session.scalars(select(AiUsage.status).order_by(AiUsage.id))).all()
        turns = await session.scalar(
            select(func.count()).where(ConversationTurn.conversation_id == conversation["id"])
        )
    # The fake applies its delay before its queued errors; the order does not matter here.
    assert sorted(statuses[:3]) == ["http_429", "http_529", "timeout"]
    assert statuses[3:] == ["ok", "invalid", "invalid"]
    assert turns == 5  # opening + 2 × (message, reply): nothing lost


async def test_offline_tutor_follows_the_script_and_corrects(
    api: httpx.AsyncClient, settings: Settings, content: Database
) -> None:
    anna = await register_learner(api)
    started = (
        await anna.post("/api/v1/conversations", json={"scenario_slug": "cafe-ordering"})
    ).json()
    opening = started["turns"][0]["text"]
    assert "Offline tutor" in opening
    off_topic = await _say(anna, started["id"], "Das Wetter ist schön.", settings)
    assert "Tip:" in off_topic["reply"]["text"], "a message that misses the step gets a hint"
    on_topic = await _say(anna, started["id"], "Ich möchte einen Kaffee, bitte.", settings)
    assert "Tip:" not in on_topic["reply"]["text"]
    wrong = await _say(anna, started["id"], "Ich habe nach Hause gegangen.", settings)
    assert [c["corrected"] for c in wrong["corrections"]] == ["bin nach Hause gegangen"] or any(
        "bin" in c["corrected"] for c in wrong["corrections"]
    )


async def test_bad_input_isolation_and_limits(
    api: httpx.AsyncClient, settings: Settings, content: Database
) -> None:
    anna = await register_learner(api)
    ben = await register_learner(api)
    conversation = (await anna.post("/api/v1/conversations", json={})).json()
    assert conversation["scenario"] is None
    cid = conversation["id"]
    for body in ({"text": ""}, {"text": "x" * 1001}, {}):
        response = await anna.post(f"/api/v1/conversations/{cid}/messages", json=body)
        assert response.status_code == 422, body
    assert (
        await anna.post("/api/v1/conversations", json={"scenario_slug": "nope"})
    ).status_code == 404
    posted = (
        await anna.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hallo!"})
    ).json()
    await assert_cannot_touch(
        ben,
        [
            ("GET", f"/api/v1/conversations/{cid}", None),
            ("POST", f"/api/v1/conversations/{cid}/messages", {"text": "Hallo"}),
            ("GET", f"/api/v1/conversations/{cid}/turns/{posted['id']}", None),
            ("POST", f"/api/v1/conversations/{cid}/turns/{posted['id']}/retry", None),
            ("POST", f"/api/v1/conversations/{cid}/end", None),
        ],
    )
    await anna.post(f"/api/v1/conversations/{cid}/end")
    closed = await anna.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Noch da?"})
    assert closed.status_code == 409


async def test_daily_ai_limit_switches_to_the_offline_tutor(
    claude_api: httpx.AsyncClient, anthropic: FakeAnthropic, claude_settings: Settings
) -> None:
    limited = claude_settings.model_copy(update={"ai_turns_per_day": 2})
    anna = await register_learner(claude_api)
    stop_the_clock()  # AI turns today: between two turns and the usage request
    conversation = (
        await anna.post("/api/v1/conversations", json={"scenario_slug": "cafe-ordering"})
    ).json()
    tutors = []
    for text in ("Hallo!", "Einen Kaffee, bitte.", "Mit Milch, bitte."):
        turn = await _say(anna, conversation["id"], text, limited)
        tutors.append(turn["reply"]["tutor"])
    assert tutors == ["claude", "claude", "offline"]
    assert "today's AI conversation turns" in turn["reply"]["text"]
    assert len(anthropic.message_requests) == 2
    usage = (await anna.get("/api/v1/conversations/usage")).json()
    assert usage["today"]["calls"] == 2 and usage["today"]["input_tokens"] > 0
    assert usage["ai_turns_today"] == 2  # the API process is configured with the default limit
    assert usage["ai_turns_per_day"] == claude_settings.ai_turns_per_day
    offline = (
        await anna.post(
            "/api/v1/conversations", json={"scenario_slug": "pharmacy", "offline": True}
        )
    ).json()
    assert "Offline tutor" in offline["turns"][0]["text"]
    reply = await _say(anna, offline["id"], "Guten Tag!", limited)
    assert reply["reply"]["tutor"] == "offline" and len(anthropic.message_requests) == 2


def _reply_with_slips(request: FakeRequest) -> FakeReply:
    """Claude's turn with a correction of something the learner did not write, a new word
    whose plural the lexicon supplies and one that is not German."""
    return FakeReply.tool(
        {
            "reply": "Sehr gern! Möchten Sie noch etwas?",
            "corrections": [
                {
                    "category": "tense",
                    "original": "habe gegangen",
                    "corrected": "bin gegangen",
                    "explanation": "gehen forms its Perfekt with sein.",
                },
                {
                    "category": "case",
                    "original": "der Hund",
                    "corrected": "den Hund",
                    "explanation": "Akkusativ.",
                },
            ],
            "new_words": [
                {"lemma": "Nachtisch", "article": "der", "translation": "dessert"},
                {"lemma": "Thingamajig", "article": "der", "translation": "gadget"},
            ],
            "level_estimate": "A2",
        },
        name="tutor_turn",
    )


async def test_what_the_checks_withheld_is_kept_and_reported(
    claude_api: httpx.AsyncClient,
    anthropic: FakeAnthropic,
    claude_settings: Settings,
    content: Database,
) -> None:
    anthropic.replier = _reply_with_slips
    anna = await register_learner(claude_api)
    conversation = (
        await anna.post("/api/v1/conversations", json={"scenario_slug": "cafe-ordering"})
    ).json()
    first = await _say(anna, conversation["id"], "Gestern habe gegangen ins Café.", claude_settings)
    second = await _say(anna, conversation["id"], "Ich habe gegangen, danke.", claude_settings)
    assert [c["original"] for c in first["corrections"]] == ["habe gegangen"]
    assert [w["lemma"] for w in second["reply"]["new_words"]] == ["Nachtisch"]
    per_message = {
        "original_not_in_message": 1,
        "new_word_fixed_by_lexicon": 1,
        "new_word_not_german": 1,
    }
    async with content.unit_of_work() as session:
        stored = (
            await session.scalars(
                select(ConversationTurn.vetting)
                .where(ConversationTurn.role == "learner")
                .order_by(ConversationTurn.id)
            )
        ).all()
    assert stored == [per_message, per_message]

    twice = {reason: 2 for reason in per_message}
    usage = (await anna.get("/api/v1/conversations/usage")).json()
    assert usage["today"]["ai_checks"] == usage["all_time"]["ai_checks"] == twice
    report = (await anna.post(f"/api/v1/conversations/{conversation['id']}/end")).json()
    assert report["ai_checks"] == twice
    assert report["mistakes_by_category"] == {"tense": 2}, "only what the learner was shown"
    ben = await register_learner(claude_api)
    assert (await ben.get("/api/v1/conversations/usage")).json()["all_time"]["ai_checks"] == {}
