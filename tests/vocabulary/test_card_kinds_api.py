"""The optional typed cards on the API: the learner's setting in /users/me, a word's own
choice on the deck word, /reviews/next serving them with their kind and prompt, typed answers
checked part by part, and each kind scheduled on its own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import update

from core.clock import utcnow
from core.db import Database
from core.models import Card
from core.reviews.scheduling import Phase
from core.reviews.service import LEECH_LAPSES
from tests.helpers.learners import register_learner


async def _cards(client: httpx.AsyncClient, word_id: int) -> dict[str, dict[str, Any]]:
    word = (await client.get(f"/api/v1/vocabulary/deck/{word_id}")).json()
    return {c["kind"]: c for c in word["cards"]}


async def _next_faces(client: httpx.AsyncClient) -> dict[str, dict[str, Any]]:
    faces = (await client.get("/api/v1/reviews/next", params={"limit": 50})).json()
    return {f"{f['lemma']}:{f['kind']}": f for f in faces}


async def test_setting_and_word_choice_make_typed_plural_and_verb_cards(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    me = (await anna.get("/api/v1/users/me")).json()
    assert me["card_kinds"] == []  # default: the existing kinds only
    house = (await anna.post("/api/v1/vocabulary/deck", json={"slug": "haus-noun"})).json()["word"]
    go = (await anna.post("/api/v1/vocabulary/deck", json={"slug": "gehen-verb"})).json()["word"]
    good = (await anna.post("/api/v1/vocabulary/deck", json={"slug": "gut-adjective"})).json()
    assert {c["kind"] for c in house["cards"]} == {"recognition", "recall", "article"}
    assert house["card_kinds"] == [
        {"kind": "plural", "on": False, "chosen_for_word": False, "in_settings": False}
    ]
    assert go["card_kinds"] == [
        {"kind": "verb_forms", "on": False, "chosen_for_word": False, "in_settings": False}
    ]
    assert good["word"]["card_kinds"] == []  # an adjective has neither

    changed = await anna.patch("/api/v1/users/me", json={"card_kinds": ["verb_forms", "plural"]})
    assert changed.status_code == 200 and changed.json()["card_kinds"] == ["plural", "verb_forms"]
    assert "plural" in await _cards(anna, house["id"])
    assert "verb_forms" in await _cards(anna, go["id"])
    assert "plural" not in await _cards(anna, good["word"]["id"])

    faces = await _next_faces(anna)
    plural, forms = faces["Haus:plural"], faces["gehen:verb_forms"]
    assert plural["prompt"] == "das Haus → plural?" and plural["expects_typing"]
    assert plural["answer"] == "die Häuser"
    assert forms["prompt"] == "gehen → Präteritum, Perfekt?" and forms["expects_typing"]
    assert forms["answer"] == "ging, ist gegangen"

    # Typed answers: forgiving in form, precise about the part that is wrong.
    right = await anna.post(
        "/api/v1/reviews", json={"card_id": plural["card_id"], "answer": "Häuser"}
    )
    assert right.json()["verdict"] == "correct" and right.json()["rating"] == 3
    wrong = await anna.post(
        "/api/v1/reviews", json={"card_id": forms["card_id"], "answer": "ging - hat gegangen"}
    )
    body = wrong.json()
    assert body["verdict"] == "wrong" and body["rating"] == 1
    assert body["reason"] == "Perfekt uses sein: ist gegangen."
    assert body["expected"] == "ging, ist gegangen" and body["marked"] is not None
    overridden = await anna.post(f"/api/v1/reviews/{body['review_id']}/override")
    assert overridden.status_code == 200 and overridden.json()["verdict"] == "correct"

    # Each kind has its own schedule: the plural card moved, the word's other cards did not.
    cards = await _cards(anna, house["id"])
    assert cards["plural"]["reps"] == 1 and cards["plural"]["phase"] != "new"
    assert all(cards[k]["reps"] == 0 for k in ("recognition", "recall", "article"))

    # Off for this word only: the card keeps its schedule, out of reviews, back when on.
    off = await anna.patch(
        f"/api/v1/vocabulary/deck/{house['id']}", json={"card_kinds": {"plural": False}}
    )
    assert off.status_code == 200, off.text
    assert off.json()["card_kinds"] == [
        {"kind": "plural", "on": False, "chosen_for_word": True, "in_settings": True}
    ]
    assert "plural" not in {c["kind"] for c in off.json()["cards"]}
    assert "Haus:plural" not in await _next_faces(anna)
    # The word's own choice outlives a change of the setting.
    await anna.patch("/api/v1/users/me", json={"card_kinds": []})
    await anna.patch("/api/v1/users/me", json={"card_kinds": ["plural"]})
    assert "plural" not in {c["kind"] for c in (await _cards(anna, house["id"])).values()}
    assert "verb_forms" not in await _cards(anna, go["id"])
    on = await anna.patch(
        f"/api/v1/vocabulary/deck/{house['id']}", json={"card_kinds": {"plural": None}}
    )
    back = {c["kind"]: c for c in on.json()["cards"]}
    assert back["plural"]["reps"] == 1 and not back["plural"]["suspended"]
    # Turned on for one word while the setting is off.
    verb = await anna.patch(
        f"/api/v1/vocabulary/deck/{go['id']}", json={"card_kinds": {"verb_forms": True}}
    )
    assert verb.json()["card_kinds"] == [
        {"kind": "verb_forms", "on": True, "chosen_for_word": True, "in_settings": False}
    ]
    assert (await _cards(anna, go["id"]))["verb_forms"]["reps"] == 1  # its schedule kept

    # A paused word keeps a card turned on paused, and unpausing leaves an off card off.
    await anna.patch(f"/api/v1/vocabulary/deck/{house['id']}", json={"suspended": True})
    await anna.patch(
        f"/api/v1/vocabulary/deck/{house['id']}", json={"card_kinds": {"plural": False}}
    )
    await anna.patch(f"/api/v1/vocabulary/deck/{house['id']}", json={"suspended": False})
    assert "Haus:plural" not in await _next_faces(anna)
    assert "Haus:recall" in await _next_faces(anna)


async def test_card_kind_bad_input_is_refused_with_a_reason(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    good = (await anna.post("/api/v1/vocabulary/deck", json={"slug": "gut-adjective"})).json()
    house = (await anna.post("/api/v1/vocabulary/deck", json={"slug": "haus-noun"})).json()
    for bad in ({"card_kinds": ["article"]}, {"card_kinds": "plural"}, {"card_kinds": None}):
        refused = await anna.patch("/api/v1/users/me", json=bad)
        assert refused.status_code == 422, (bad, refused.text)
    assert (await anna.get("/api/v1/users/me")).json()["card_kinds"] == []
    word_url = f"/api/v1/vocabulary/deck/{good['word']['id']}"
    no_plural = await anna.patch(word_url, json={"card_kinds": {"plural": True}})
    assert no_plural.status_code == 422 and "no plural" in no_plural.text
    house_url = f"/api/v1/vocabulary/deck/{house['word']['id']}"
    for bad_word in ({"card_kinds": {"recall": True}}, {"card_kinds": {"plural": "yes"}}):
        refused = await anna.patch(house_url, json=bad_word)
        assert refused.status_code == 422, (bad_word, refused.text)
    assert (await anna.patch(house_url, json={"card_kinds": None})).status_code == 422


async def test_another_learner_cannot_switch_my_words_cards(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna, ben = await register_learner(api), await register_learner(api)
    house = (await anna.post("/api/v1/vocabulary/deck", json={"slug": "haus-noun"})).json()
    url = f"/api/v1/vocabulary/deck/{house['word']['id']}"
    sneaky = await ben.patch(url, json={"card_kinds": {"plural": True}})
    assert sneaky.status_code == 404
    assert (await anna.get(url)).json()["card_kinds"][0]["on"] is False
    # Ben's setting makes cards only for Ben's words.
    await ben.patch("/api/v1/users/me", json={"card_kinds": ["plural"]})
    assert "plural" not in {c["kind"] for c in (await anna.get(url)).json()["cards"]}


async def test_the_deck_word_carries_a_verbs_forms_and_a_nouns_plural(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    go = (await anna.post("/api/v1/vocabulary/deck", json={"slug": "gehen-verb"})).json()["word"]
    assert go["verb_forms"] == {
        "praeteritum": "ging",
        "partizip2": "gegangen",
        "auxiliary": "sein",
        "perfekt": "ist gegangen",
    }
    house = (await anna.post("/api/v1/vocabulary/deck", json={"slug": "haus-noun"})).json()
    assert house["word"]["plural"] == "Häuser" and house["word"]["verb_forms"] is None
    listed = (await anna.get("/api/v1/vocabulary/deck")).json()["items"]
    assert {w["lemma"]: w["verb_forms"] is not None for w in listed} == {
        "gehen": True,
        "Haus": False,
    }


async def _make_due_review_card(db: Database, card_id: int, lapses: int) -> None:
    """A learned card, due now, forgotten `lapses` times already."""
    now = utcnow()
    async with db.unit_of_work() as session:
        await session.execute(
            update(Card)
            .where(Card.id == card_id)
            .values(
                phase=int(Phase.REVIEW),
                step=None,
                stability=5.0,
                difficulty=5.0,
                reps=12,
                lapses=lapses,
                last_review_at=now - timedelta(days=6),
                due_at=now - timedelta(days=1),
            )
        )


async def test_a_leech_of_a_typed_kind_stays_paused_when_switched_off_and_on(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    await anna.patch("/api/v1/users/me", json={"card_kinds": ["plural"]})
    house = (await anna.post("/api/v1/vocabulary/deck", json={"slug": "haus-noun"})).json()
    url = f"/api/v1/vocabulary/deck/{house['word']['id']}"
    plural = (await _cards(anna, house["word"]["id"]))["plural"]
    await _make_due_review_card(content, plural["id"], lapses=LEECH_LAPSES - 1)
    forgotten = await anna.post(
        "/api/v1/reviews", json={"card_id": plural["id"], "answer": "die Hause"}
    )
    assert forgotten.status_code == 200 and forgotten.json()["leech"] is True, forgotten.text
    assert (await anna.get(url)).json()["state"] == "leech"

    # Off and on again for the word, then through the setting: still a paused leech.
    for change in ({"plural": False}, {"plural": True}, {"plural": None}):
        assert (await anna.patch(url, json={"card_kinds": change})).status_code == 200
    await anna.patch("/api/v1/users/me", json={"card_kinds": []})
    await anna.patch("/api/v1/users/me", json={"card_kinds": ["plural"]})
    word = (await anna.get(url)).json()
    back = {c["kind"]: c for c in word["cards"]}["plural"]
    assert back["suspended"] and back["suspended_reason"] == "leech"
    assert word["state"] == "leech"
    assert "Haus:plural" not in await _next_faces(anna)
    # Unpausing the word is what releases the leech, as for any other card.
    await anna.patch(url, json={"suspended": True})
    released = (await anna.patch(url, json={"suspended": False})).json()
    assert released["state"] != "leech"
    assert not {c["kind"]: c for c in released["cards"]}["plural"]["suspended"]
