"""Deck export (CSV, Anki package) and import (CSV or Anki package)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import JSONResponse, Response

from api.deps import CurrentUser, SessionDep
from api.errors import ErrorBody, error_responses
from core.constrained import RowId
from core.vocabulary import import_apkg
from core.vocabulary.export_apkg import export_apkg
from core.vocabulary.export_csv import export_csv
from core.vocabulary.import_jobs import DeckImportView, begin_import, get_import
from core.vocabulary.schemas import ImportReport

router = APIRouter(
    prefix="/vocabulary/deck", tags=["vocabulary"], responses=error_responses(400, 401, 413, 422)
)
# Request body caps under the API prefix: the import's file plus its multipart envelope.
BODY_LIMITS = {"/vocabulary/deck/import": import_apkg.MAX_APKG_BYTES + 64 * 1024}

_CSV_FORMAT = """
Columns, in this order: `german` (without article), `article` (der/die/das for nouns),
`plural`, `part_of_speech`, `english` (translations joined with "; "), `example_de`,
`example_en`, `tags` (joined with "; "), `level` (CEFR, catalogue words only),
`recognition_due`, `recall_due`, `article_due` (ISO 8601 UTC; empty when the word has no
such card), `reps`, `lapses` (totals over the word's cards), then the typed card kinds:
`verb_forms` (a verb's "ging, ist gegangen", for reading), `plural_due`, `verb_forms_due`
(empty when the word has no such card or it is off), `plural_card`, `verb_forms_card` (the
word's own choice, `on` or `off`; empty when it follows the learner's setting). The import
reads the two `_card` columns back (`on`, `off` or empty; anything else rejects the row).

UTF-8 with a byte-order mark, comma-delimited, RFC 4180 quoting, CRLF line ends. A text
cell starting with `=`, `+`, `-` or `@` gets a leading apostrophe so spreadsheets do not run
it as a formula; the import removes it. The file imports back unchanged: every row merges.
"""


def _attachment(data: bytes, media_type: str, filename: str) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def _file_response(media_type: str, description: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "description": description,
            "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
        }
    }


@router.get(
    "/export.csv",
    response_class=Response,
    responses=_file_response("text/csv", "The deck as CSV (german-tutor.csv)."),
    description="Download your deck as CSV.\n" + _CSV_FORMAT,
)
async def export_deck_csv(user: CurrentUser, session: SessionDep) -> Response:
    data = await export_csv(session, user)
    return _attachment(data, "text/csv; charset=utf-8", "german-tutor.csv")


@router.get(
    "/export.apkg",
    response_class=Response,
    responses=_file_response("application/octet-stream", "An Anki package (german-tutor.apkg)."),
)
async def export_deck_apkg(user: CurrentUser, session: SessionDep) -> Response:
    """Download your deck as an Anki package (deck "German Tutor").

    One note per word with the fields German, Article, Plural, English, Example,
    ExampleEnglish and Scheduling, and two cards: German → English and English → German.
    Scheduling holds each card's FSRS state as compact JSON, keyed by card kind
    (`recognition`, `recall`, `article`): phase, step, stability, difficulty, due_at,
    last_review_at, reps, lapses, suspended. Anki starts the cards as new. Note ids are stable,
    so importing a newer export into Anki updates the notes instead of duplicating them.
    """
    data = await export_apkg(session, user)
    return _attachment(data, "application/octet-stream", "german-tutor.apkg")


@router.post(
    "/import",
    response_model=ImportReport,
    responses={
        202: {
            "model": DeckImportView,
            "description": "More than 1,000 rows: the import runs in the background, in one "
            "transaction. Poll GET /vocabulary/deck/imports/{id} for progress and the report.",
        },
        413: {
            "model": ErrorBody,
            "description": "A CSV over 2 MB, a package over 10 MB, or more than 5,000 rows.",
        },
        422: {
            "model": ErrorBody,
            "description": "Not UTF-8, no German column, not valid CSV, or not a readable "
            "Anki package; nothing was added.",
        },
    },
)
async def import_deck_file(
    user: CurrentUser,
    session: SessionDep,
    file: Annotated[
        UploadFile, File(description="A UTF-8 CSV file with a header row, or an Anki .apkg.")
    ],
) -> ImportReport | JSONResponse:
    """Add words from a CSV file or an Anki package; the report says what was added, merged
    or rejected and why.

    The header row must name a German column (`german`, `deutsch` or `word`, any case);
    optional columns are `english` (or `translation`; several joined with ";"), `tags`
    (joined with ";" or ","), `example_de`, `example_en`, `article` and `part_of_speech`.
    Comma, semicolon and tab delimiters are recognised. Catalogue words are added with their
    catalogue data; other words are looked up and enriched in the background, using the
    file's translation when it has one. A word already in your deck is merged: new tags are
    added, and your own words get a missing translation or example filled in.
    Row numbers count the header as row 1.

    An Anki package (.apkg, up to 10 MB; told apart by its content, not its name) is read
    note by note: the German field (named German, Deutsch, Word or Front; else the first
    field) and the meaning (English, Translation, Meaning or Back; else the second field),
    plus the note's tags. Rows are numbered by note. Words the import adds keep their Anki
    scheduling: a review card becomes an FSRS review card (stability = Anki interval in days,
    difficulty from the ease, due on its Anki due day); new and learning cards start new.
    A package exported by this tutor restores every card's FSRS state exactly. Packages
    written only for Anki 2.1.50+ (collection.anki21b) must be exported again with
    "Support older Anki versions".
    """
    # One byte over the limit is enough to refuse the file without reading all of it.
    data = await file.read(import_apkg.MAX_APKG_BYTES + 1)
    result = await begin_import(session, user, data, file.filename or "deck")
    if isinstance(result, DeckImportView):
        return JSONResponse(result.model_dump(mode="json"), status_code=202)
    return result


@router.get("/imports/{import_id}", response_model=DeckImportView, responses=error_responses(404))
async def get_deck_import(
    import_id: RowId, user: CurrentUser, session: SessionDep
) -> DeckImportView:
    """A large import's state: pending, running (done of total rows), done (with its report)
    or failed (with the reason; nothing was imported)."""
    return await get_import(session, user, import_id)
