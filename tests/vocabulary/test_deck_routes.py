"""What the deck routes answer now that each is one core call returning a view."""

from __future__ import annotations

import httpx

from core.db import Database
from tests.helpers.learners import register_learner

DECK = "/api/v1/vocabulary/deck"
LISTS = "/api/v1/vocabulary/lists"


async def test_add_by_id_exactly_one_source_and_scenario_words(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    house = (await anna.get("/api/v1/vocabulary/catalogue/haus-noun")).json()
    by_id = await anna.post(DECK, json={"vocabulary_id": house["id"], "tags": ["home"]})
    assert by_id.status_code == 201, by_id.text
    assert by_id.json()["created"] is True and by_id.json()["word"]["tags"] == ["home"]
    assert by_id.json()["word"]["catalogue_slug"] == "haus-noun"
    for both in ({"slug": "haus-noun", "text": "Haus"}, {}):
        refused = await anna.post(DECK, json=both)
        assert refused.status_code == 422 and "exactly one" in refused.json()["detail"]

    first = await anna.post(f"{DECK}/from-scenario/post-office")
    assert first.status_code == 200, first.text
    added = first.json()
    assert len(added) >= 5 and all(entry["created"] for entry in added)
    assert all(entry["word"]["tags"] == ["post-office"] for entry in added)
    assert all(entry["word"]["source"] == "scenario" for entry in added)
    again = (await anna.post(f"{DECK}/from-scenario/post-office")).json()
    assert [e["word"]["id"] for e in again] == [e["word"]["id"] for e in added]
    assert not any(entry["created"] for entry in again)
    assert (await anna.post(f"{DECK}/from-scenario/no-such-place")).status_code == 404


async def test_list_views_after_rename_and_filling(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    word = (await anna.post(DECK, json={"slug": "haus-noun"})).json()["word"]
    created = (await anna.post(LISTS, json={"name": "Zuhause"})).json()
    assert (created["name"], created["word_count"]) == ("Zuhause", 0)
    await anna.post(f"{LISTS}/{created['id']}/words", json={"deck_word_ids": [word["id"]]})
    renamed = await anna.patch(f"{LISTS}/{created['id']}", json={"name": "Daheim"})
    assert renamed.status_code == 200
    assert renamed.json() == {**created, "name": "Daheim", "word_count": 1}
    other = (await anna.post(LISTS, json={"name": "Anderes"})).json()
    clash = await anna.patch(f"{LISTS}/{other['id']}", json={"name": "Daheim"})
    assert clash.status_code == 409
    assert [(v["name"], v["word_count"]) for v in (await anna.get(LISTS)).json()] == [
        ("Anderes", 0),
        ("Daheim", 1),
    ]
    read = (await anna.get(f"{DECK}/{word['id']}")).json()
    assert read["lists"] == [created["id"]]
