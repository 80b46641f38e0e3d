"""Words from an Anki package (.apkg) into a learner's deck, with their scheduling.

An .apkg is a zip holding a SQLite collection (`collection.anki21`, or `collection.anki2`
from older Anki versions). Each note becomes one row of the CSV import
(core.vocabulary.import_csv), so words are checked, added and merged the same way and the
report is the same; rows are numbered by note, the first note being 1.

Which field is which: fields named German / Deutsch / Word / Wort / Front / Vorderseite hold
the German word; English / Englisch / Translation / Meaning / Bedeutung / Back / Rückseite the
meaning; Article, Example and ExampleEnglish are read when present (so our own export,
core.vocabulary.export_apkg, imports back). A note type naming none of them gives its first
field as German and its second as the meaning. HTML and [sound:…] references are dropped.

Scheduling is kept for words the import adds (a word already in the deck keeps its own):
- our own export's Scheduling field restores each card's FSRS state exactly, the typed plural
  and verb-forms cards' too, and the word's own choice of those kinds (its "card_kinds"; as
  the CSV import's plural_card / verb_forms_card columns);
- otherwise Anki's cards table is mapped, ordinal 0 (the front side) to the recognition card
  and ordinal 1 to the recall card. A new Anki card stays new. A review card becomes an FSRS
  review card with stability = its interval in days (Anki's SM-2 intervals aim at about 90 %
  recall, which is what FSRS stability means), difficulty from its ease (250 % → 5, each
  15 points lower one harder, clamped to 1..10), due on its Anki due day, last reviewed at its
  latest revlog entry (or interval days before it is due). A learning card stays new (our
  learning steps start over); a relearning card becomes an FSRS relearning card at step 0 due
  now. Reps and lapses are copied; a suspended Anki card is suspended.

Refused whole, nothing written: over 10 MB; not a zip; a zip bomb (more than 2,000 entries,
over 200 MB uncompressed in total or in the collection); no collection, or only the
`collection.anki21b` of Anki 2.1.50+ without the legacy copy; a collection that is not SQLite
or lacks the notes/cards/col tables; more than 5,000 notes.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from core.card_kinds import OPTIONAL_CARD_KINDS
from core.clock import utcnow
from core.errors import Invalid
from core.reviews.scheduling import PHASE_NAMES, Phase
from core.vocabulary.exported_words import CARD_CHOICES, CARD_KINDS_KEY, card_choice_column
from core.vocabulary.import_csv import (
    MAX_IMPORT_ROWS,
    CardSchedule,
    ImportTooLarge,
    PreparedRow,
    prepare_cells,
)

MAX_APKG_BYTES = 10 * 1024 * 1024
MAX_APKG_ENTRIES = 2_000
MAX_APKG_UNCOMPRESSED = 200 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_COLLECTIONS = ("collection.anki21", "collection.anki2")

_FIELD_ROLES: dict[str, str] = {
    "german": "german",
    "deutsch": "german",
    "word": "german",
    "wort": "german",
    "front": "german",
    "vorderseite": "german",
    "english": "english",
    "englisch": "english",
    "translation": "english",
    "meaning": "english",
    "bedeutung": "english",
    "back": "english",
    "rückseite": "english",
    "article": "article",
    "artikel": "article",
    "example": "example_de",
    "beispiel": "example_de",
    "exampleenglish": "example_en",
    "example_en": "example_en",
    "scheduling": "scheduling",
}
_ROLE_ORDER = ("german", "english", "tags", "example_de", "example_en", "article")
_ANKI_ORDS = {0: "recognition", 1: "recall"}
_PHASES_BY_NAME = {name: Phase(value) for value, name in PHASE_NAMES.items()}
_TAG = re.compile(r"<[^>]*>")
_SOUND = re.compile(r"\[sound:[^\]]*\]")


class NotAnAnkiPackage(Invalid):
    code = "not_anki_package"
    default_message = "The file is not an Anki package."


def _plain(field: str) -> str:
    """An Anki field as plain text: no HTML, no sound references, whitespace collapsed."""
    text = _SOUND.sub(" ", _TAG.sub(" ", field.replace("<br>", "; ").replace("<br/>", "; ")))
    return " ".join(html.unescape(text).replace("\xa0", " ").split()).strip("; ")


def _extract_collection(data: bytes, directory: Path) -> Path:
    if len(data) > MAX_APKG_BYTES:
        raise ImportTooLarge(f"The file is larger than {MAX_APKG_BYTES // (1024 * 1024)} MB.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise NotAnAnkiPackage("The file is not an Anki package (.apkg): it is not a zip.") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_APKG_ENTRIES:
            raise NotAnAnkiPackage(f"The package has more than {MAX_APKG_ENTRIES:,} files.")
        if sum(entry.file_size for entry in entries) > MAX_APKG_UNCOMPRESSED:
            raise NotAnAnkiPackage("The package unpacks to more than 200 MB; it was not read.")
        names = {entry.filename: entry for entry in entries}
        entry = next((names[name] for name in _COLLECTIONS if name in names), None)
        if entry is None:
            if "collection.anki21b" in names:
                raise NotAnAnkiPackage(
                    "This package needs Anki 2.1.50 or later to read. In Anki, export it "
                    "again with “Support older Anki versions” ticked."
                )
            raise NotAnAnkiPackage("The package holds no Anki collection.")
        target = directory / "collection.sqlite"
        # Copied with a running count: the sizes a zip header claims can lie.
        with archive.open(entry) as source, target.open("wb") as sink:
            copied = 0
            while chunk := source.read(1024 * 1024):
                copied += len(chunk)
                if copied > MAX_APKG_UNCOMPRESSED:
                    raise NotAnAnkiPackage("The collection unpacks to more than 200 MB.")
                sink.write(chunk)
    with target.open("rb") as collection:
        if collection.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            raise NotAnAnkiPackage("The package's collection is not an SQLite database.")
    return target


def _field_names(
    db: sqlite3.Connection, tables: set[str], models_json: str
) -> dict[int, list[str]]:
    """Each note type's field names in order (from the fields table, or col.models before it)."""
    names: dict[int, list[str]] = {}
    if "fields" in tables:
        for ntid, name in db.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
            names.setdefault(int(ntid), []).append(str(name))
    if not names and models_json:
        try:
            models = json.loads(models_json)
        except ValueError:
            models = {}
        for model_id, model in models.items() if isinstance(models, dict) else ():
            fields = sorted(model.get("flds", []), key=lambda f: f.get("ord", 0))
            names[int(model_id)] = [str(f.get("name", "")) for f in fields]
    return names


def _roles(field_names: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, name in enumerate(field_names):
        role = _FIELD_ROLES.get("".join(name.casefold().split()))
        if role is not None:
            roles.setdefault(role, index)
    if "german" not in roles:
        roles["german"] = 0
        if "english" not in roles:
            roles["english"] = 1
    return roles


def _exported_json(field: str) -> dict[str, Any]:
    try:
        data = json.loads(html.unescape(field))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _choices_from_export(field: str) -> dict[str, str]:
    """The word's own choices in our export's Scheduling field, as the CSV import's cells
    ("on"/"off" by column); anything unreadable is no choice."""
    choices = _exported_json(field).get(CARD_KINDS_KEY)
    if not isinstance(choices, dict):
        return {}
    cells = {on: text for text, on in CARD_CHOICES.items()}
    return {
        card_choice_column(kind): cells[value]
        for kind, value in choices.items()
        if kind in OPTIONAL_CARD_KINDS and isinstance(value, bool)
    }


def _from_export(field: str) -> dict[str, CardSchedule]:
    """Our own export's Scheduling field back into card states (bad JSON: no scheduling)."""
    data = _exported_json(field)
    schedule: dict[str, CardSchedule] = {}
    for kind, state in data.items():
        if kind == CARD_KINDS_KEY:
            continue
        try:
            due_at = datetime.fromisoformat(state["due_at"])
            last = state.get("last_review_at")
            schedule[kind] = CardSchedule(
                phase=_PHASES_BY_NAME[state["phase"]],
                step=state.get("step"),
                stability=state.get("stability"),
                difficulty=state.get("difficulty"),
                due_at=due_at.astimezone(UTC),
                last_review_at=datetime.fromisoformat(last).astimezone(UTC) if last else None,
                reps=int(state.get("reps", 0)),
                lapses=int(state.get("lapses", 0)),
                suspended=bool(state.get("suspended", False)),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return schedule


@dataclass(frozen=True)
class _AnkiCard:
    ord: int
    type: int
    queue: int
    due: int
    ivl: int
    factor: int
    reps: int
    lapses: int
    last_review_ms: int | None


def _from_anki(card: _AnkiCard, created: datetime, now: datetime) -> CardSchedule | None:
    """An Anki card's SM-2 state as an FSRS state (the mapping is in the module docstring)."""
    suspended = card.queue == -1
    if card.type == 2 and card.ivl > 0:
        due_at = created + timedelta(days=card.due)
        difficulty = min(10.0, max(1.0, 5.0 + (2500 - (card.factor or 2500)) / 150))
        last = (
            datetime.fromtimestamp(card.last_review_ms / 1000, UTC)
            if card.last_review_ms
            else due_at - timedelta(days=card.ivl)
        )
        phase, step, stability = Phase.REVIEW, None, float(card.ivl)
    elif card.type == 3:
        due_at, last = (
            now,
            (
                datetime.fromtimestamp(card.last_review_ms / 1000, UTC)
                if card.last_review_ms
                else now
            ),
        )
        difficulty = min(10.0, max(1.0, 5.0 + (2500 - (card.factor or 2500)) / 150))
        phase, step, stability = Phase.RELEARNING, 0, float(max(card.ivl, 1))
    elif suspended or card.reps or card.lapses:
        return CardSchedule(Phase.NEW, 0, None, None, now, None, card.reps, card.lapses, suspended)
    else:
        return None
    return CardSchedule(
        phase, step, stability, difficulty, due_at, last, card.reps, card.lapses, suspended
    )


def _schedules(
    db: sqlite3.Connection, created: datetime, *, revlog: bool
) -> dict[int, dict[str, CardSchedule]]:
    now = utcnow()
    latest: dict[int, int] = (
        dict(db.execute("SELECT cid, MAX(id) FROM revlog GROUP BY cid").fetchall())
        if revlog
        else {}
    )
    schedules: dict[int, dict[str, CardSchedule]] = {}
    rows = db.execute("SELECT id, nid, ord, type, queue, due, ivl, factor, reps, lapses FROM cards")
    for cid, nid, ordinal, kind, queue, due, ivl, factor, reps, lapses in rows:
        if ordinal not in _ANKI_ORDS:
            continue
        card = _AnkiCard(ordinal, kind, queue, due, ivl, factor, reps, lapses, latest.get(cid))
        state = _from_anki(card, created, now)
        if state is not None:
            schedules.setdefault(int(nid), {})[_ANKI_ORDS[ordinal]] = state
    return schedules


def _read_notes(collection: Path) -> list[PreparedRow]:
    try:
        db = sqlite3.connect(f"file:{collection}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise NotAnAnkiPackage("The package's collection cannot be opened.") from exc
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = {"notes", "cards", "col"} - tables
        if missing:
            raise NotAnAnkiPackage(
                "The package's collection is not an Anki collection (no "
                + ", ".join(sorted(missing))
                + " table)."
            )
        (count,) = db.execute("SELECT COUNT(*) FROM notes").fetchone()
        if count > MAX_IMPORT_ROWS:
            raise ImportTooLarge(
                f"The package has more than {MAX_IMPORT_ROWS:,} notes; split it up."
            )
        crt, models_json = db.execute("SELECT crt, models FROM col").fetchone()
        created = datetime.fromtimestamp(int(crt or 0), UTC)
        field_names = _field_names(db, tables, str(models_json or ""))
        schedules = _schedules(db, created, revlog="revlog" in tables)
        prepared: list[PreparedRow] = []
        notes = db.execute("SELECT id, mid, flds, tags FROM notes ORDER BY id")
        for number, (note_id, model_id, flds, tags) in enumerate(notes, start=1):
            fields = str(flds).split("\x1f")
            roles = _roles(field_names.get(int(model_id), []))

            def field(role: str, fields: list[str] = fields, roles: dict[str, int] = roles) -> str:
                index = roles.get(role)
                return fields[index] if index is not None and index < len(fields) else ""

            cells = [_plain(field(role)) for role in _ROLE_ORDER if role != "tags"]
            cells.insert(_ROLE_ORDER.index("tags"), ";".join(str(tags).split()))
            columns = {role: index for index, role in enumerate(_ROLE_ORDER)}
            exported = field("scheduling")
            for column, choice in _choices_from_export(exported).items():
                columns[column] = len(cells)
                cells.append(choice)
            schedule: Mapping[str, CardSchedule] = (
                _from_export(exported) if exported else schedules.get(int(note_id), {})
            )
            prepared.append(prepare_cells(number, cells, columns, schedule))
        return prepared
    except sqlite3.Error as exc:
        raise NotAnAnkiPackage(f"The package's collection cannot be read: {exc}.") from exc
    finally:
        db.close()


def read_apkg(data: bytes) -> list[PreparedRow]:
    """Blocking (runs in a thread): unpack the collection into a temporary directory and read
    its notes as import rows. Raises ImportTooLarge or NotAnAnkiPackage for unusable files."""
    directory = Path(tempfile.mkdtemp(prefix="tutor-apkg-in-"))
    try:
        return _read_notes(_extract_collection(data, directory))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
