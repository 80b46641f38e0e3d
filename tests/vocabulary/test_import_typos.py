"""Rows of an imported file that look like typos of a known word are held back and reported
with the words they are near ("Hnud": did you mean der Hund?), never added unseen; a word
the learner has already chosen (in the deck) and a word nothing is near are imported."""

from __future__ import annotations

import httpx

from core.db import Database
from tests.helpers.learners import register_learner
from tests.vocabulary.test_exchange import DECK, catalogue, deck_words, upload

__all__ = ["catalogue"]


async def test_typo_rows_are_held_back_with_suggestions(
    api: httpx.AsyncClient, catalogue: Database
) -> None:
    anna = await register_learner(api)
    rows = "\n".join(
        [
            "german,english",
            "Hund,dog",
            "Hnud,dog",  # two letters swapped
            "die Katze,cat",
            "die Kaze,cat",  # one letter missing
            "Fernweh,wanderlust",  # no catalogue word, but a real noun: imported
            "Schmetterlingsgarten,butterfly garden",  # nothing near: the learner's own word
        ]
    )
    response = await upload(anna, rows.encode())
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["suspicious_count"] == 2 and report["rejected_count"] == 0, report
    held = {row["text"]: (row["row"], row["suggestions"]) for row in report["suspicious"]}
    assert held["Hnud"] == (3, ["der Hund"]), held
    assert held["die Kaze"][0] == 5 and "die Katze" in held["die Kaze"][1], held
    assert report["added_count"] == 4
    words = await deck_words(catalogue, anna)
    assert set(words) == {"Hund", "Katze", "Fernweh", "Schmetterlingsgarten"}, words

    # The learner adds the word as spelled, on purpose: importing it again merges it.
    forced = await anna.post(f"{DECK}", json={"text": "Hnud", "force": True})
    assert forced.status_code == 201, forced.text
    again = (await upload(anna, b"german\nHnud\n")).json()
    assert (again["merged_count"], again["suspicious_count"]) == (1, 0), again


async def test_a_typo_earlier_in_the_file_does_not_pass_as_chosen(
    api: httpx.AsyncClient, catalogue: Database
) -> None:
    anna = await register_learner(api)
    report = (await upload(anna, b"german\nHnud\nHnud\n")).json()
    assert report["suspicious_count"] == 2 and report["added_count"] == 0, report
    assert await deck_words(catalogue, anna) == {}
