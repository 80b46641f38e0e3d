"""The deck's management on the API: state/level filters, delete and restore, move to a list,
edit a catalogue word's translation, and a review run of one list."""

from __future__ import annotations

import httpx

from core.db import Database
from tests.helpers.learners import register_learner


async def test_filters_delete_restore_move_and_study_one_list(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    dog = (await anna.post("/api/v1/vocabulary/deck", json={"slug": "hund-noun"})).json()["word"]
    cat = (await anna.post("/api/v1/vocabulary/deck", json={"text": "die Katze"})).json()["word"]
    assert dog["state"] == "new" and dog["due_at"] is not None

    card = dog["cards"][0]["id"]
    assert (await anna.post("/api/v1/reviews", json={"card_id": card, "rating": 3})).is_success
    learning = (await anna.get("/api/v1/vocabulary/deck", params={"state": "learning"})).json()
    assert [w["lemma"] for w in learning["items"]] == ["Hund"]
    new = (await anna.get("/api/v1/vocabulary/deck", params={"state": "new"})).json()
    assert [w["lemma"] for w in new["items"]] == ["Katze"]
    a1 = (await anna.get("/api/v1/vocabulary/deck", params={"level": "A1"})).json()
    assert {w["lemma"] for w in a1["items"]} == {"Hund", "Katze"}
    for bad in ({"state": "sleeping"}, {"level": "Z9"}):
        refused = await anna.get("/api/v1/vocabulary/deck", params=bad)
        assert refused.status_code == 422, refused.text

    # A catalogue word takes the learner's own translation; reviews show it.
    edited = await anna.patch(
        f"/api/v1/vocabulary/deck/{dog['id']}", json={"translations": ["hound"]}
    )
    assert edited.status_code == 200 and edited.json()["translations"] == ["hound"]

    animals = (await anna.post("/api/v1/vocabulary/lists", json={"name": "Tiere"})).json()
    moved = await anna.request(
        "PUT", f"/api/v1/vocabulary/deck/{cat['id']}/list", json={"list_id": animals["id"]}
    )
    assert moved.status_code == 200 and moved.json()["lists"] == [animals["id"]]
    queue = await anna.get("/api/v1/reviews/next", params={"list_id": animals["id"], "limit": 10})
    assert {c["lemma"] for c in queue.json()} == {"Katze"}, queue.text
    summary = await anna.get("/api/v1/reviews/summary", params={"list_id": animals["id"]})
    assert summary.json()["new_available"] == len(cat["cards"]), summary.text
    assert (await anna.get("/api/v1/reviews/next", params={"list_id": 0})).status_code == 422

    logs_before = (await anna.get("/api/v1/reviews/log")).json()
    assert (await anna.delete(f"/api/v1/vocabulary/deck/{dog['id']}")).status_code == 204
    assert (await anna.get(f"/api/v1/vocabulary/deck/{dog['id']}")).status_code == 404
    restored = await anna.post(f"/api/v1/vocabulary/deck/{dog['id']}/restore")
    assert restored.status_code == 200, restored.text
    back = restored.json()
    assert back["translations"] == ["hound"] and back["state"] == "learning"
    assert [c["id"] for c in back["cards"]] == [c["id"] for c in dog["cards"]]
    assert (await anna.get("/api/v1/reviews/log")).json() == logs_before
    twice = await anna.post(f"/api/v1/vocabulary/deck/{dog['id']}/restore")
    assert twice.status_code == 404 and "No deleted word" in twice.text

    # Deleted, added again, then Undo: a clear conflict, nothing doubled.
    assert (await anna.delete(f"/api/v1/vocabulary/deck/{cat['id']}")).status_code == 204
    await anna.post("/api/v1/vocabulary/deck", json={"text": "die Katze"})
    clash = await anna.post(f"/api/v1/vocabulary/deck/{cat['id']}/restore")
    assert clash.status_code == 409 and "again already" in clash.text


async def test_another_learner_cannot_restore_move_or_study_my_list(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna, ben = await register_learner(api), await register_learner(api)
    dog = (await anna.post("/api/v1/vocabulary/deck", json={"slug": "hund-noun"})).json()["word"]
    animals = (await anna.post("/api/v1/vocabulary/lists", json={"name": "Tiere"})).json()
    assert (await anna.delete(f"/api/v1/vocabulary/deck/{dog['id']}")).status_code == 204
    assert (await ben.post(f"/api/v1/vocabulary/deck/{dog['id']}/restore")).status_code == 404
    ben_list = (await ben.post("/api/v1/vocabulary/lists", json={"name": "Meine"})).json()
    ben_word = (await ben.post("/api/v1/vocabulary/deck", json={"slug": "haus-noun"})).json()
    move = await ben.request(
        "PUT",
        f"/api/v1/vocabulary/deck/{ben_word['word']['id']}/list",
        json={"list_id": animals["id"]},
    )
    assert move.status_code == 404, move.text
    for route in ("next", "summary"):
        other = await ben.get(f"/api/v1/reviews/{route}", params={"list_id": animals["id"]})
        assert other.status_code == 404, other.text
    assert (
        await ben.get("/api/v1/reviews/next", params={"list_id": ben_list["id"]})
    ).status_code == 200
    assert (await anna.post(f"/api/v1/vocabulary/deck/{dog['id']}/restore")).status_code == 200


async def test_catalogue_search_puts_the_best_match_first(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    for query, first in (
        ("go", "gehen"),
        ("house", "Haus"),
        ("strasse", "Straße"),
        ("Straße", "Straße"),
        ("schon", "schon"),
        ("schoen", "schön"),
    ):
        page = (await anna.get("/api/v1/vocabulary/catalogue", params={"q": query})).json()
        assert page["items"][0]["lemma"] == first, (query, [w["lemma"] for w in page["items"][:5]])
    for bad in ("   ", "x" * 81):
        refused = await anna.get("/api/v1/vocabulary/catalogue", params={"q": bad})
        assert refused.status_code in (400, 422), (bad, refused.text)


async def test_add_corrects_the_article_and_refuses_a_typo_unless_forced(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    house = await anna.post("/api/v1/vocabulary/deck", json={"text": "der Haus"})
    assert house.status_code == 201, house.text
    assert house.json()["corrected_article"] == "das"
    assert house.json()["word"]["article"] == "das"
    right = await anna.post("/api/v1/vocabulary/deck", json={"text": "die Katze"})
    assert right.status_code == 201 and right.json()["corrected_article"] is None

    typo = await anna.post("/api/v1/vocabulary/deck", json={"text": "Hunt"})
    assert typo.status_code == 422, typo.text
    body = typo.json()
    assert body["code"] == "unknown_word" and "der Hund" in body["suggestions"], body
    assert "Did you mean der Hund" in body["detail"]
    deck = (await anna.get("/api/v1/vocabulary/deck")).json()
    assert {w["lemma"] for w in deck["items"]} == {"Haus", "Katze"}
    forced = await anna.post("/api/v1/vocabulary/deck", json={"text": "Hunt", "force": True})
    assert forced.status_code == 201 and forced.json()["word"]["lemma"] == "Hunt", forced.text
    for bad in ({"text": "Hund", "force": "sometimes"}, {"text": "   "}, {"text": "x" * 200}):
        refused = await anna.post("/api/v1/vocabulary/deck", json=bad)
        assert refused.status_code == 422, (bad, refused.text)


async def test_a_lowercase_noun_is_added_as_the_noun_german_nouns_knows(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    tower = await anna.post("/api/v1/vocabulary/deck", json={"text": "leuchtturm"})
    assert tower.status_code == 201, tower.text
    word = tower.json()["word"]
    assert (word["lemma"], word["article"]) == ("Leuchtturm", "der"), word
    typo = await anna.post("/api/v1/vocabulary/deck", json={"text": "leuchturm"})
    assert typo.status_code == 422 and typo.json()["code"] == "unknown_word", typo.text
