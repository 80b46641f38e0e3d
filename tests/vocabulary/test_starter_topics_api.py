"""Starter packs by level and topic over the API: the list (level, topic, count, how many
are in my deck), adding a topic pack once, bad input and isolation."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from core.db import Database
from core.models import VocabularyItem
from tests.helpers.learners import register_learner

PACKS = "/api/v1/vocabulary/starter-packs"


async def test_topic_packs_are_listed_and_added_most_frequent_first(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    packs = (await anna.get(PACKS, params={"level": "A1"})).json()
    assert packs[0]["topic"] is None and packs[0]["list_name"] == "Starter A1"
    topics = [pack["topic"] for pack in packs[1:]]
    assert topics == sorted(topics) and "food" in topics and "travel" in topics
    assert "grammar-words" not in topics and "basics" not in topics
    assert all(pack["level"] == "A1" and 8 <= pack["word_count"] <= 20 for pack in packs)
    food = next(pack for pack in packs if pack["topic"] == "food")
    assert (food["list_name"], food["in_deck"]) == ("Starter A1 · food", 0)

    async with content.sessionmaker() as session:
        rows = (
            await session.execute(
                select(VocabularyItem.lemma, VocabularyItem.frequency_rank).where(
                    VocabularyItem.level == "A1",
                    VocabularyItem.topics.any_() == "food",
                    VocabularyItem.pos.in_(("noun", "verb", "adjective", "adverb")),
                    VocabularyItem.retired_at.is_(None),
                )
            )
        ).all()
    ranked = sorted(rows, key=lambda row: (row[1] is None, row[1] or 0))
    assert food["preview"][0].split()[-1] == ranked[0][0], "the most frequent word first"

    added = await anna.post(f"{PACKS}/A1", params={"topic": "food"})
    assert added.status_code == 200, added.text
    body = added.json()
    assert (body["topic"], body["added"], body["already_in_deck"]) == (
        "food",
        food["word_count"],
        0,
    )
    assert body["list"]["name"] == "Starter A1 · food"
    again = (await anna.post(f"{PACKS}/A1", params={"topic": "food"})).json()
    assert (again["added"], again["already_in_deck"]) == (0, food["word_count"])
    listed = (await anna.get(PACKS, params={"level": "A1", "topic": "food"})).json()
    assert [(p["topic"], p["in_deck"]) for p in listed] == [("food", food["word_count"])]
    everything = (await anna.get(PACKS)).json()
    assert {p["level"] for p in everything} >= {"A1", "A2", "B1", "B2"}
    a1_own = next(p for p in everything if p["level"] == "A1")
    assert a1_own["topic"] is None, "each level's own pack comes before its topics"


async def test_my_topic_packs_never_count_another_learners_deck(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna, ben = await register_learner(api), await register_learner(api)
    assert (await anna.post(f"{PACKS}/A2", params={"topic": "travel"})).status_code == 200
    bens = (await ben.get(PACKS, params={"topic": "travel"})).json()
    assert bens and all(pack["in_deck"] == 0 for pack in bens)
    assert (await ben.get("/api/v1/vocabulary/lists")).json() == []
    assert (await ben.get("/api/v1/vocabulary/deck")).json()["total"] == 0


async def test_bad_topics_are_a_clear_4xx_and_add_nothing(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    for params in ({"topic": "Food"}, {"topic": "x" * 33}, {"topic": "food;drop"}, {"level": "Z9"}):
        response = await anna.get(PACKS, params=params)
        assert response.status_code == 422, (params, response.text)
        if "topic" in params:
            assert (await anna.post(f"{PACKS}/A1", params=params)).status_code == 422
    for topic in ("astronomy", "basics", "grammar-words"):
        missing = await anna.post(f"{PACKS}/A1", params={"topic": topic})
        assert missing.status_code == 404 and "no starter pack" in missing.json()["detail"]
    assert (await anna.get(PACKS, params={"topic": "astronomy"})).json() == []
    assert (await anna.get("/api/v1/vocabulary/deck")).json()["total"] == 0
    assert (await api.post(f"{PACKS}/A1", params={"topic": "food"})).status_code == 401
