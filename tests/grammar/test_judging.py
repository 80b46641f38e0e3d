"""Claude judges a free answer the bank does not know (through the fake Anthropic): accepted
or rejected with a one-sentence reason shown as feedback; the verdict is cached per exercise
and normalised answer, so the same answer from another learner costs no second call; the
call counts in the learner's AI allowance; past it, or offline, the tutor says honestly that
the answer is not among those it knows and shows them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import build_application, running
from core.db import Database
from core.grammar.drills.judging import (
    ALLOWANCE_NOTE,
    UNAVAILABLE_NOTE,
    answer_key,
    judge_waiting_answer,
)
from core.models import AiUsage, AnswerJudgement, GrammarAttempt
from core.settings import Settings
from core.tutor.base import TutorUnavailable
from core.tutor.factory import build_tutor
from tests.fakes.anthropic import FakeAnthropic, FakeReply
from tests.grammar.test_api import _exercise, _right_answer
from tests.grammar.test_bot import TOPIC_TITLE, _current, _type
from tests.grammar.test_bot import _answer as answer_in_the_bot
from tests.helpers.api import api_client
from tests.helpers.bot import BotChat
from tests.helpers.clock import stop_the_clock
from tests.helpers.learners import Learner, register_learner
from tests.helpers.worker import run_queued_jobs

TOPIC = "subordinate-clauses-weil-dass-wenn"
BASE = "/api/v1/grammar"
KNOWN = "Ich weiß nicht, ob sie Zeit hat."
OTHER_RIGHT = "Ich weiß nicht, ob sie gerade Zeit hat."


@pytest.fixture
async def anthropic() -> AsyncIterator[FakeAnthropic]:
    async with FakeAnthropic() as fake:
        yield fake


def _claude(settings: Settings, anthropic: FakeAnthropic, **more: Any) -> Settings:
    return settings.model_copy(
        update={
            "anthropic_api_key": SecretStr("test-key"),
            "anthropic_base_url": anthropic.base_url,
            "anthropic_timeout_seconds": 5.0,
            **more,
        }
    )


async def _at_translation(learner: Learner, content: Database) -> dict[str, Any]:
    """A new drill on the topic, answered right up to its translation exercise."""
    view = (await learner.post(f"{BASE}/sessions", json={"topic": TOPIC})).json()
    while view["current"]["kind"] != "translation":
        exercise = await _exercise(content, view["current"]["id"])
        url = f"{BASE}/sessions/{view['id']}"
        await learner.post(f"{url}/answers", json=_right_answer(exercise))
        view = (await learner.post(f"{url}/next", json={})).json()
    assert view["current"]["prompt"] == "I don't know if she has time."
    return dict(view)


async def _answer(learner: Learner, view: dict[str, Any], text: str) -> dict[str, Any]:
    response = await learner.post(f"{BASE}/sessions/{view['id']}/answers", json={"text": text})
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_accepted_then_cached_for_another_learner(
    settings: Settings, anthropic: FakeAnthropic, content: Database
) -> None:
    claude = _claude(settings, anthropic)
    anthropic.enqueue(
        FakeReply.tool(
            {"accept": True, "reason": "Correct: gerade only adds 'right now'."}, name="judgement"
        )
    )
    async with api_client(claude) as api:
        anna, ben = await register_learner(api), await register_learner(api)
        stop_the_clock()  # AI calls today: between the call and the usage request
        waiting = await _answer(anna, await _at_translation(anna, content), OTHER_RIGHT)
        assert waiting["stage"] == "judging" and waiting["feedback"] is None
        await run_queued_jobs(claude)
        judged = (await anna.get(f"{BASE}/sessions/{waiting['id']}")).json()
        feedback = judged["feedback"]
        assert judged["stage"] == "feedback"
        assert (feedback["verdict"], feedback["correct"], feedback["judged_by"]) == (
            "correct",
            True,
            "claude",
        )
        assert feedback["judgement"] == "Correct: gerade only adds 'right now'."
        assert feedback["known_answers"] == [] and not feedback["claimable"]
        assert len(anthropic.message_requests) == 1
        request = anthropic.message_requests[0]
        assert request.forced_tool == "judgement" and OTHER_RIGHT in request.last_user_text
        assert KNOWN in request.last_user_text
        usage = (await anna.get("/api/v1/conversations/usage")).json()
        assert usage["ai_turns_today"] == 1, "the call counts in the learner's allowance"

        # Ben types the same answer, spelled a little differently: the cached verdict, at once.
        same = await _answer(
            ben, await _at_translation(ben, content), "ich weiß nicht, ob sie  gerade Zeit hat"
        )
        assert same["stage"] == "feedback"
        assert same["feedback"]["correct"] and same["feedback"]["judged_by"] == "claude"
        assert len(anthropic.message_requests) == 1, "the same answer never costs twice"
        assert (await ben.get("/api/v1/conversations/usage")).json()["ai_turns_today"] == 0
    async with content.unit_of_work() as session:
        cached = list(await session.scalars(select(AnswerJudgement)))
        assert [(c.answer_key, c.accepted) for c in cached] == [(answer_key(OTHER_RIGHT), True)]
        attempts = list(
            await session.scalars(
                select(GrammarAttempt).where(GrammarAttempt.answer.ilike("%gerade%"))
            )
        )
        assert len(attempts) == 2 and all(a.correct and a.verdict == "correct" for a in attempts)
        assert list(await session.scalars(select(AiUsage.purpose))) == ["judgement"]


async def test_rejected_with_the_reason_and_the_known_answers(
    settings: Settings, anthropic: FakeAnthropic, content: Database
) -> None:
    claude = _claude(settings, anthropic)
    reason = "The verb hat must go to the end of the ob clause."
    anthropic.enqueue(FakeReply.tool({"accept": False, "reason": reason}, name="judgement"))
    async with api_client(claude) as api:
        anna = await register_learner(api)
        waiting = await _answer(
            anna, await _at_translation(anna, content), "Ich weiß nicht, ob sie hat gerade Zeit."
        )
        assert waiting["stage"] == "judging"
        await run_queued_jobs(claude)
        feedback = (await anna.get(f"{BASE}/sessions/{waiting['id']}")).json()["feedback"]
    assert (feedback["verdict"], feedback["correct"], feedback["judged_by"]) == (
        "wrong",
        False,
        "claude",
    )
    assert feedback["judgement"] == reason
    assert feedback["known_answers"] == [KNOWN] and feedback["claimable"]


async def test_allowance_used_up_gives_the_honest_offline_reply(
    settings: Settings, anthropic: FakeAnthropic, content: Database
) -> None:
    claude = _claude(settings, anthropic, ai_turns_per_day=0)
    async with api_client(claude) as api:
        anna = await register_learner(api)
        answered = await _answer(anna, await _at_translation(anna, content), OTHER_RIGHT)
    assert answered["stage"] == "feedback"
    feedback = answered["feedback"]
    assert feedback["verdict"] == "wrong" and feedback["judged_by"] == "bank"
    assert feedback["judge_note"] == ALLOWANCE_NOTE
    assert feedback["known_answers"] == [KNOWN]
    assert anthropic.message_requests == []


async def test_offline_shows_the_known_answers(settings: Settings, content: Database) -> None:
    async with api_client(settings) as api:
        anna = await register_learner(api)
        answered = await _answer(anna, await _at_translation(anna, content), OTHER_RIGHT)
    feedback = answered["feedback"]
    assert answered["stage"] == "feedback" and feedback["verdict"] == "wrong"
    assert feedback["judged_by"] == "bank" and feedback["judge_note"] == ""
    assert feedback["known_answers"] == [KNOWN] and feedback["claimable"]


def test_the_cache_key_ignores_spacing_final_punctuation_and_the_first_capital() -> None:
    assert answer_key("ich weiß nicht, ob sie  gerade Zeit hat") == answer_key(OTHER_RIGHT)
    assert answer_key("Ich weiss nicht, ob sie gerade Zeit hat.") != answer_key(OTHER_RIGHT)


async def test_a_judged_answer_in_the_bot(
    bot_settings: Settings, anthropic: FakeAnthropic, anna: BotChat, content: Database
) -> None:
    """The drill's message says Claude is checking; the job edits it with the verdict."""
    settings = _claude(bot_settings, anthropic)
    reason = "Correct: gerade only adds 'right now'."
    anthropic.enqueue(FakeReply.tool({"accept": True, "reason": reason}, name="judgement"))
    async with running(build_application(settings), polling=True):
        await anna.send("/grammar")
        await anna.press("A2 · ")
        await anna.press_new_message(TOPIC_TITLE)
        await anna.press_new_message("▶️ Practise")
        while (await _current(content, anna)).kind != "translation":
            await answer_in_the_bot(content, anna)
            await anna.press("Next ▶️")
        checking = await _type(anna, OTHER_RIGHT)
        assert "Claude is checking" in (checking.text or "")
        assert [label for label, _ in checking.buttons] == ["⏹ Stop"]
        mark = anna.tg.mark()
        await run_queued_jobs(settings)
        call = await anna.tg.wait_for_call("editMessageText", chat_id=anna.user.id, since=mark)
        judged = anna.tg.message(anna.user.id, int(call.params["message_id"]))
    assert judged.message_id == checking.message_id
    assert "Richtig" in (judged.text or "") and f"Claude: {reason}" in (judged.text or "")
    assert "Next ▶️" in [label for label, _ in judged.buttons]


async def test_claude_busy_on_the_last_try_gives_the_honest_reply(
    settings: Settings, anthropic: FakeAnthropic, content: Database
) -> None:
    claude = _claude(settings, anthropic)
    anthropic.fail_next(529, times=2)
    async with api_client(claude) as api:
        anna = await register_learner(api)
        waiting = await _answer(anna, await _at_translation(anna, content), OTHER_RIGHT)
        assert waiting["stage"] == "judging"
        async with content.unit_of_work() as session:
            attempt_id = await session.scalar(
                select(GrammarAttempt.id).where(GrammarAttempt.answer == OTHER_RIGHT)
            )
        assert attempt_id is not None
        tutor = build_tutor(claude)
        with pytest.raises(TutorUnavailable):
            await judge_waiting_answer(content, waiting["id"], attempt_id, tutor, last_try=False)
        judged = await judge_waiting_answer(content, waiting["id"], attempt_id, tutor)
        assert judged is not None and judged.view.feedback is not None
        feedback = judged.view.feedback
        assert feedback.verdict == "wrong" and feedback.judge_note == UNAVAILABLE_NOTE
        assert feedback.known_answers == [KNOWN]
        assert await judge_waiting_answer(content, waiting["id"], attempt_id, tutor) is None
    assert anthropic.message_requests == []
