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

    face = (await anna.get(f"/api/v1/reviews/cards/{cards['recall']}")).json()
    assert face["forms"]["genitive"] == "Hauses" and face["forms"]["praeteritum"] is None
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


async def _xp(anna: httpx.AsyncClient) -> int:
    progress = await anna.get("/api/v1/progress")
    assert progress.status_code == 200, progress.text
    return int(progress.json()["total_xp"])


async def test_i_was_right_rerates_a_rejected_answer_as_good_and_keeps_both_in_the_log(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    cards = await _cards(anna, "haus-noun")
    xp_before = await _xp(anna)
    rejected = (
        await anna.post("/api/v1/reviews", json={"card_id": cards["recall"], "answer": "Hause"})
    ).json()
    assert (rejected["verdict"], rejected["rating"]) == ("wrong", 1)

    overridden = await anna.post(f"/api/v1/reviews/{rejected['review_id']}/override")
    assert overridden.status_code == 200, overridden.text
    result = overridden.json()
    assert (result["verdict"], result["rating"]) == ("correct", 3)
    assert result["review_id"] != rejected["review_id"]
    log = (await anna.get("/api/v1/reviews/log")).json()
    assert [(e["rating"], e["source"], e["answer"], e["undone"]) for e in log] == [
        (3, "override", "Hause", False),
        (1, "review", "Hause", True),
    ]
    assert await _xp(anna) - xp_before == 2  # one review's XP, not two, not none
    face = (await anna.get(f"/api/v1/reviews/cards/{cards['recall']}")).json()
    assert face["reps"] == 1 and face["phase"] != "new"

    again = await anna.post(f"/api/v1/reviews/{rejected['review_id']}/override")
    assert again.status_code == 409 and "already" in again.json()["detail"].lower(), again.text


async def test_override_bad_input(api: httpx.AsyncClient, content: Database) -> None:
    anna = await register_learner(api)
    cards = await _cards(anna, "haus-noun")
    right = (
        await anna.post("/api/v1/reviews", json={"card_id": cards["recall"], "answer": "das Haus"})
    ).json()
    rated = (
        await anna.post("/api/v1/reviews", json={"card_id": cards["recognition"], "rating": 1})
    ).json()
    for review_id in (right["review_id"], rated["review_id"]):
        response = await anna.post(f"/api/v1/reviews/{review_id}/override")
        assert response.status_code == 409 and "typed answer" in response.text, response.text
    wrong = (
        await anna.post("/api/v1/reviews", json={"card_id": cards["article"], "answer": "der"})
    ).json()
    # An article card's answer is a button, not typed text: nothing to be right about.
    assert (await anna.post(f"/api/v1/reviews/{wrong['review_id']}/override")).status_code == 409
    for bad in ("0", "-1", "abc", "99999999999999999999"):
        response = await anna.post(f"/api/v1/reviews/{bad}/override")
        assert response.status_code == 422, (bad, response.text)
    missing = await anna.post("/api/v1/reviews/987654321/override")
    assert missing.status_code == 404, missing.text

    # Reviewed again since: only the card's last review can change.
    typo = (
        await anna.post("/api/v1/reviews", json={"card_id": cards["recall"], "answer": "Haus"})
    ).json()
    await anna.post("/api/v1/reviews", json={"card_id": cards["recall"], "rating": 3})
    later = await anna.post(f"/api/v1/reviews/{typo['review_id']}/override")
    assert later.status_code == 409 and "since" in later.text, later.text
