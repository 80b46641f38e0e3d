"""Words from a CSV file into a learner's deck.

The header row is required and must name a German column ("german", "deutsch", "word" or
"wort", any case). Optional columns: english / translation(s), tags, example_de (or
"example"), example_en, article, part_of_speech, and a word's own choice of the typed cards,
plural_card and verb_forms_card ("on", "off" or empty: as the learner's setting says; a kind
the word's data cannot ask, such as the plural of a noun without one, is left out); others are
ignored, so an exported file (core.vocabulary.export_csv) imports as it is. The delimiter
(comma, semicolon or tab) is taken from the header, with csv.Sniffer as the fallback. At most
2 MB and 5,000 rows. A malformed file (not UTF-8, no German column, a header row over 64 KB,
broken quoting such as a quote left open) is refused as a whole and nothing is written; a bad
row (one with a NUL character, say) is rejected with its row number (the header is row 1, as
in a spreadsheet) and a reason while the other rows are imported.

A row whose word is in no word list but near a known one ("Hnud": der Hund; the check /add
makes, `core.vocabulary.suggesting`) is not imported: the report lists it under `suspicious`
with the words it is near, for the learner to add the right one (or this one, on purpose, with
/add or `force`). A word already in the learner's deck passes (it was chosen), and so does an
unknown word with nothing near it (the learner's own word, enriched later).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.card_kinds import OFF_REASONS, OPTIONAL_CARD_KINDS, OptionalCardKind
from core.clock import utcnow
from core.errors import Invalid
from core.german import GENDER_BY_ARTICLE
from core.german_text import lemma_key, split_article
from core.models import Card, DeckWord, User
from core.ownership import owned
from core.reviews.scheduling import Phase
from core.vocabulary.adding import add_catalogue_word, add_typed_word
from core.vocabulary.card_choices import set_word_card_kinds, words_with_forms
from core.vocabulary.cards import optional_kinds_available
from core.vocabulary.catalogue import find_catalogue_match
from core.vocabulary.export_csv import unguard_formula
from core.vocabulary.exported_words import CARD_CHOICES, card_choice_column
from core.vocabulary.schemas import ImportedWord, ImportReport, RejectedRow, SuspiciousRow
from core.vocabulary.suggesting import (
    CatalogueLemmas,
    catalogue_lemmas,
    check_typed,
    looks_like_a_typo,
)

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5_000
MAX_WORD_CHARS = 80
MAX_TRANSLATION_CHARS = 200
MAX_TRANSLATIONS = 10
MAX_EXAMPLE_CHARS = 300
MAX_TAG_CHARS = 40
MAX_TAGS = 20
_REPORTED_TEXT_CHARS = 100
# Far more than any real header; a longer first line is not a header but a broken file, and
# the csv module's field limit (128 KB) would otherwise fail on it while sniffing.
MAX_HEADER_CHARS = 64 * 1024

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
    **{card_choice_column(kind): card_choice_column(kind) for kind in OPTIONAL_CARD_KINDS},
}
_DELIMITERS = (",", ";", "\t")


class ImportTooLarge(Invalid):
    """The upload is over the size or row limit: refused whole, nothing written (HTTP 413)."""

    code = "too_large"
    status = 413
    default_message = "The file is too large."


def _header_role(cell: str) -> str | None:
    name = "_".join(cell.strip().strip("\ufeff").casefold().replace("-", " ").split())
    return _HEADER_ROLES.get(name)


def _detect_delimiter(header: str, text: str) -> str:
    """The delimiter that splits the header into the most cells, one of them German."""
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
    header = next(iter(io.StringIO(text, newline="")), "")
    if len(header) > MAX_HEADER_CHARS:
        raise Invalid(f"The header row is longer than {MAX_HEADER_CHARS // 1024} KB.")
    # strict: a quote left open or text after a closing quote is an error, not data.
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_detect_delimiter(header, text), strict=True
    )
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
    card_kinds: dict[OptionalCardKind, bool] = field(default_factory=dict)


def _card_choices(cell: Callable[[str], str]) -> dict[OptionalCardKind, bool]:
    choices: dict[OptionalCardKind, bool] = {}
    for kind in OPTIONAL_CARD_KINDS:
        column = card_choice_column(kind)
        value = cell(column).casefold()
        if not value:
            continue
        if value not in CARD_CHOICES:
            raise _RowRejected(f"{column} must be on, off or empty, not “{_short(value)}”.")
        choices[kind] = CARD_CHOICES[value]
    return choices


def _read_row(cells: list[str], columns: dict[str, int]) -> _Row:
    def cell(role: str) -> str:
        index = columns.get(role)
        if index is None or index >= len(cells):
            return ""
        return unguard_formula(cells[index].strip())

    if any("\x00" in cell for cell in cells):  # PostgreSQL text cannot hold it
        raise _RowRejected("The row contains NUL characters.")
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
        card_kinds=_card_choices(cell),
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


@dataclass(frozen=True)
class CardSchedule:
    """A card's memory state carried in by an import (an Anki package's scheduling)."""

    phase: Phase
    step: int | None
    stability: float | None
    difficulty: float | None
    due_at: datetime
    last_review_at: datetime | None
    reps: int
    lapses: int
    suspended: bool


@dataclass(frozen=True)
class PreparedRow:
    """One row (or Anki note) read from a file, ready to import or already rejected."""

    number: int
    reported_text: str  # the German cell as a rejection reports it
    row: _Row | None
    reason: str | None  # why the row was rejected, when row is None
    schedule: Mapping[str, CardSchedule] = field(default_factory=dict)  # by card kind


def prepare_cells(
    number: int, cells: list[str], columns: dict[str, int], schedule: Mapping[str, CardSchedule]
) -> PreparedRow:
    """Check one row's cells (columns maps a role such as "german" to its cell index)."""
    german = columns["german"]
    text = unguard_formula(" ".join(cells[german].split())) if german < len(cells) else ""
    try:
        row = _read_row(cells, columns)
    except _RowRejected as exc:
        return PreparedRow(number, _short(text), None, exc.reason)
    return PreparedRow(number, _short(text), row, None, schedule)


def read_csv_rows(data: bytes) -> list[PreparedRow]:
    """Blocking, CPU-bound (a 2 MB file takes a while): parse the file and read every row.
    The import runs it in a thread, so the event loop stays free."""
    parsed = _parse(data)
    return [prepare_cells(number, cells, parsed.columns, {}) for number, cells in parsed.rows]


async def _apply_schedule(
    session: AsyncSession, word: DeckWord, schedule: Mapping[str, CardSchedule]
) -> None:
    """Give a word the import just created the memory state its file carried, card by card."""
    if not schedule:
        return
    cards = await session.scalars(select(Card).where(Card.deck_word_id == word.id))
    for card in cards:
        state = schedule.get(card.kind)
        if state is None:
            continue
        card.phase = int(state.phase)
        card.step = state.step
        card.stability = state.stability
        card.difficulty = state.difficulty
        card.due_at = state.due_at
        card.last_review_at = state.last_review_at
        card.reps = state.reps
        card.lapses = state.lapses
        # A card turned off (the word's choice, applied before) stays off, not paused.
        if state.suspended and card.suspended_reason not in OFF_REASONS:
            card.suspended_at = utcnow()
            card.suspended_reason = "manual"


class _RowSuspicious(Exception):
    def __init__(self, suggestions: list[str]) -> None:
        super().__init__(", ".join(suggestions))
        self.suggestions = suggestions


@dataclass
class _TypoCheck:
    """The /add check for typed words, for a whole import: the catalogue read once, and the
    words already in the deck let through (a word added before, typo or not, was chosen)."""

    deck_lemmas: set[str]
    lemmas: CatalogueLemmas | None = None

    async def raise_if_typo(self, session: AsyncSession, text: str) -> None:
        if split_article(text)[1].casefold() in self.deck_lemmas:
            return
        if self.lemmas is None:
            self.lemmas = await catalogue_lemmas(session)
        checked = await check_typed(session, text, lemmas=self.lemmas)
        if looks_like_a_typo(checked):
            raise _RowSuspicious([s.headword for s in checked.suggestions])


async def _import_row(
    session: AsyncSession, user: User, row: _Row, deck: dict[str, DeckWord], typos: _TypoCheck
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
    await typos.raise_if_typo(session, row.text)
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


async def _choose_card_kinds(
    session: AsyncSession,
    user: User,
    word: DeckWord,
    choices: Mapping[OptionalCardKind, bool],
    created: bool,
) -> bool:
    """The row's own choices of the typed cards, for the kinds the word's data can ask; a
    word already in the deck keeps a choice it has (never overwritten). True if changed."""
    if not choices:
        return False
    [(_, verb_forms)] = await words_with_forms(session, user, [word.id])
    available = optional_kinds_available(word, verb_forms)
    chosen = set(word.card_kinds_on) | set(word.card_kinds_off)
    wanted = {
        kind: on
        for kind, on in choices.items()
        if kind in available and (created or kind not in chosen)
    }
    if not wanted:
        return False
    await set_word_card_kinds(session, user, word, wanted)
    return not created


Progress = Callable[[int, int], Awaitable[None]]
"""(rows done, rows in all): called every PROGRESS_EVERY rows of a long import."""
PROGRESS_EVERY = 500


async def import_rows(
    session: AsyncSession,
    user: User,
    prepared: Sequence[PreparedRow],
    progress: Progress | None = None,
) -> ImportReport:
    """Add prepared rows to the deck: new words (with their file's scheduling, if any), merges
    into words already there (their scheduling is kept), rejections with their reason, and
    rows held back as likely typos of a known word, with the words they are near (the same
    check as /add: a word one letter from a catalogue word, or one no word list knows with
    known words near it; a word nothing is near is the learner's own and is added)."""
    deck = {word.lemma_key: word for word in await session.scalars(owned(DeckWord, user))}
    typos = _TypoCheck({word.lemma.casefold() for word in deck.values()})
    added: list[ImportedWord] = []
    merged: list[ImportedWord] = []
    rejected: list[RejectedRow] = []
    suspicious: list[SuspiciousRow] = []
    for index, line in enumerate(prepared):
        if progress is not None and index and index % PROGRESS_EVERY == 0:
            await progress(index, len(prepared))
        try:
            if line.row is None:
                raise _RowRejected(line.reason or "")
            row = line.row
            word, created = await _import_row(session, user, row, deck, typos)
        except _RowRejected as exc:
            rejected.append(
                RejectedRow(row=line.number, text=line.reported_text, reason=exc.reason)
            )
            continue
        except _RowSuspicious as exc:
            suspicious.append(
                SuspiciousRow(row=line.number, text=line.reported_text, suggestions=exc.suggestions)
            )
            continue
        deck[word.lemma_key] = word
        typos.deck_lemmas.add(word.lemma.casefold())
        updated = [] if created else _merge(word, row)
        if await _choose_card_kinds(session, user, word, row.card_kinds, created):
            updated.append("card_kinds")
        if created:
            await _apply_schedule(session, word, line.schedule)
        entry = ImportedWord(
            row=line.number, text=row.text, deck_word_id=word.id, lemma=word.lemma, updated=updated
        )
        (added if created else merged).append(entry)
    await session.flush()
    return ImportReport(
        added=added,
        merged=merged,
        rejected=rejected,
        suspicious=suspicious,
        added_count=len(added),
        merged_count=len(merged),
        rejected_count=len(rejected),
        suspicious_count=len(suspicious),
    )
