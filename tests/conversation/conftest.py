from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from core.db import Database
from core.settings import Settings
from tests.fakes.anthropic import FakeAnthropic, FakeReply, FakeRequest
from tests.helpers.api import api_client

TUTOR_REPLIES = (
    "Sehr gern! Möchten Sie noch etwas dazu?",
    "Alles klar. Und was möchten Sie trinken?",
    "Gut, das mache ich. Sonst noch etwas?",
)


def tutor_reply(request: FakeRequest) -> FakeReply:
    """A well-formed structured turn, like Claude's: reply, a correction when the learner
    wrote 'habe gegangen', new words, and the summary when the tool asks for one."""
    text = request.last_user_text
    turn = len(request.messages)
    corrections = []
    if "habe gegangen" in text:
        corrections.append(
            {
                "category": "tense",
                "original": "habe gegangen",
                "corrected": "bin gegangen",
                "explanation": "gehen forms its Perfekt with sein.",
                "topic_slug": "perfekt-with-sein",
            }
        )
    reply: dict[str, object] = {
        "reply": TUTOR_REPLIES[turn % len(TUTOR_REPLIES)],
        "corrections": corrections,
        "new_words": [{"lemma": "Nachtisch", "article": "der", "translation": "dessert"}],
        "level_estimate": "A2",
    }
    if "update `summary`" in request.system_text:
        reply["summary"] = f"The learner is ordering in a café (turn {turn})."
    return FakeReply.tool(reply, name="tutor_turn")


@pytest.fixture
async def anthropic() -> AsyncIterator[FakeAnthropic]:
    async with FakeAnthropic() as fake:
        fake.replier = tutor_reply
        yield fake


@pytest.fixture
def claude_settings(settings: Settings, anthropic: FakeAnthropic) -> Settings:
    return settings.model_copy(
        update={
            "anthropic_api_key": SecretStr("test-key"),
            "anthropic_base_url": anthropic.base_url,
            "anthropic_timeout_seconds": 1.0,
        }
    )


@pytest.fixture
async def claude_api(
    claude_settings: Settings, content: Database
) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(claude_settings) as client:
        yield client
