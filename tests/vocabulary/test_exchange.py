"""Deck export (CSV, Anki) and CSV import, through the API on the real database."""

from __future__ import annotations

import csv
import html
import io
import json
import sqlite3
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from core.db import Database
from core.models import Card, DeckWord, User, VocabularyItem
from core.vocabulary.adding import add_catalogue_word, add_typed_word
from core.vocabulary.catalogue import get_catalogue_word
from core.vocabulary.export_csv import CSV_COLUMNS
from seeds.loader import load_content
from tests.helpers.learners import Learner, register_learner

DECK = "/api/v1/vocabulary/deck"
REVIEWED_DUE_AT = datetime(2031, 5, 4, 3, 2, 1, tzinfo=UTC)


@pytest.fixture
async def catalogue(db: Database) -> Database:
    """The seed catalogue. Loading is idempotent but takes seconds, so it is skipped when an
    earlier test (or the session) already loaded it and `db` kept it."""
    async with db.unit_of_work() as session:
        if await session.scalar(
            select(VocabularyItem.id).where(VocabularyItem.slug == "hund-noun")
        ):
            return db
        await load_content(session)
    return db


async def add_words(
    db: Database,
    learner: Learner,
    slugs: Sequence[str] = (),
    typed: Sequence[str] = (),
    tags: Sequence[str] = (),
) -> None:
    async with db.unit_of_work() as session:
        user = await session.get(User, learner.id)
        assert user is not None
        for slug in slugs:
            await add_catalogue_word(
                session, user, await get_catalogue_word(session, slug), tags=tags
            )
        for text in typed:
            await add_typed_word(session, user, text, tags=tags)


async def review_first_card(db: Database, learner: Learner, lemma: str) -> None:
    """Give one card a reviewed FSRS state, as if the learner had studied it."""
    async with db.unit_of_work() as session:
        card = await session.scalar(
            select(Card)
            .join(DeckWord, DeckWord.id == Card.deck_word_id)
            .where(DeckWord.user_id == learner.id, DeckWord.lemma == lemma)
            .where(Card.kind == "recognition")
        )
        assert card is not None
        card.phase, card.step, card.stability, card.difficulty = 2, None, 12.3456789, 5.5
        card.due_at = REVIEWED_DUE_AT
        card.last_review_at = REVIEWED_DUE_AT - timedelta(days=12)
        card.reps, card.lapses = 4, 1


async def deck_words(db: Database, learner: Learner) -> dict[str, DeckWord]:
    async with db.sessionmaker() as session:
        words = await session.scalars(select(DeckWord).where(DeckWord.user_id == learner.id))
        return {w.lemma: w for w in words}


async def count_rows(db: Database) -> tuple[int, int]:
    async with db.sessionmaker() as session:
        words = await session.scalar(select(func.count()).select_from(DeckWord))
        cards = await session.scalar(select(func.count()).select_from(Card))
        return words or 0, cards or 0


def read_csv(body: bytes) -> list[dict[str, str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to show umlauts"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


async def upload(learner: Learner, data: bytes, name: str = "words.csv") -> httpx.Response:
    return await learner.post(f"{DECK}/import", files={"file": (name, data, "text/csv")})


def open_apkg(body: bytes, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert "collection.anki2" in archive.namelist()
        path = tmp_path / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(path)


def anki_notes(body: bytes, tmp_path: Path) -> dict[str, tuple[str, list[str], str]]:
    """German word → (guid, fields, tags) of every note in the package."""
    connection = open_apkg(body, tmp_path)
    try:
        rows = connection.execute("SELECT guid, flds, tags FROM notes").fetchall()
    finally:
        connection.close()
    notes = {}
    for guid, flds, tags in rows:
        fields = [html.unescape(f) for f in flds.split("\x1f")]
        notes[fields[0]] = (guid, fields, tags.strip())
    return notes


async def test_csv_export_round_trips_through_import(
    api: httpx.AsyncClient, catalogue: Database
) -> None:
    anna = await register_learner(api)
    await add_words(catalogue, anna, slugs=["hund-noun", "laufen-verb", "essen-noun"], tags=["zoo"])
    await add_words(catalogue, anna, slugs=["essen-verb"])
    await add_words(catalogue, anna, typed=["Fernweh", "quatschig"])
    await review_first_card(catalogue, anna, "Hund")
    async with catalogue.unit_of_work() as session:
        own = await session.scalar(
            select(DeckWord).where(DeckWord.user_id == anna.id, DeckWord.lemma == "quatschig")
        )
        assert own is not None
        own.translations = ["=silly", "daft"]  # a formula-looking cell must survive the trip

    exported = await anna.get(f"{DECK}/export.csv")
    assert exported.status_code == 200, exported.text
    assert exported.headers["content-type"].startswith("text/csv")
    assert 'filename="german-tutor.csv"' in exported.headers["content-disposition"]
    rows = read_csv(exported.content)
    assert tuple(rows[0]) == CSV_COLUMNS
    by_word = {(r["german"], r["part_of_speech"]): r for r in rows}
    assert len(by_word) == 6
    hund = by_word["Hund", "noun"]
    assert (hund["article"], hund["plural"], hund["english"]) == ("der", "Hunde", "dog")
    assert (hund["tags"], hund["level"]) == ("zoo", "A1")
    assert hund["example_de"] and hund["example_en"]
    assert hund["recognition_due"] == "2031-05-04T03:02:01+00:00"
    assert hund["recall_due"] and hund["article_due"]
    assert (hund["reps"], hund["lapses"]) == ("4", "1")
    assert by_word["laufen", "verb"]["article_due"] == ""
    assert by_word["laufen", "verb"]["article"] == ""
    fernweh = by_word["Fernweh", "noun"]
    assert (fernweh["article"], fernweh["level"], fernweh["english"]) == ("das", "", "")
    assert by_word["quatschig", "unknown"]["english"] == "'=silly; daft"
    before = await count_rows(catalogue)

    imported = await upload(anna, exported.content)
    assert imported.status_code == 200, imported.text
    report = imported.json()
    assert (report["added_count"], report["merged_count"], report["rejected_count"]) == (0, 6, 0)
    assert all(m["updated"] == [] for m in report["merged"]), report["merged"]
    assert await count_rows(catalogue) == before
    words = await deck_words(catalogue, anna)
    assert words["quatschig"].translations == ["=silly", "daft"]
    assert words["Hund"].tags == ["zoo"]
    again = await anna.get(f"{DECK}/export.csv")
    assert read_csv(again.content) == rows


async def test_apkg_export_is_an_anki_package_with_scheduling(
    api: httpx.AsyncClient, catalogue: Database, tmp_path: Path
) -> None:
    anna = await register_learner(api)
    await add_words(catalogue, anna, slugs=["hund-noun", "katze-noun"], tags=["pets & more"])
    await add_words(catalogue, anna, typed=["quatschig"])
    await review_first_card(catalogue, anna, "Hund")

    exported = await anna.get(f"{DECK}/export.apkg")
    assert exported.status_code == 200, exported.text
    assert exported.headers["content-type"] == "application/octet-stream"
    assert 'filename="german-tutor.apkg"' in exported.headers["content-disposition"]
    notes = anki_notes(exported.content, tmp_path)
    assert set(notes) == {"Hund", "Katze", "quatschig"}
    _, fields, tags = notes["Hund"]
    german, article, plural, english, example, example_en, scheduling = fields
    assert (german, article, plural, english) == ("Hund", "der", "Hunde", "dog")
    assert example and example_en
    assert tags == "pets_&_more"
    state = json.loads(scheduling)
    assert set(state) == {"recognition", "recall", "article"}
    assert state["recognition"]["phase"] == "review"
    assert state["recognition"]["due_at"] == "2031-05-04T03:02:01+00:00"
    assert state["recognition"]["stability"] == 12.3457
    assert (state["recognition"]["reps"], state["recognition"]["lapses"]) == (4, 1)
    assert state["recall"]["phase"] == "new"
    assert set(json.loads(notes["quatschig"][1][6])) == {"recognition", "recall"}

    connection = open_apkg(exported.content, tmp_path)
    try:
        card_count = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
        models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
    finally:
        connection.close()
    # Both directions for words with a translation; no English → German card without one.
    assert card_count == 2 + 2 + 1
    (model,) = models.values()
    assert [f["name"] for f in model["flds"]] == [
        "German",
        "Article",
        "Plural",
        "English",
        "Example",
        "ExampleEnglish",
        "Scheduling",
    ]
    assert [t["name"] for t in model["tmpls"]] == ["German → English", "English → German"]

    # A later export keeps note ids, so Anki updates instead of duplicating.
    later = anki_notes((await anna.get(f"{DECK}/export.apkg")).content, tmp_path)
    assert {w: n[0] for w, n in later.items()} == {w: n[0] for w, n in notes.items()}


async def test_import_report_for_a_mixed_file(api: httpx.AsyncClient, catalogue: Database) -> None:
    anna = await register_learner(api)
    await add_words(catalogue, anna, slugs=["katze-noun"], tags=["old"])
    content = "\n".join(
        [
            "German,English,Tags,Example_DE",
            "Hund,,animals,",  # 2: catalogue word, added
            "Katze,,new,",  # 3: already in the deck, merged
            "Quatschwort,nonsense word,made-up,Das ist ein Quatschwort.",  # 4: typed, added
            "Hund,,pets,",  # 5: earlier in this file, merged
            f"{'Donaudampfschiff' * 6},,,",  # 6: too long
            ",an orphan translation,,",  # 7: empty German
            "?!…,,,",  # 8: punctuation only
            ",,,",  # 9: blank, skipped
            "quatschwort,other,more,Noch ein Beispiel.",  # 10: merged, fills nothing
        ]
    )
    response = await upload(anna, content.encode())
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["added_count"], report["merged_count"], report["rejected_count"]) == (2, 3, 3)
    assert [(a["row"], a["lemma"]) for a in report["added"]] == [(2, "Hund"), (4, "Quatschwort")]
    assert [(m["row"], m["lemma"], m["updated"]) for m in report["merged"]] == [
        (3, "Katze", ["tags"]),
        (5, "Hund", ["tags"]),
        (10, "Quatschwort", ["tags"]),
    ]
    rejected = {r["row"]: r for r in report["rejected"]}
    assert set(rejected) == {6, 7, 8}
    assert "80 characters" in rejected[6]["reason"]
    assert len(rejected[6]["text"]) <= 100
    assert "empty" in rejected[7]["reason"]
    assert "no letters" in rejected[8]["reason"] and rejected[8]["text"] == "?!…"

    words = await deck_words(catalogue, anna)
    assert set(words) == {"Hund", "Katze", "Quatschwort"}
    assert words["Hund"].tags == ["animals", "pets"]
    assert words["Hund"].source == "import" and words["Hund"].vocabulary_item_id is not None
    assert words["Katze"].tags == ["new", "old"]
    own = words["Quatschwort"]
    assert (own.source, own.vocabulary_item_id) == ("import", None)
    assert own.translations == ["nonsense word"]
    assert own.example_de == "Das ist ein Quatschwort."
    assert own.enrichment == "pending"  # the example translation is still to come
    assert own.tags == ["made-up", "more"]


async def test_merge_fills_a_missing_translation_of_own_words_only(
    api: httpx.AsyncClient, catalogue: Database
) -> None:
    anna = await register_learner(api)
    await add_words(catalogue, anna, slugs=["hund-noun"], typed=["quatschig"])
    response = await upload(anna, b"word,translation\nquatschig,silly\nHund,hound\n")
    assert response.status_code == 200, response.text
    merged = {m["lemma"]: m["updated"] for m in response.json()["merged"]}
    assert merged == {"quatschig": ["translations"], "Hund": []}
    words = await deck_words(catalogue, anna)
    assert words["quatschig"].translations == ["silly"]
    assert words["Hund"].translations == ["dog"]


@pytest.mark.parametrize("delimiter", [";", "\t"])
async def test_semicolon_and_tab_delimited_files(
    api: httpx.AsyncClient, catalogue: Database, delimiter: str
) -> None:
    anna = await register_learner(api)
    lines = [["Deutsch", "Englisch", "Tags"], ["Katze", "cat", "tiere, haus"], ["Buch", "", ""]]
    content = "\r\n".join(delimiter.join(line) for line in lines)
    response = await upload(anna, b"\xef\xbb\xbf" + content.encode())
    assert response.status_code == 200, response.text
    assert response.json()["added_count"] == 2
    words = await deck_words(catalogue, anna)
    assert words["Katze"].tags == ["haus", "tiere"]
    assert set(words) == {"Katze", "Buch"}


async def test_single_column_file(api: httpx.AsyncClient, catalogue: Database) -> None:
    anna = await register_learner(api)
    await add_words(catalogue, anna, slugs=["katze-noun"])
    content = "WORD\r\nHund\r\n\r\nKat\u00adze\r\nsch\u00f6n\u200b\r\nBel\x07lo\r\n"
    response = await upload(anna, content.encode())
    assert response.status_code == 200, response.text
    report = response.json()
    assert [(a["row"], a["lemma"]) for a in report["added"]] == [(2, "Hund"), (5, "sch\u00f6n")]
    assert [(m["row"], m["lemma"]) for m in report["merged"]] == [(4, "Katze")]
    assert [(r["row"], r["reason"]) for r in report["rejected"]] == [
        (6, "The German cell contains control characters.")
    ]


async def test_bad_files_are_refused_whole(api: httpx.AsyncClient, catalogue: Database) -> None:
    anna = await register_learner(api)
    latin1 = "german,english\nHund,dog\nschön,beautiful\n".encode("latin-1")
    no_german = b"english,tags\ndog,animals\n"
    bad_quoting = b'german,english\nHund,dog\n"Katze,cat\n' + b"x" * 200_000 + b"\n"
    cases: list[tuple[bytes, int, str]] = [
        (latin1, 422, "not UTF-8"),
        (no_german, 422, "German column"),
        (b"", 422, "empty"),
        (bad_quoting, 422, "not valid CSV"),
        (b"german\n" + b"Hund\n" * 600_000, 413, "2 MB"),
        (b"german\n" + b"Hund\n" * 5_001, 413, "5,000 rows"),
    ]
    for data, status, reason in cases:
        response = await upload(anna, data)
        assert response.status_code == status, (reason, response.text)
        body: dict[str, Any] = response.json()
        assert reason in body["detail"], body
    assert await count_rows(catalogue) == (0, 0)


async def test_a_learner_exports_only_their_own_words(
    api: httpx.AsyncClient, catalogue: Database, tmp_path: Path
) -> None:
    anna = await register_learner(api)
    bert = await register_learner(api)
    await add_words(catalogue, anna, slugs=["hund-noun"], typed=["quatschig"], tags=["anna"])
    await add_words(catalogue, bert, slugs=["katze-noun"])

    assert (await api.get(f"{DECK}/export.csv")).status_code == 401
    assert (await api.get(f"{DECK}/export.apkg")).status_code == 401
    assert (
        await api.post(f"{DECK}/import", files={"file": ("a.csv", b"german\nHund\n")})
    ).status_code == 401

    rows = read_csv((await bert.get(f"{DECK}/export.csv")).content)
    assert [r["german"] for r in rows] == ["Katze"]
    notes = anki_notes((await bert.get(f"{DECK}/export.apkg")).content, tmp_path)
    assert set(notes) == {"Katze"}

    # Bert importing the same words touches only his own deck.
    report = (await upload(bert, b"german,tags\nHund,bert\n")).json()
    assert report["added_count"] == 1
    assert (await deck_words(catalogue, anna))["Hund"].tags == ["anna"]
