from __future__ import annotations

import httpx

from core.db import Database
from core.settings import Settings
from tests.helpers.learners import assert_cannot_touch, register_learner
from tests.helpers.worker import run_queued_jobs


async def test_search_is_umlaut_insensitive_and_paginated(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    for query, lemma in (("schon", "schön"), ("schoen", "schön"), ("strasse", "Straße")):
        page = (await anna.get("/api/v1/vocabulary/catalogue", params={"q": query})).json()
        assert lemma in [w["lemma"] for w in page["items"]], (query, page["items"][:3])
    house = (await anna.get("/api/v1/vocabulary/catalogue", params={"q": "house"})).json()
    assert "Haus" in [w["lemma"] for w in house["items"]]
    a1_nouns = (
        await anna.get(
            "/api/v1/vocabulary/catalogue",
            params={"level": "A1", "pos": "noun", "page": 2, "page_size": 10},
        )
    ).json()
    assert a1_nouns["page"] == 2 and len(a1_nouns["items"]) == 10 and a1_nouns["total"] > 100
    assert {w["level"] for w in a1_nouns["items"]} == {"A1"}
    assert all(w["article"] in ("der", "die", "das") for w in a1_nouns["items"])
    for bad in ({"page_size": 1000}, {"page": 0}, {"level": "Z9"}):
        assert (await anna.get("/api/v1/vocabulary/catalogue", params=bad)).status_code == 422


async def test_add_catalogue_word_makes_three_cards_once(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    added = await anna.post("/api/v1/vocabulary/deck", json={"slug": "haus-noun"})
    assert added.status_code == 201
    word = added.json()["word"]
    assert (word["article"], word["lemma"], word["plural"]) == ("das", "Haus", "Häuser")
    assert sorted(c["kind"] for c in word["cards"]) == ["article", "recall", "recognition"]
    again = await anna.post("/api/v1/vocabulary/deck", json={"text": "das Haus"})
    assert again.status_code == 200 and again.json()["created"] is False
    verb = await anna.post("/api/v1/vocabulary/deck", json={"text": "gehen"})
    assert sorted(c["kind"] for c in verb.json()["word"]["cards"]) == ["recall", "recognition"]
    catalogue = (await anna.get("/api/v1/vocabulary/catalogue", params={"q": "Haus"})).json()
    assert next(w for w in catalogue["items"] if w["lemma"] == "Haus")["in_deck"] is True


async def test_typed_word_outside_the_catalogue_is_enriched_by_a_job(
    api: httpx.AsyncClient, content: Database, settings: Settings
) -> None:
    anna = await register_learner(api)
    added = await anna.post("/api/v1/vocabulary/deck", json={"text": "Fernweh"})
    assert added.status_code == 201, added.text
    word = added.json()["word"]
    assert (word["article"], word["enrichment"], word["source"]) == ("das", "pending", "typed")
    await run_queued_jobs(settings)
    after = (await anna.get(f"/api/v1/vocabulary/deck/{word['id']}")).json()
    # Offline, the tutor knows gender and plural but has no dictionary for translations.
    assert after["enrichment"] == "failed" and after["article"] == "das"
    fixed = await anna.patch(
        f"/api/v1/vocabulary/deck/{word['id']}",
        json={"translations": ["wanderlust"], "example_de": "Im Winter habe ich Fernweh."},
    )
    assert fixed.status_code == 200 and fixed.json()["translations"] == ["wanderlust"]


async def test_edit_suspend_delete_and_lists(api: httpx.AsyncClient, content: Database) -> None:
    anna = await register_learner(api)
    word = (await anna.post("/api/v1/vocabulary/deck", json={"slug": "haus-noun"})).json()["word"]
    catalogue_edit = await anna.patch(
        f"/api/v1/vocabulary/deck/{word['id']}", json={"translations": ["hut"]}
    )
    # A catalogue word takes the learner's own translation; the example stays the catalogue's.
    assert catalogue_edit.status_code == 200, catalogue_edit.text
    assert catalogue_edit.json()["translations"] == ["hut"]
    assert catalogue_edit.json()["example_de"] == word["example_de"]
    paused = await anna.patch(f"/api/v1/vocabulary/deck/{word['id']}", json={"suspended": True})
    assert paused.json()["suspended"] is True
    assert all(c["suspended"] for c in paused.json()["cards"])
    tagged = await anna.patch(f"/api/v1/vocabulary/deck/{word['id']}", json={"tags": ["home"]})
    assert tagged.json()["tags"] == ["home"]

    created = await anna.post("/api/v1/vocabulary/lists", json={"name": "Zuhause"})
    assert created.status_code == 201
    list_id = created.json()["id"]
    assert (
        await anna.post("/api/v1/vocabulary/lists", json={"name": "Zuhause"})
    ).status_code == 409
    filled = await anna.post(
        f"/api/v1/vocabulary/lists/{list_id}/words", json={"deck_word_ids": [word["id"]]}
    )
    assert filled.json()["word_count"] == 1
    in_list = (await anna.get("/api/v1/vocabulary/deck", params={"list_id": list_id})).json()
    assert [w["id"] for w in in_list["items"]] == [word["id"]]
    assert (await anna.delete(f"/api/v1/vocabulary/lists/{list_id}")).status_code == 204
    assert (await anna.delete(f"/api/v1/vocabulary/deck/{word['id']}")).status_code == 204
    assert (await anna.get(f"/api/v1/vocabulary/deck/{word['id']}")).status_code == 404


async def test_bad_input_is_refused(api: httpx.AsyncClient, content: Database) -> None:
    anna = await register_learner(api)
    for body in ({}, {"slug": "haus-noun", "text": "Haus"}, {"text": "!!!"}, {"text": "x" * 81}):
        response = await anna.post("/api/v1/vocabulary/deck", json=body)
        assert response.status_code == 422, (body, response.text)
    assert (
        await anna.post("/api/v1/vocabulary/deck", json={"slug": "nope-noun"})
    ).status_code == 404
    assert (await anna.get("/api/v1/vocabulary/deck/999999")).status_code == 404


async def test_learner_cannot_touch_another_learners_deck(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    ben = await register_learner(api)
    word = (await anna.post("/api/v1/vocabulary/deck", json={"slug": "haus-noun"})).json()["word"]
    list_id = (await anna.post("/api/v1/vocabulary/lists", json={"name": "A"})).json()["id"]
    card_id = word["cards"][0]["id"]
    await assert_cannot_touch(
        ben,
        [
            ("GET", f"/api/v1/vocabulary/deck/{word['id']}", None),
            ("PATCH", f"/api/v1/vocabulary/deck/{word['id']}", {"tags": ["x"]}),
            ("DELETE", f"/api/v1/vocabulary/deck/{word['id']}", None),
            ("PATCH", f"/api/v1/vocabulary/lists/{list_id}", {"name": "mine"}),
            ("POST", f"/api/v1/vocabulary/lists/{list_id}/words", {"deck_word_ids": [word["id"]]}),
            ("DELETE", f"/api/v1/vocabulary/lists/{list_id}", None),
            ("GET", f"/api/v1/reviews/cards/{card_id}", None),
            ("POST", "/api/v1/reviews", {"card_id": card_id, "rating": 3}),
            ("GET", f"/api/v1/reviews/log?card_id={card_id}", None),
        ],
    )
    ben_list = (await ben.post("/api/v1/vocabulary/lists", json={"name": "B"})).json()["id"]
    stolen = await ben.post(
        f"/api/v1/vocabulary/lists/{ben_list}/words", json={"deck_word_ids": [word["id"]]}
    )
    assert stolen.status_code == 404
    assert (await ben.get("/api/v1/vocabulary/deck")).json()["total"] == 0
    assert (await anna.get(f"/api/v1/vocabulary/deck/{word['id']}")).status_code == 200
