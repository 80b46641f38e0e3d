"""What the learner reads about a deck file they sent: the import's report."""

from __future__ import annotations

from html import escape

from core.vocabulary.import_jobs import DeckImportView
from core.vocabulary.schemas import ImportReport

SHOWN_WORDS = 10
SHOWN_REJECTIONS = 10

IMPORTING = "📥 Importing your file…"
NOT_A_DECK_FILE = (
    "I can import words from a CSV file (a header row with a <i>german</i> column, "
    "optionally <i>english</i> and <i>tags</i>) or an Anki package (.apkg). "
    "Send one of those as a file."
)
TOO_LARGE = "That file is larger than 10 MB; split it up and send the parts."


def progress(file_name: str, done: int, total: int) -> str:
    return f"📥 Importing <b>{escape(file_name)}</b>… {done:,}/{total:,}"


def import_failed(reason: str) -> str:
    return f"❌ {escape(reason)} Nothing was imported."


def import_stopped(reason: str) -> str:
    """An import that stalled: its reason says nothing was imported and what to do."""
    return f"❌ {escape(reason)}"


def _more(shown: int, total: int) -> str:
    return f" and {total - shown:,} more" if total > shown else ""


def import_report(file_name: str, report: ImportReport) -> str:
    """Counts first, then the new words and every reason a row was refused (shortened)."""
    lines = [
        f"📥 <b>{escape(file_name)}</b>: {report.added_count:,} added, "
        f"{report.merged_count:,} already in your deck, {report.rejected_count:,} rejected"
        + (f", {report.suspicious_count:,} held back" if report.suspicious_count else "")
        + "."
    ]
    if report.added:
        words = ", ".join(escape(word.text) for word in report.added[:SHOWN_WORDS])
        lines.append(f"New: {words}{_more(SHOWN_WORDS, report.added_count)}.")
    if report.merged:
        updated = sum(1 for word in report.merged if word.updated)
        if updated:
            lines.append(f"{updated:,} of the words already there got new tags or details.")
    if report.rejected:
        lines.append("\n<b>Rejected</b>")
        for row in report.rejected[:SHOWN_REJECTIONS]:
            text = f" “{escape(row.text)}”" if row.text else ""
            lines.append(f"Row {row.row}{text}: {escape(row.reason)}")
        if report.rejected_count > SHOWN_REJECTIONS:
            lines.append(f"…and {report.rejected_count - SHOWN_REJECTIONS:,} more rows.")
    if report.suspicious:
        lines.append("\n<b>Held back: typos?</b>")
        for held in report.suspicious[:SHOWN_REJECTIONS]:
            names = " or ".join(f"<i>{escape(name)}</i>" for name in held.suggestions)
            lines.append(f"Row {held.row} “{escape(held.text)}”: did you mean {names}?")
        if report.suspicious_count > SHOWN_REJECTIONS:
            lines.append(f"…and {report.suspicious_count - SHOWN_REJECTIONS:,} more rows.")
        lines.append("Add the right word with /add; /add also adds a word as you spelled it.")
    if report.added_count:
        lines.append("\nThe new words are in /review.")
    return "\n".join(lines)


def import_outcome(file_name: str, result: ImportReport | DeckImportView) -> str:
    """The report of a file imported at once; the first progress line of a large one."""
    if isinstance(result, DeckImportView):  # the job edits this message as it goes
        return progress(file_name, 0, result.total)
    return import_report(file_name, result)
