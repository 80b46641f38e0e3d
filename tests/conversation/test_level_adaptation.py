"""The tutor adapts when the learner's messages steadily read above (or below) their set
level: Claude is asked to write at that level, and the learner is told once."""

from __future__ import annotations

import httpx

from core.conversation.adaptation import ADAPT_AFTER, NOTE_MARK, level_shift
from core.settings import Settings
from tests.fakes.anthropic import FakeAnthropic, FakeReply, FakeRequest
from tests.helpers.learners import register_learner
from tests.helpers.worker import run_queued_jobs


def test_only_a_steady_difference_counts() -> None:
    assert level_shift("A1", ["B1", "A2", "B1", "A2"]) == "A2"
    assert level_shift("B2", ["A2", "B1", "A2", "A2", "C1"]) == "B1"
    assert level_shift("A2", ["B1", "A2", "B1", "B1"]) is None
    assert level_shift("A2", ["B1", "B1", "B1"]) is None  # not several turns yet
    assert level_shift("A2", ["B1", None, "B1", "B1"]) is None


async def test_a_learner_who_writes_like_b1_is_told_once_and_claude_writes_at_b1(
    claude_api: httpx.AsyncClient, anthropic: FakeAnthropic, claude_settings: Settings
) -> None:
    def b1(request: FakeRequest) -> FakeReply:
        return FakeReply.tool(
            {"reply": "Interessant! Und dann?", "corrections": [], "level_estimate": "B1"},
            name="tutor_turn",
        )

    anthropic.replier = b1
    anna = await register_learner(claude_api)  # level A1
    started = (await anna.post("/api/v1/conversations", json={})).json()
    replies = []
    for n in range(ADAPT_AFTER + 3):
        posted = await anna.post(
            f"/api/v1/conversations/{started['id']}/messages",
            json={"text": f"Obwohl es regnete, bin ich spazieren gegangen ({n})."},
        )
        await run_queued_jobs(claude_settings)
        turn = await anna.get(
            f"/api/v1/conversations/{started['id']}/turns/{posted.json()['id']}",
            params={"wait": 2},
        )
        replies.append(turn.json()["reply"]["text"])
    told = [i for i, text in enumerate(replies) if NOTE_MARK in text]
    assert told == [ADAPT_AFTER], replies
    assert "Your German sounds like B1 — want harder conversations?" in replies[ADAPT_AFTER]
    systems = [r.system_text for r in anthropic.message_requests]
    assert not any("read like B1" in s for s in systems[:ADAPT_AFTER])
    assert all("read like B1: write at B1" in s for s in systems[ADAPT_AFTER:])
