"""The API tells why a typed answer is not quite right (`reason`) and marks the differing
letters (`marked`), as the bot does."""

from __future__ import annotations

import httpx

from core.db import Database
from tests.helpers.learners import register_learner


async def _cards(anna: httpx.AsyncClient, slug: str) -> dict[str, int]:
    added = await anna.post("/api/v1/vocabulary/deck", json={"slug": slug})
    assert added.status_code in (200, 201), added.text
    return {c["kind"]: c["id"] for c in added.json()["word"]["cards"]}


async def test_the_reason_and_the_marked_difference_over_the_api(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    cards = await _cards(anna, "haus-noun")

    async def answer(card: str, text: str) -> dict[str, object]:
        response = await anna.post("/api/v1/reviews", json={"card_id": cards[card], "answer": text})
        assert response.status_code == 200, response.text
        result: dict[str, object] = response.json()
        await anna.post("/api/v1/reviews/undo")
        return result

    plural = await answer("recall", "die Häuser")
    assert plural["verdict"] == "wrong"
    assert plural["reason"] == "That's the plural (die Häuser); the card asks for the singular."
    missing = await answer("recall", "Haus")
    assert missing["reason"] == "Don't forget the article: das Haus"
    assert missing["marked"] == {
        "given": [{"text": "Haus", "differs": False}],
        "expected": [{"text": "das ", "differs": True}, {"text": "Haus", "differs": False}],
    }
    wrong_article = await answer("recall", "der Haus")
    assert wrong_article["reason"] == "Wrong article: das, not der (Haus is neuter)."
    spelt = await answer("recall", "das Hauss")
    assert spelt["reason"] == "Check the spelling: Haus, not Hauss."
    article = await answer("article", "die")
    assert article["reason"] == "Wrong article: das, not die." and article["marked"] is None
    right = await answer("recall", "das Haus")
    assert right["verdict"] == "correct" and right["reason"] is None and right["marked"] is None
