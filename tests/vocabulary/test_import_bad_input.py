"""CSV files that are broken in the ways an attacker (or a bad export) makes them: refused
whole with a 422 and a reason, or for one bad row, that row rejected; never a 500."""

from __future__ import annotations

import httpx

from core.db import Database
from tests.helpers.learners import register_learner
from tests.vocabulary.test_exchange import catalogue, count_rows, upload

__all__ = ["catalogue"]  # the fixture, shared with the exchange tests


async def test_broken_files_are_refused_whole_with_a_reason(
    api: httpx.AsyncClient, catalogue: Database
) -> None:
    anna = await register_learner(api)
    cases = [
        (b"german," + b"x" * 140_000 + b"\nHund\n", "header row is longer than 64 KB"),
        (b"x" * 140_000 + b"\nHund\n", "header row is longer than 64 KB"),
        (b'german,english\nHund,dog\n"Katze,cat\n', "not valid CSV"),
        (b'german,english\nHund,dog\n"Katze"x,cat\n', "not valid CSV"),
        (b'german,english\nHund,"dog\n', "not valid CSV"),
    ]
    for data, reason in cases:
        response = await upload(anna, data)
        assert response.status_code == 422, (reason, response.text)
        body = response.json()
        assert reason in body["detail"] and body["code"] == "invalid", body
    assert await count_rows(catalogue) == (0, 0)


async def test_a_row_with_a_nul_character_is_rejected_and_the_others_imported(
    api: httpx.AsyncClient, catalogue: Database
) -> None:
    anna = await register_learner(api)
    data = b"german,english,tags\nHund,dog,\nKatze,c\x00at,\nBuch,book,a\x00b\n"
    response = await upload(anna, data)
    assert response.status_code == 200, response.text
    report = response.json()
    assert [word["lemma"] for word in report["added"]] == ["Hund"]
    assert [(row["row"], row["reason"]) for row in report["rejected"]] == [
        (3, "The row contains NUL characters."),
        (4, "The row contains NUL characters."),
    ]
