"""A learner's deck as a CSV file.

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
verb_forms      a verb's Präteritum and Perfekt ("ging, ist gegangen") when the word data
                has them; for reading only (the import takes forms from the word data)
plural_due      when the typed plural card is next due; empty when it has none or it is off
verb_forms_due  the same for the typed verb-forms card
plural_card     the word's own choice for the typed plural card: "on" or "off"; empty when
                the word follows the learner's setting (the import restores the choice)
verb_forms_card the same for the typed verb-forms card

The last five columns came with the typed card kinds and are added at the end, so a sheet or
script written for the earlier columns still finds them where they were.

A text cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) is written with a leading apostrophe; the import (core.vocabulary.import_csv)
removes it again, so an exported file imports as it is.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from core.card_kinds import OFF_REASONS, OPTIONAL_CARD_KINDS
from core.models import User
from core.vocabulary.exported_words import (
    LIST_SEPARATOR,
    ExportedWord,
    card_choice_column,
    exported_words,
    iso_utc,
    word_card_choices,
)

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
    "verb_forms",
    "plural_due",
    "verb_forms_due",
    *(card_choice_column(kind) for kind in OPTIONAL_CARD_KINDS),
)
_CARD_KINDS = ("recognition", "recall", "article")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def unguard_formula(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS) else text


async def export_csv(session: AsyncSession, user: User) -> bytes:
    """The learner's deck as CSV (format in the module docstring)."""
    entries = await exported_words(session, user)
    return await asyncio.to_thread(_write_csv, entries)


def _write_csv(entries: Sequence[ExportedWord]) -> bytes:
    """Blocking, CPU-bound for a big deck: runs in a thread. The entries are fully loaded,
    so reading them here touches no database."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
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
        choices = word_card_choices(word)
        writer.writerow(
            [
                *(guard_formula(cell) for cell in text_cells),
                *(iso_utc(cards[kind].due_at) if kind in cards else "" for kind in _CARD_KINDS),
                sum(card.reps for card in cards.values()),
                sum(card.lapses for card in cards.values()),
                entry.verb_forms,
                *(
                    iso_utc(cards[kind].due_at)
                    if kind in cards and cards[kind].suspended_reason not in OFF_REASONS
                    else ""
                    for kind in OPTIONAL_CARD_KINDS
                ),
                *(choices.get(kind, "") for kind in OPTIONAL_CARD_KINDS),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
