"""How a review card looks in Telegram: front, back, buttons with the next intervals."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack
from core.german import ARTICLES
from core.reviews.schemas import CardFace, ReviewResult

FEATURE = "rv"
RATING_LABELS = (
    ("Again", "again", 1),
    ("Hard", "hard", 2),
    ("Good", "good", 3),
    ("Easy", "easy", 4),
)


def interval(delta: timedelta) -> str:
    seconds = max(delta.total_seconds(), 0)
    if seconds < 3600:
        return f"{max(round(seconds / 60), 1)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")


def _token(run_id: int, version: int, arg: str = "") -> str:
    return f"{run_id}.{version}" + (f".{arg}" if arg else "")


def parse_token(arg: str) -> tuple[int, int, str] | None:
    parts = arg.split(".")
    try:
        return int(parts[0]), int(parts[1]), parts[2] if len(parts) > 2 else ""
    except (IndexError, ValueError):
        return None


def progress(done: int, total: int) -> str:
    return f"<i>{min(done + 1, total)} of {total} due</i>"


def front(face: CardFace, done: int, total: int) -> str:
    if face.kind == "recognition":
        body = f"🇩🇪 <b>{escape(face.prompt)}</b>\n\nWhat does it mean?"
    elif face.kind == "recall":
        body = f"🇬🇧 <b>{escape(face.prompt)}</b>\n\nType it in German" + (
            " (with der/die/das)." if face.article else "."
        )
    else:
        body = f"📗 <b>{escape(face.prompt)}</b>\n\nder, die or das?"
    new = " · new word" if face.phase == "new" else ""
    return f"{body}\n\n{progress(done, total)}{new}"


def back(face: CardFace, done: int, total: int, verdict_line: str = "") -> str:
    headword = f"{face.article} {face.lemma}" if face.article else face.lemma
    lines = [verdict_line] if verdict_line else []
    lines.append(f"🇩🇪 <b>{escape(headword)}</b>")
    if face.plural:
        lines.append(f"Plural: die {escape(face.plural)}")
    lines.append(f"🇬🇧 {escape(', '.join(face.translations) or '—')}")
    if face.example_de:
        lines.append(f"\n<i>{escape(face.example_de)}</i>")
        if face.example_en:
            lines.append(escape(face.example_en))
    lines.append(f"\n{progress(done, total)}")
    return "\n".join(lines)


def front_keyboard(face: CardFace, run_id: int, version: int) -> InlineKeyboardMarkup:
    if face.kind == "article":
        row = [
            InlineKeyboardButton(a, callback_data=pack(FEATURE, "art", _token(run_id, version, a)))
            for a in ARTICLES
        ]
        return InlineKeyboardMarkup([row])
    label = "Show answer" if face.kind == "recognition" else "I don't know — show me"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    label, callback_data=pack(FEATURE, "show", _token(run_id, version))
                )
            ]
        ]
    )


def rating_keyboard(
    face: CardFace, run_id: int, version: int, now: datetime
) -> InlineKeyboardMarkup:
    due = face.next_due.model_dump()
    buttons = [
        InlineKeyboardButton(
            f"{label} · {interval(due[key] - now)}",
            callback_data=pack(FEATURE, "rate", _token(run_id, version, str(value))),
        )
        for label, key, value in RATING_LABELS
    ]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:]])


def verdict_line(result: ReviewResult) -> str:
    """Feedback on a typed or chosen answer; empty for a plain button rating."""
    expected = f"<b>{escape(result.expected)}</b>"
    feedback = f" {escape(result.feedback)}" if result.feedback else ""
    if result.verdict == "correct":
        return f"✅ Richtig! {expected}"
    if result.verdict == "typo":
        return f"✍️ Almost: {expected}.{feedback}"
    if result.verdict == "wrong":
        return f"❌ Not quite — it's {expected}."
    return ""


def finished(done: int, next_due_at: datetime | None, now: datetime) -> str:
    if done:
        lines = [f"✅ <b>Fertig!</b> {done} card{'s' if done != 1 else ''} reviewed. Gut gemacht!"]
    else:
        lines = ["🎉 <b>Nothing due right now.</b>"]
    if next_due_at is not None:
        lines.append(f"Next review in {interval(next_due_at - now)}.")
    lines.append("Add words with /add <i>Wort</i>, or practise with /quiz.")
    return "\n".join(lines)


def leech_line(lemma: str) -> str:
    return (
        f"⏸ <b>{escape(lemma)}</b> kept slipping, so I paused that card. "
        "Unpause it in /deck when you're ready for it again.\n\n"
    )


def undo_keyboard(run_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("↩️ Undo last", callback_data=pack(FEATURE, "undo", str(run_id)))]]
    )


# The "Review now" button, on reminders and in /deck.
REVIEW_START = pack(FEATURE, "start")
