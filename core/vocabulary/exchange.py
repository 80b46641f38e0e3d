"""A learner's deck in and out: CSV export and import, and an Anki package (.apkg) export.

CSV export (`export_csv`)
    UTF-8 with a byte-order mark (so Excel shows umlauts; our import and every CSV library
    accept it), comma-delimited, RFC 4180 quoting, CRLF line ends, one header row, then one
    row per deck word, oldest first. Columns:

    german          the word without its article ("Hund", "laufen", "guten Appetit")
    article         der / die / das for nouns, empty otherwise
    plural          noun plural, empty when none or unknown
    part_of_speech  noun, verb, adjective, phrase, ... ("unknown" for a typed word not yet
                    analysed)
    english         translations joined with "; "
    example_de      example sentence
    example_en      its translation
    tags            the learner's tags joined with "; "
    level           CEFR level of a catalogue word, empty for the learner's own words
    recognition_due when the German → English card is next due (ISO 8601, UTC)
    recall_due      when the English → German card is next due (ISO 8601, UTC)
    article_due     when the der/die/das card is next due; empty for words without one
    reps            reviews of all the word's cards together
    lapses          lapses (forgotten after learning) of all the word's cards together

    A text cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a
    carriage return) is written with a leading apostrophe; the import removes it again.

CSV import (`import_csv`)
    The header row is required and must name a German column ("german", "deutsch", "word"
    or "wort", any case). Optional columns: english / translation(s), tags, example_de
    (or "example"), example_en, article, part_of_speech; others are ignored, so an exported
    file imports as it is. The delimiter (comma, semicolon or tab) is taken from the header,
    with csv.Sniffer as the fallback. At most 2 MB and 5,000 rows. A malformed file (not
    UTF-8, no German column, broken quoting) is refused as a whole and nothing is written; a
    bad row is rejected with its row number (the header is row 1, as in a spreadsheet) and a
    reason while the other rows are imported.
"""

from __future__ import annotations

import asyncio
import csv
import html
import io
import itertools
import json
import sqlite3
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path

import genanki
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.errors import Invalid
from core.german import GENDER_BY_ARTICLE, article_of
from core.models import Card, DeckWord, User, VocabularyItem
from core.vocabulary.service import (
    PHASE_NAMES,
    add_catalogue_word,
    add_typed_word,
    find_catalogue_match,
)
from core.vocabulary.text import lemma_key, split_article

CSV_COLUMNS = (
    "german",
    "article",
    "plural",
    "part_of_speech",
    "english",
    "example_de",
    "example_en",
    "tags",
    "level",
    "recognition_due",
    "recall_due",
    "article_due",
    "reps",
    "lapses",
)
LIST_SEPARATOR = "; "
_CARD_KINDS = ("recognition", "recall", "article")

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5_000
MAX_WORD_CHARS = 80
MAX_TRANSLATION_CHARS = 200
MAX_TRANSLATIONS = 10
MAX_EXAMPLE_CHARS = 300
MAX_TAG_CHARS = 40
MAX_TAGS = 20
_REPORTED_TEXT_CHARS = 100

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_HEADER_ROLES: dict[str, str] = {
    "german": "german",
    "deutsch": "german",
    "word": "german",
    "wort": "german",
    "english": "english",
    "englisch": "english",
    "translation": "english",
    "translations": "english",
    "tags": "tags",
    "tag": "tags",
    "example_de": "example_de",
    "example": "example_de",
    "beispiel": "example_de",
    "example_en": "example_en",
    "example_english": "example_en",
    "article": "article",
    "artikel": "article",
    "part_of_speech": "pos",
    "pos": "pos",
}
_DELIMITERS = (",", ";", "\t")

APKG_FIELDS = ("German", "Article", "Plural", "English", "Example", "ExampleEnglish", "Scheduling")
APKG_DECK_NAME = "German Tutor"
_APKG_CARD_ORDS = {"recognition": 0, "recall": 1}
_APKG_BACK_DETAILS = (
    "{{#Plural}}<div class=plural>Plural: {{Plural}}</div>{{/Plural}}"
    "{{#Example}}<div class=example>{{Example}}</div>{{/Example}}"
    "{{#ExampleEnglish}}<div class=example-en>{{ExampleEnglish}}</div>{{/ExampleEnglish}}"
)
_APKG_GERMAN = (
    "<div class=de>{{#Article}}<span class=article>{{Article}}</span> {{/Article}}{{German}}</div>"
)
_APKG_TEMPLATES = (
    {
        "name": "German → English",
        "qfmt": _APKG_GERMAN,
        "afmt": "{{FrontSide}}<hr id=answer><div class=en>{{English}}</div>" + _APKG_BACK_DETAILS,
    },
    {
        "name": "English → German",
        "qfmt": "<div class=en>{{English}}</div>",
        "afmt": "{{FrontSide}}<hr id=answer>" + _APKG_GERMAN + _APKG_BACK_DETAILS,
    },
)
_APKG_CSS = """.card { font-family: sans-serif; font-size: 24px; text-align: center; }
.article { color: #666; }
.plural, .example, .example-en { font-size: 18px; margin-top: 8px; }
.example-en { color: #666; }
"""


class ImportTooLarge(Invalid):
    """The upload is over the size or row limit: refused whole, nothing written (HTTP 413)."""

    code = "too_large"
    status = 413
    default_message = "The file is too large."


class ImportedWord(BaseModel):
    row: int = Field(description="Row number in the file; the header is row 1.")
    text: str = Field(description="The German cell as it was read.")
    deck_word_id: int
    lemma: str
    updated: list[str] = Field(
        default_factory=list,
        description="For a merged word: what the row added (tags, translations, examples).",
    )


class RejectedRow(BaseModel):
    row: int = Field(description="Row number in the file; the header is row 1.")
    text: str = Field(description="The German cell (shortened when long).")
    reason: str


class ImportReport(BaseModel):
    added: list[ImportedWord] = Field(description="New words, with their cards.")
    merged: list[ImportedWord] = Field(
        description="Words already in the deck (or earlier in the file); new tags were added "
        "and, for your own words, missing translations and examples filled in."
    )
    rejected: list[RejectedRow]
    added_count: int
    merged_count: int
    rejected_count: int


# --- export ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ExportedWord:
    word: DeckWord
    item: VocabularyItem | None
    cards: dict[str, Card]

    @property
    def article(self) -> str:
        return article_of(self.word.gender) or ""

    # Catalogue words show the catalogue's current text, as the deck views do.
    @property
    def translations(self) -> list[str]:
        return list(self.item.translations if self.item else self.word.translations)

    @property
    def example_de(self) -> str:
        return (self.item.example_de if self.item else self.word.example_de) or ""

    @property
    def example_en(self) -> str:
        return (self.item.example_en if self.item else self.word.example_en) or ""


async def _load_deck(session: AsyncSession, user: User) -> list[_ExportedWord]:
    rows = (
        await session.execute(
            select(DeckWord, VocabularyItem)
            .outerjoin(VocabularyItem, VocabularyItem.id == DeckWord.vocabulary_item_id)
            .where(DeckWord.user_id == user.id)
            .order_by(DeckWord.created_at, DeckWord.id)
        )
    ).all()
    cards: dict[int, dict[str, Card]] = defaultdict(dict)
    for card in await session.scalars(select(Card).where(Card.user_id == user.id)):
        cards[card.deck_word_id][card.kind] = card
    return [_ExportedWord(word, item, cards[word.id]) for word, item in rows]


def _iso(at: datetime | None) -> str:
    return at.astimezone(UTC).isoformat(timespec="seconds") if at else ""


def _guard_formula(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _unguard_formula(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS) else text


async def export_csv(session: AsyncSession, user: User) -> bytes:
    """The learner's deck as CSV (format in the module docstring)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in await _load_deck(session, user):
        word, cards = entry.word, entry.cards
        text_cells = (
            word.lemma,
            entry.article,
            word.plural or "",
            word.pos,
            LIST_SEPARATOR.join(entry.translations),
            entry.example_de,
            entry.example_en,
            LIST_SEPARATOR.join(word.tags),
            entry.item.level if entry.item else "",
        )
        writer.writerow(
            [
                *(_guard_formula(cell) for cell in text_cells),
                *(_iso(cards[kind].due_at) if kind in cards else "" for kind in _CARD_KINDS),
                sum(card.reps for card in cards.values()),
                sum(card.lapses for card in cards.values()),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _stable_id(*parts: object) -> int:
    """A positive id in the range genanki recommends (2**30..2**31), the same on every export."""
    digest = sha256(":".join(str(p) for p in parts).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _card_state(card: Card) -> dict[str, object]:
    return {
        "phase": PHASE_NAMES[card.phase],
        "step": card.step,
        "stability": round(card.stability, 4) if card.stability is not None else None,
        "difficulty": round(card.difficulty, 4) if card.difficulty is not None else None,
        "due_at": _iso(card.due_at),
        "last_review_at": _iso(card.last_review_at) or None,
        "reps": card.reps,
        "lapses": card.lapses,
        "suspended": card.suspended_at is not None,
    }


@dataclass(frozen=True)
class _AnkiNote:
    guid: str
    fields: list[str]
    tags: list[str]
    suspended_ords: frozenset[int]


def _anki_note(user_id: int, entry: _ExportedWord) -> _AnkiNote:
    word = entry.word
    scheduling = {kind: _card_state(card) for kind, card in sorted(entry.cards.items())}
    values = (
        word.lemma,
        entry.article,
        word.plural or "",
        LIST_SEPARATOR.join(entry.translations),
        entry.example_de,
        entry.example_en,
    )
    fields = [html.escape(value) for value in values]
    fields.append(html.escape(json.dumps(scheduling, separators=(",", ":")), quote=False))
    suspended = {
        ordinal
        for kind, ordinal in _APKG_CARD_ORDS.items()
        if word.suspended_at is not None
        or (kind in entry.cards and entry.cards[kind].suspended_at is not None)
    }
    return _AnkiNote(
        # Keyed by the deck entry (lemma and part of speech), so re-importing a newer export
        # into Anki updates these notes instead of adding duplicates.
        guid=str(genanki.guid_for("german-tutor", user_id, word.lemma_key)),
        fields=fields,
        # Anki tags cannot contain spaces.
        tags=["_".join(tag.split()) for tag in word.tags],
        suspended_ords=frozenset(suspended),
    )


def _write_apkg(user_id: int, notes: Sequence[_AnkiNote], timestamp: float) -> bytes:
    """Blocking: build the genanki deck, write collection.anki2 and zip it as an .apkg.

    This is genanki's Package.write_to_file, except that its SQLite file lives in our own
    temporary directory: write_to_file leaves its temporary collection behind in /tmp.
    """
    model = genanki.Model(
        _stable_id("german-tutor-model", user_id),
        "German Tutor word",
        fields=[{"name": name} for name in APKG_FIELDS],
        templates=[dict(template) for template in _APKG_TEMPLATES],
        css=_APKG_CSS,
    )
    deck = genanki.Deck(_stable_id("german-tutor-deck", user_id), APKG_DECK_NAME)
    for position, note in enumerate(notes):
        anki_note = genanki.Note(
            model=model, fields=note.fields, tags=note.tags, guid=note.guid, due=position
        )
        for card in anki_note.cards:
            card.suspend = card.ord in note.suspended_ords
        deck.add_note(anki_note)
    package = genanki.Package(deck)
    with tempfile.TemporaryDirectory(prefix="tutor-apkg-") as directory:
        collection_path = Path(directory) / "collection.anki2"
        connection = sqlite3.connect(collection_path)
        try:
            package.write_to_db(
                connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
            connection.commit()
        finally:
            connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection_path, "collection.anki2")
            archive.writestr("media", "{}")
    return buffer.getvalue()


async def export_apkg(session: AsyncSession, user: User) -> bytes:
    """The learner's deck as an Anki package: one note per word, German → English and
    English → German cards, and each card's FSRS state as JSON in the Scheduling field."""
    notes = [_anki_note(user.id, entry) for entry in await _load_deck(session, user)]
    return await asyncio.to_thread(_write_apkg, user.id, notes, utcnow().timestamp())


# --- import ------------------------------------------------------------------------------------


def _header_role(cell: str) -> str | None:
    name = "_".join(cell.strip().strip("\ufeff").casefold().replace("-", " ").split())
    return _HEADER_ROLES.get(name)


def _detect_delimiter(text: str) -> str:
    """The delimiter that splits the header into the most cells, one of them German."""
    header = next(iter(io.StringIO(text, newline="")), "")
    best, best_cells = None, 1
    for delimiter in _DELIMITERS:
        cells = next(csv.reader([header], delimiter=delimiter), [])
        if len(cells) > best_cells and any(_header_role(c) == "german" for c in cells):
            best, best_cells = delimiter, len(cells)
    if best is not None:
        return best
    try:
        return csv.Sniffer().sniff(text[:16384], delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        return ","


@dataclass
class _ParsedFile:
    columns: dict[str, int]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def _parse(data: bytes) -> _ParsedFile:
    """Decode and split the file; refuse it whole when it is not a usable CSV."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportTooLarge(
            f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; split it up."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid("The file is not UTF-8; save it as UTF-8 CSV.") from exc
    if not text.strip():
        raise Invalid("The file is empty.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_detect_delimiter(text))
    parsed: _ParsedFile | None = None
    row_number = 0
    try:
        for row_number, cells in enumerate(reader, start=1):
            if parsed is None:
                columns: dict[str, int] = {}
                for index, cell in enumerate(cells):
                    role = _header_role(cell)
                    if role is not None:
                        columns.setdefault(role, index)
                if "german" not in columns:
                    raise Invalid(
                        "The first row must name a German column (“german”, “deutsch” or “word”)."
                    )
                parsed = _ParsedFile(columns)
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if len(parsed.rows) >= MAX_IMPORT_ROWS:
                raise ImportTooLarge(
                    f"The file has more than {MAX_IMPORT_ROWS:,} rows; split it up."
                )
            parsed.rows.append((row_number, cells))
    except csv.Error as exc:
        raise Invalid(f"The file is not valid CSV (row {row_number + 1}): {exc}.") from exc
    assert parsed is not None  # the text is not blank, so there was a header row
    return parsed


def _short(text: str) -> str:
    return text if len(text) <= _REPORTED_TEXT_CHARS else text[: _REPORTED_TEXT_CHARS - 1] + "…"


def _split_list(cell: str, separators: str) -> list[str]:
    for separator in separators[1:]:
        cell = cell.replace(separator, separators[0])
    items = (" ".join(item.split()) for item in cell.split(separators[0]))
    return list(dict.fromkeys(item for item in items if item))


class _RowRejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class _Row:
    text: str
    pos: str
    translations: list[str]
    tags: list[str]
    example_de: str | None
    example_en: str | None


def _read_row(cells: list[str], columns: dict[str, int]) -> _Row:
    def cell(role: str) -> str:
        index = columns.get(role)
        if index is None or index >= len(cells):
            return ""
        return _unguard_formula(cells[index].strip())

    # Invisible format characters (soft hyphens, zero-width spaces) come along from web pages.
    text = " ".join(
        "".join(ch for ch in cell("german") if unicodedata.category(ch) != "Cf").split()
    )
    article = cell("article").lower()
    if text and article in GENDER_BY_ARTICLE and split_article(text)[0] is None:
        text = f"{article} {text}"
    row = _Row(
        text=text,
        pos=cell("pos").lower(),
        translations=_split_list(cell("english"), ";"),
        tags=_split_list(cell("tags"), ";,"),
        example_de=" ".join(cell("example_de").split()) or None,
        example_en=" ".join(cell("example_en").split()) or None,
    )
    if not text:
        raise _RowRejected("The German cell is empty.")
    if len(text) > MAX_WORD_CHARS:
        raise _RowRejected(
            f"Longer than {MAX_WORD_CHARS} characters: one word or short phrase per row."
        )
    if not any(ch.isalpha() for ch in text):
        raise _RowRejected("Not a German word: it has no letters.")
    if any(unicodedata.category(ch) in ("Cc", "Co", "Cs") for ch in text):
        raise _RowRejected("The German cell contains control characters.")
    if len(row.translations) > MAX_TRANSLATIONS:
        raise _RowRejected(f"More than {MAX_TRANSLATIONS} translations.")
    if any(len(t) > MAX_TRANSLATION_CHARS for t in row.translations):
        raise _RowRejected(f"A translation is longer than {MAX_TRANSLATION_CHARS} characters.")
    if len(row.tags) > MAX_TAGS:
        raise _RowRejected(f"More than {MAX_TAGS} tags.")
    if any(len(tag) > MAX_TAG_CHARS for tag in row.tags):
        raise _RowRejected(f"A tag is longer than {MAX_TAG_CHARS} characters.")
    if any(len(e) > MAX_EXAMPLE_CHARS for e in (row.example_de or "", row.example_en or "")):
        raise _RowRejected(f"An example is longer than {MAX_EXAMPLE_CHARS} characters.")
    return row


def _merge(word: DeckWord, row: _Row) -> list[str]:
    """Add the row's new tags; fill what the learner's own word is missing. Never overwrite."""
    updated: list[str] = []
    tags = sorted(set(word.tags) | set(row.tags))
    if tags != sorted(word.tags):
        word.tags = tags
        updated.append("tags")
    if word.vocabulary_item_id is None:
        if not word.translations and row.translations:
            word.translations = row.translations
            updated.append("translations")
        if word.example_de is None and row.example_de:
            word.example_de = row.example_de
            updated.append("example_de")
        if word.example_en is None and row.example_en:
            word.example_en = row.example_en
            updated.append("example_en")
    return updated


async def _import_row(
    session: AsyncSession, user: User, row: _Row, deck: dict[str, DeckWord]
) -> tuple[DeckWord, bool]:
    # A file that names the part of speech (like our own export) finds its deck word exactly,
    # even where the catalogue would pick another reading ("Essen" the noun, "essen" the verb).
    if row.pos:
        existing = deck.get(lemma_key(split_article(row.text)[1], row.pos))
        if existing is not None:
            return existing, False
    match = await find_catalogue_match(session, row.text)
    if match is not None:
        return await add_catalogue_word(session, user, match, source="import", tags=row.tags)
    try:
        word, created = await add_typed_word(session, user, row.text, tags=row.tags)
    except Invalid as exc:
        raise _RowRejected(exc.message) from exc
    if created:
        word.source = "import"
        # The enrichment job add_typed_word requested fills only what is still missing.
        word.translations = row.translations
        word.example_de = row.example_de
        word.example_en = row.example_en
    return word, created


async def import_csv(session: AsyncSession, user: User, data: bytes) -> ImportReport:
    """Add the words of a CSV file to the learner's deck (format in the module docstring).

    Raises ImportTooLarge or Invalid, before writing anything, for a file that cannot be
    used; rows that cannot be used are reported as rejected.
    """
    parsed = _parse(data)
    deck = {
        word.lemma_key: word
        for word in await session.scalars(select(DeckWord).where(DeckWord.user_id == user.id))
    }
    added: list[ImportedWord] = []
    merged: list[ImportedWord] = []
    rejected: list[RejectedRow] = []
    for number, cells in parsed.rows:
        try:
            row = _read_row(cells, parsed.columns)
            word, created = await _import_row(session, user, row, deck)
        except _RowRejected as exc:
            german = parsed.columns["german"]
            text = _unguard_formula(" ".join(cells[german].split())) if german < len(cells) else ""
            rejected.append(RejectedRow(row=number, text=_short(text), reason=exc.reason))
            continue
        deck[word.lemma_key] = word
        updated = [] if created else _merge(word, row)
        entry = ImportedWord(
            row=number, text=row.text, deck_word_id=word.id, lemma=word.lemma, updated=updated
        )
        (added if created else merged).append(entry)
    await session.flush()
    return ImportReport(
        added=added,
        merged=merged,
        rejected=rejected,
        added_count=len(added),
        merged_count=len(merged),
        rejected_count=len(rejected),
    )
