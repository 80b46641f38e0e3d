"""Anki packages (.apkg) into the deck through the API: fields, scheduling, bad packages."""

from __future__ import annotations

import io
import json
import sqlite3
import struct
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from core.clock import utcnow
from core.db import Database
from core.maintenance import purge_expired
from core.models import Card, DeckImport, DeckWord, User
from core.settings import Settings
from core.vocabulary import import_csv, import_jobs
from tests.helpers.learners import Learner, register_learner
from tests.helpers.worker import run_queued_jobs
from tests.vocabulary.test_exchange import (
    DECK,
    REVIEWED_DUE_AT,
    add_words,
    catalogue,
    count_rows,
    deck_words,
    review_first_card,
)

__all__ = ["catalogue"]

CREATED = datetime(2025, 1, 1, tzinfo=UTC)
DAY = 86_400


def anki_collection(
    path: Path,
    notes: list[tuple[int, str, str]],
    cards: list[tuple[int, int, int, int, int, int, int, int, int, int]],
    revlog: list[tuple[int, int]] = (),  # type: ignore[assignment]
    field_names: tuple[str, ...] = ("Front", "Back"),
) -> None:
    """A minimal Anki 2 collection: one note type, notes (id, fields, tags) and cards
    (id, nid, ord, type, queue, due, ivl, factor, reps, lapses)."""
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE col (id INTEGER PRIMARY KEY, crt INTEGER, models TEXT);"
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, mid INTEGER, flds TEXT, tags TEXT);"
        "CREATE TABLE cards (id INTEGER PRIMARY KEY, nid INTEGER, ord INTEGER, type INTEGER,"
        " queue INTEGER, due INTEGER, ivl INTEGER, factor INTEGER, reps INTEGER,"
        " lapses INTEGER);"
        "CREATE TABLE revlog (id INTEGER PRIMARY KEY, cid INTEGER);"
    )
    models = {"77": {"flds": [{"name": n, "ord": i} for i, n in enumerate(field_names)]}}
    db.execute("INSERT INTO col VALUES (1, ?, ?)", (int(CREATED.timestamp()), json.dumps(models)))
    db.executemany("INSERT INTO notes VALUES (?, 77, ?, ?)", notes)
    db.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?)", cards)
    db.executemany("INSERT INTO revlog VALUES (?, ?)", revlog)
    db.commit()
    db.close()


def package(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sample_package(tmp_path: Path) -> bytes:
    path = tmp_path / "c.anki2"
    last_review = CREATED + timedelta(days=90)
    anki_collection(
        path,
        notes=[
            (1, "der <b>Apfel</b>\x1fapple<br>[sound:apfel.mp3]", " obst lecker "),
            (2, "quatschig\x1fsilly; daft", ""),
            (3, "&nbsp;\x1fnothing", ""),
            (4, "Kuddelmuddel\x1fa mess", ""),
        ],
        cards=[
            # Apfel: German → English reviewed (interval 30 days, ease 220 %), due on day 100.
            (11, 1, 0, 2, 2, 100, 30, 2200, 7, 2),
            (12, 1, 1, 0, 0, 5, 0, 0, 0, 0),
            # quatschig: both sides new, the reverse one suspended.
            (21, 2, 0, 0, 0, 6, 0, 0, 0, 0),
            (22, 2, 1, 0, -1, 7, 0, 0, 0, 0),
            (41, 4, 0, 1, 1, 1_700_000_000, 0, 2500, 1, 0),
        ],
        revlog=[(int(last_review.timestamp() * 1000), 11), (1_000, 11)],
    )
    return package({"collection.anki2": path.read_bytes(), "media": b"{}"})


async def upload_apkg(learner: Learner, data: bytes, name: str = "deck.apkg") -> httpx.Response:
    return await learner.post(
        f"{DECK}/import", files={"file": (name, data, "application/octet-stream")}
    )


async def cards_of(db: Database, learner: Learner, lemma: str) -> dict[str, Card]:
    async with db.sessionmaker() as session:
        cards = await session.scalars(
            select(Card)
            .join(DeckWord, DeckWord.id == Card.deck_word_id)
            .where(DeckWord.user_id == learner.id, DeckWord.lemma == lemma)
        )
        return {card.kind: card for card in cards}


async def test_an_anki_package_adds_its_notes_with_their_scheduling(
    api: httpx.AsyncClient, catalogue: Database, tmp_path: Path
) -> None:
    anna = await register_learner(api)
    response = await upload_apkg(anna, sample_package(tmp_path))
    assert response.status_code == 200, response.text
    report = response.json()
    assert [w["text"] for w in report["added"]] == ["der Apfel", "quatschig", "Kuddelmuddel"]
    assert report["rejected"] == [{"row": 3, "text": "", "reason": "The German cell is empty."}]
    words = await deck_words(catalogue, anna)
    assert set(words) == {"Apfel", "quatschig", "Kuddelmuddel"}
    assert sorted(words["Apfel"].tags) == ["lecker", "obst"]
    assert words["quatschig"].translations == ["silly", "daft"]

    apfel = await cards_of(catalogue, anna, "Apfel")
    recognition = apfel["recognition"]
    assert (recognition.phase, recognition.step, recognition.stability) == (2, None, 30.0)
    assert recognition.difficulty == 7.0  # ease 220 %: two steps of 15 points harder than 5
    assert recognition.due_at == CREATED + timedelta(days=100)
    assert recognition.last_review_at == CREATED + timedelta(days=90)
    assert (recognition.reps, recognition.lapses) == (7, 2)
    assert apfel["recall"].phase == 0 and apfel["recall"].reps == 0
    quatschig = await cards_of(catalogue, anna, "quatschig")
    assert quatschig["recall"].suspended_at is not None
    assert quatschig["recognition"].suspended_at is None
    # A learning card starts over as new, keeping its count of reviews.
    kuddel = (await cards_of(catalogue, anna, "Kuddelmuddel"))["recognition"]
    assert (kuddel.phase, kuddel.reps) == (0, 1)


async def test_our_own_package_imports_back_with_every_fsrs_state(
    api: httpx.AsyncClient, catalogue: Database
) -> None:
    anna = await register_learner(api)
    bert = await register_learner(api)
    await add_words(catalogue, anna, slugs=["hund-noun"], typed=["quatschig"], tags=["anna"])
    await review_first_card(catalogue, anna, "Hund")
    await add_words(catalogue, bert, slugs=["katze-noun"])
    exported = (await anna.get(f"{DECK}/export.apkg")).content

    report = (await upload_apkg(bert, exported)).json()
    assert (report["added_count"], report["merged_count"], report["rejected_count"]) == (2, 0, 0)
    hund = await cards_of(catalogue, bert, "Hund")
    assert hund["recognition"].due_at == REVIEWED_DUE_AT
    assert hund["recognition"].stability == 12.3457
    assert (hund["recognition"].reps, hund["recognition"].lapses) == (4, 1)
    assert hund["article"].phase == 0
    # Anna's deck is untouched, and re-importing merges instead of duplicating.
    assert set(await deck_words(catalogue, anna)) == {"Hund", "quatschig"}
    again = (await upload_apkg(bert, exported)).json()
    assert (again["added_count"], again["merged_count"]) == (0, 2)
    assert set(await deck_words(catalogue, bert)) == {"Hund", "quatschig", "Katze"}


def _claim_huge_size(data: bytes) -> bytes:
    """The zip's central directory claims a 2 GB entry (a zip bomb's header)."""
    at = data.index(b"PK\x01\x02")
    return data[: at + 24] + struct.pack("<I", 0x7FFF_FFFF) + data[at + 28 :]


async def test_bad_packages_are_refused_whole(
    api: httpx.AsyncClient, catalogue: Database, tmp_path: Path
) -> None:
    anna = await register_learner(api)
    no_tables = tmp_path / "empty.anki2"
    sqlite3.connect(no_tables).execute("CREATE TABLE other (x)").connection.close()
    many = package({f"{n}": b"" for n in range(2_001)})
    cases: list[tuple[bytes, int, str]] = [
        (b"PK\x03\x04 not really a zip", 422, "not a zip"),
        (package({"media": b"{}"}), 422, "no Anki collection"),
        (package({"collection.anki21b": b"zstd"}), 422, "Support older Anki versions"),
        (package({"collection.anki2": b"hello"}), 422, "not an SQLite database"),
        (package({"collection.anki2": no_tables.read_bytes()}), 422, "no cards, col, notes"),
        (_claim_huge_size(package({"collection.anki2": b"x"})), 422, "more than 200 MB"),
        (many, 422, "more than 2,000 files"),
        (b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024), 413, "10 MB"),
    ]
    for data, status, reason in cases:
        response = await upload_apkg(anna, data)
        assert response.status_code == status, (reason, response.text)
        assert reason in response.json()["detail"], (reason, response.json())
    assert await count_rows(catalogue) == (0, 0)


async def test_a_large_file_is_imported_by_a_job_whole_and_polled(
    api: httpx.AsyncClient,
    catalogue: Database,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(import_jobs, "LARGE_IMPORT_ROWS", 4)
    monkeypatch.setattr(import_csv, "PROGRESS_EVERY", 2)
    anna = await register_learner(api)
    bert = await register_learner(api)
    rows = "\n".join(["german,english", "Hund,dog", "Katze,cat", "laufen,run", ",x", "Haus,"])
    response = await upload_apkg(anna, rows.encode(), name="gross.csv")
    assert response.status_code == 202, response.text
    started = response.json()
    assert (started["status"], started["total"], started["done"]) == ("pending", 5, 0)
    assert started["report"] is None and started["file_name"] == "gross.csv"
    url = f"{DECK}/imports/{started['id']}"
    assert (await anna.get(url)).json()["status"] == "pending"
    assert await deck_words(catalogue, anna) == {}  # nothing yet: the job imports it whole
    assert (await bert.get(url)).status_code == 404

    await run_queued_jobs(settings)
    finished = (await anna.get(url)).json()
    assert (finished["status"], finished["done"]) == ("done", 5), finished
    report = finished["report"]
    assert (report["added_count"], report["rejected_count"]) == (4, 1)
    assert set(await deck_words(catalogue, anna)) == {"Hund", "Katze", "laufen", "Haus"}
    assert await deck_words(catalogue, bert) == {}
    for bad in ("0", "-1", "abc", "99999999999999999999"):
        assert (await anna.get(f"{DECK}/imports/{bad}")).status_code in (404, 422), bad


async def test_imports_are_purged_a_week_after_their_last_change(db: Database) -> None:
    async with db.unit_of_work() as session:
        user = User(email=None, display_name="Old importer")
        session.add(user)
        await session.flush()
        old, recent = (
            DeckImport(
                user_id=user.id,
                file_name=name,
                data=b"german\n",
                status="running",
                total=2_000,
                done=500,
                updated_at=utcnow() - timedelta(days=days),
            )
            for name, days in (("old.csv", 8), ("recent.csv", 1))
        )
        session.add_all([old, recent])
    async with db.unit_of_work() as session:
        counts = await purge_expired(session)
    assert counts["deck_imports"] == 1
    async with db.sessionmaker() as session:
        left = await session.scalars(select(DeckImport.file_name))
        assert list(left) == ["recent.csv"]


async def test_a_large_import_that_breaks_writes_nothing_and_says_so(
    api: httpx.AsyncClient,
    catalogue: Database,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(import_jobs, "LARGE_IMPORT_ROWS", 2)
    real_import_rows = import_jobs.import_rows

    async def breaks_halfway(*args: Any, **kwargs: Any) -> Any:
        await real_import_rows(*args, **kwargs)  # every row written in the transaction…
        raise RuntimeError("the database went away")  # …and then it is rolled back

    monkeypatch.setattr(import_jobs, "import_rows", breaks_halfway)
    anna = await register_learner(api)
    started = await upload_apkg(anna, b"german\nHund\nKatze\nlaufen\n", name="w.csv")
    assert started.status_code == 202, started.text
    await run_queued_jobs(settings)
    failed = (await anna.get(f"{DECK}/imports/{started.json()['id']}")).json()
    assert failed["status"] == "failed", failed
    assert "could not be finished" in failed["error"]
    assert failed["report"] is None
    assert await deck_words(catalogue, anna) == {}
