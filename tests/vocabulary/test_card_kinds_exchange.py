"""The typed card kinds in the deck's files: the CSV export carries a verb's forms, the typed
cards' due dates and each word's own choice (plural_card, verb_forms_card), and the CSV and
Anki imports restore the choice (and, from our own .apkg, the typed cards' FSRS state)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from sqlalchemy import select

from core.db import Database
from core.models import Card, DeckWord
from tests.helpers.learners import Learner, register_learner
from tests.vocabulary.test_exchange import DECK, anki_notes, catalogue, read_csv, upload

__all__ = ["catalogue"]  # the fixture, used by name


async def _word_ids(learner: Learner) -> dict[str, int]:
    items = (await learner.get(DECK, params={"page_size": 100})).json()["items"]
    return {w["lemma"]: w["id"] for w in items}


async def _cards(db: Database, learner: Learner, lemma: str) -> dict[str, Card]:
    async with db.sessionmaker() as session:
        cards = await session.scalars(
            select(Card)
            .join(DeckWord, DeckWord.id == Card.deck_word_id)
            .where(DeckWord.user_id == learner.id, DeckWord.lemma == lemma)
        )
        return {card.kind: card for card in cards}


async def _anna_with_choices(api: httpx.AsyncClient) -> Learner:
    """Plural cards on in her setting; Haus says off, gehen says on, Hund follows."""
    anna = await register_learner(api)
    await anna.patch("/api/v1/users/me", json={"card_kinds": ["plural"]})
    for slug in ("haus-noun", "gehen-verb", "hund-noun"):
        assert (await anna.post(DECK, json={"slug": slug})).status_code == 201
    ids = await _word_ids(anna)
    await anna.patch(f"{DECK}/{ids['Haus']}", json={"card_kinds": {"plural": False}})
    await anna.patch(f"{DECK}/{ids['gehen']}", json={"card_kinds": {"verb_forms": True}})
    return anna


async def test_csv_carries_forms_due_dates_and_each_words_choice_both_ways(
    api: httpx.AsyncClient, catalogue: Database
) -> None:
    anna = await _anna_with_choices(api)
    exported = (await anna.get(f"{DECK}/export.csv")).content
    rows = {r["german"]: r for r in read_csv(exported)}
    haus, gehen, hund = rows["Haus"], rows["gehen"], rows["Hund"]
    assert (haus["plural_card"], haus["plural_due"], haus["verb_forms_card"]) == ("off", "", "")
    assert (gehen["verb_forms_card"], gehen["verb_forms"]) == ("on", "ging, ist gegangen")
    assert gehen["verb_forms_due"] and haus["verb_forms"] == ""
    assert (hund["plural_card"], bool(hund["plural_due"])) == ("", True)  # as in her setting

    # Another learner, with no typed cards in his setting, gets Anna's choices, not her setting.
    ben = await register_learner(api)
    report = (await upload(ben, exported)).json()
    assert report["added_count"] == 3 and report["rejected_count"] == 0, report
    words = {w["lemma"]: w for w in (await ben.get(DECK)).json()["items"]}
    assert words["Haus"]["card_kinds"][0] == {
        "kind": "plural",
        "on": False,
        "chosen_for_word": True,
        "in_settings": False,
    }
    assert words["gehen"]["card_kinds"][0]["on"] is True
    assert words["Hund"]["card_kinds"][0]["chosen_for_word"] is False
    assert "verb_forms" in {c["kind"] for c in words["gehen"]["cards"]}
    assert "plural" not in {c["kind"] for c in words["Hund"]["cards"]}

    # Anna's own file merges back unchanged; a word keeps a choice it has.
    again = (await upload(anna, exported)).json()
    assert again["merged_count"] == 3 and all(m["updated"] == [] for m in again["merged"])
    # A choice a word does not have yet is filled in by a merge, and reported.
    ids = await _word_ids(anna)
    await anna.patch(f"{DECK}/{ids['Hund']}", json={"card_kinds": {"plural": None}})
    filled = (await upload(anna, b"german,plural_card\nHund,off\nHaus,on\n")).json()
    updated = {m["text"]: m["updated"] for m in filled["merged"]}
    assert updated == {"Hund": ["card_kinds"], "Haus": []}
    hund_now = (await anna.get(f"{DECK}/{ids['Hund']}")).json()["card_kinds"][0]
    assert (hund_now["on"], hund_now["chosen_for_word"]) == (False, True)
    haus_now = (await anna.get(f"{DECK}/{ids['Haus']}")).json()["card_kinds"][0]
    assert haus_now["on"] is False  # kept: a merge never overwrites the word's own choice


async def test_a_bad_card_choice_cell_rejects_its_row_with_a_reason(
    api: httpx.AsyncClient, catalogue: Database
) -> None:
    anna = await register_learner(api)
    data = b"german,plural_card,verb_forms_card\nHaus,maybe,\ngehen,,on\nHund,,\n"
    report = (await upload(anna, data)).json()
    assert report["added_count"] == 2, report
    [rejected] = report["rejected"]
    assert rejected["row"] == 2 and rejected["text"] == "Haus"
    assert rejected["reason"] == "plural_card must be on, off or empty, not “maybe”."
    # A choice the word's data cannot ask (Hund has no verb forms) is simply left out.
    report = (await upload(anna, b"german,verb_forms_card\nKatze,on\n")).json()
    assert report["added_count"] == 1 and report["rejected_count"] == 0, report
    katze = (await anna.get(DECK)).json()["items"][0]
    assert katze["lemma"] == "Katze" and katze["card_kinds"][0]["chosen_for_word"] is False


async def test_our_anki_package_brings_back_the_typed_cards_and_the_choices(
    api: httpx.AsyncClient, catalogue: Database, tmp_path: Path
) -> None:
    anna = await _anna_with_choices(api)
    gehen_card = (await _cards(catalogue, anna, "gehen"))["verb_forms"]
    forms = await anna.post("/api/v1/reviews", json={"card_id": gehen_card.id, "answer": "ging"})
    assert forms.status_code == 200, forms.text
    exported = (await anna.get(f"{DECK}/export.apkg")).content
    notes = anki_notes(exported, tmp_path)
    haus_state = json.loads(notes["Haus"][1][6])
    assert haus_state["card_kinds"] == {"plural": False}
    assert haus_state["plural"]["suspended"] is False  # turned off, not paused
    gehen_state = json.loads(notes["gehen"][1][6])
    assert gehen_state["card_kinds"] == {"verb_forms": True}
    assert gehen_state["verb_forms"]["reps"] == 1
    assert "card_kinds" not in json.loads(notes["Hund"][1][6])

    ben = await register_learner(api)
    await ben.patch("/api/v1/users/me", json={"card_kinds": ["plural"]})
    response = await ben.post(
        f"{DECK}/import", files={"file": ("deck.apkg", exported, "application/octet-stream")}
    )
    assert response.status_code == 200 and response.json()["added_count"] == 3, response.text
    haus = await _cards(catalogue, ben, "Haus")
    assert haus["plural"].suspended_reason == "off"  # off for the word, not paused
    gehen = await _cards(catalogue, ben, "gehen")
    assert gehen["verb_forms"].reps == 1 and gehen["verb_forms"].suspended_at is None
    hund = await _cards(catalogue, ben, "Hund")  # follows Ben's setting: on
    assert hund["plural"].suspended_at is None
