"""A learner's deck as an Anki package (.apkg): one note per word with German → English and
English → German cards, and each card's FSRS state as JSON in the Scheduling field.

The typed plural and verb-forms cards (core.card_kinds) have no Anki card of their own (the
note type stays the one earlier exports made, so Anki updates those notes in place), but they
travel in Scheduling: their FSRS state under their kind, like the other cards ("suspended"
only when paused, not when turned off), and the word's own choice as "card_kinds":
{"plural": true, "verb_forms": false} (a kind left to the learner's setting is absent). The
import (core.vocabulary.import_apkg) restores the choice, and a typed card's state wherever
the importing learner gets that card (the kind on for the word, by its choice or their
setting). The plural is in the Plural field."""

from __future__ import annotations

import asyncio
import html
import io
import itertools
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

import genanki
from sqlalchemy.ext.asyncio import AsyncSession

from core.card_kinds import OFF_REASONS
from core.clock import utcnow
from core.models import Card, User
from core.reviews.scheduling import PHASE_NAMES
from core.vocabulary.exported_words import (
    CARD_CHOICES,
    CARD_KINDS_KEY,
    LIST_SEPARATOR,
    ExportedWord,
    exported_words,
    iso_utc,
    word_card_choices,
)

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
        "due_at": iso_utc(card.due_at),
        "last_review_at": iso_utc(card.last_review_at) or None,
        "reps": card.reps,
        "lapses": card.lapses,
        # Paused (by the learner or as a leech); a card turned off is not paused.
        "suspended": card.suspended_at is not None and card.suspended_reason not in OFF_REASONS,
    }


@dataclass(frozen=True)
class _AnkiNote:
    guid: str
    fields: list[str]
    tags: list[str]
    suspended_ords: frozenset[int]


def _anki_note(user_id: int, entry: ExportedWord) -> _AnkiNote:
    word = entry.word
    scheduling: dict[str, object] = {
        kind: _card_state(card) for kind, card in sorted(entry.cards.items())
    }
    choices = word_card_choices(word)
    if choices:
        scheduling[CARD_KINDS_KEY] = {kind: CARD_CHOICES[on] for kind, on in choices.items()}
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


def _write_apkg(user_id: int, entries: Sequence[ExportedWord], timestamp: float) -> bytes:
    """Blocking (runs in a thread): build the notes and the genanki deck, write
    collection.anki2 and zip it as an .apkg. The entries are fully loaded, so reading them
    here touches no database.

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
    notes = [_anki_note(user_id, entry) for entry in entries]
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
    entries = await exported_words(session, user)
    return await asyncio.to_thread(_write_apkg, user.id, entries, utcnow().timestamp())
