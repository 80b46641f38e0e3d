"""New words from a text (POST /vocabulary/detect) and recommended next words."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from core.db import Database
from core.models import Conversation, ConversationTurn
from tests.helpers.learners import register_learner
from tests.vocabulary.test_exchange import add_words, catalogue

__all__ = ["catalogue"]

TEXT = (
    "Gestern ging ich mit meinem Hund zum Bahnhof, und die Katze schlief auf dem Sofa. "
    "Die Häuser waren alt, und der Hund bellte. Xqzrtlpf!"
)


async def test_detect_offers_the_texts_new_words_with_their_translations(
    api: httpx.AsyncClient, catalogue: Database
) -> None:
    anna = await register_learner(api)
    await add_words(catalogue, anna, slugs=["katze-noun"])
    response = await anna.post("/api/v1/vocabulary/detect", json={"text": TEXT})
    assert response.status_code == 200, response.text
    found = {w["lemma"]: w for w in response.json()}
    assert "Katze" not in found  # in the deck already
    assert not {"ich", "und", "die", "mit", "zum", "auf"} & {w.casefold() for w in found}
    assert "Xqzrtlpf" not in found  # not a German word anyone uses
    hund, gehen = found["Hund"], found["gehen"]
    assert (hund["display"], hund["translations"][0], hund["reason"]) == ("der Hund", "dog", "text")
    assert (hund["count"], hund["level"]) == (2, "A1")
    assert gehen["seen_as"] == "ging" and gehen["vocabulary_id"] is not None
    assert found["Haus"]["seen_as"] == "Häuser"
    levels = [w["level"] for w in response.json()]
    catalogued = [level for level in levels if level is not None]
    assert levels[: len(catalogued)] == catalogued, "catalogue words come first"
    assert catalogued[0] == "A1"


async def test_detect_refuses_bad_input(api: httpx.AsyncClient, catalogue: Database) -> None:
    anna = await register_learner(api)
    for body in ({"text": ""}, {"text": "Wort " * 2_001}, {}, {"text": 5}):
        response = await anna.post("/api/v1/vocabulary/detect", json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["detail"]
    assert (await anna.post("/api/v1/vocabulary/detect", json={"text": "und die"})).json() == []
    assert (await api.post("/api/v1/vocabulary/detect", json={"text": TEXT})).status_code == 401
    assert (await api.get("/api/v1/vocabulary/recommendations")).status_code == 401


async def test_recommendations_start_with_words_heard_in_conversations(
    api: httpx.AsyncClient, catalogue: Database
) -> None:
    anna = await register_learner(api, cefr_level="A1")
    bert = await register_learner(api, cefr_level="A1")
    async with catalogue.unit_of_work() as session:
        talk = Conversation(user_id=anna.id, level="A1", chat_id=None)
        session.add(talk)
        await session.flush()
        session.add(
            ConversationTurn(
                conversation_id=talk.id,
                user_id=anna.id,
                position=1,
                role="tutor",
                text="Möchtest du einen Kaffee mit Milch?",
                status="done",
            )
        )
    response = await anna.get("/api/v1/vocabulary/recommendations")
    assert response.status_code == 200, response.text
    words = response.json()
    assert len(words) == 10
    heard = [w["lemma"] for w in words if w["reason"] == "conversation"]
    assert "Kaffee" in heard and "Milch" in heard
    assert words[0]["reason"] == "conversation"
    assert all(w["level"] == "A1" for w in words if w["reason"] == "level")
    # Bert never talked: his list is his level's most frequent words, none of Anna's.
    berts = (await bert.get("/api/v1/vocabulary/recommendations")).json()
    assert {w["reason"] for w in berts} == {"level"}
    await add_words(catalogue, bert, slugs=[berts[0]["slug"]])
    again = (await bert.get("/api/v1/vocabulary/recommendations")).json()
    assert berts[0]["slug"] not in {w["slug"] for w in again}
    async with catalogue.sessionmaker() as session:
        assert await session.scalar(select(ConversationTurn.id)) is not None
