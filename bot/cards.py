"""How a review card looks in Telegram: front, back, buttons with the next intervals."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import DRILL_FEATURES, pack, pack_drill
from core.german import ARTICLES
from core.reviews.runs import ReviewScreen
from core.reviews.schemas import CardFace, ReviewResult

FEATURE = DRILL_FEATURES["review"]
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
            InlineKeyboardButton(a, callback_data=pack_drill("review", "art", run_id, version, a))
            for a in ARTICLES
        ]
        return InlineKeyboardMarkup([row])
    label = "Show answer" if face.kind == "recognition" else "I don't know — show me"
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=pack_drill("review", "show", run_id, version))]]
    )


def rating_keyboard(
    face: CardFace, run_id: int, version: int, now: datetime
) -> InlineKeyboardMarkup:
    due = face.next_due.model_dump()
    buttons = [
        InlineKeyboardButton(
            f"{label} · {interval(due[key] - now)}",
            callback_data=pack_drill("review", "rate", run_id, version, str(value)),
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


def finished(
    done: int, next_due_at: datetime | None, now: datetime, *, new_only: bool = False
) -> str:
    if done:
        lines = [f"✅ <b>Fertig!</b> {done} card{'s' if done != 1 else ''} reviewed. Gut gemacht!"]
    else:
        lines = [
            "🎉 <b>No new words left for today.</b>"
            if new_only
            else "🎉 <b>Nothing due right now.</b>"
        ]
    if new_only and next_due_at is not None and next_due_at <= now:
        lines.append("Reviews are waiting: /review.")
    elif next_due_at is not None:
        lines.append(f"Next review in {interval(next_due_at - now)}.")
    lines.append("Add words with /add <i>Wort</i>, or practise with /quiz.")
    return "\n".join(lines)


def leech_line(lemma: str) -> str:
    return (
        f"⏸ <b>{escape(lemma)}</b> kept slipping, so I paused that card. "
        "Unpause it in /deck when you're ready for it again.\n\n"
    )


def undo_keyboard(run_id: int, version: int) -> InlineKeyboardMarkup:
    data = pack_drill("review", "undo", run_id, version)
    return InlineKeyboardMarkup([[InlineKeyboardButton("↩️ Undo last", callback_data=data)]])


def _answered_lines(screen: ReviewScreen) -> str:
    """What the learner needs to hear about the card they just answered (or undid)."""
    if screen.undone:
        return "↩️ Undone. Here it is again:\n\n"
    if screen.answered is None:
        return ""
    result = screen.answered.result
    leech = leech_line(screen.answered.lemma) if result.leech else ""
    line = verdict_line(result)
    return leech + (line + "\n\n" if line else "")


def review_screen(screen: ReviewScreen) -> tuple[str, InlineKeyboardMarkup]:
    """The run's message: the verdict on the last card, then the next card or the end."""
    prefix, face = _answered_lines(screen), screen.face
    if screen.list_name:  # a run of one word list's words
        prefix = f"🗂 List “{escape(screen.list_name)}”\n" + prefix
    if face is None:
        text = finished(screen.done, screen.next_due_at, screen.now, new_only=screen.new_only)
        markup = (
            undo_keyboard(screen.run_id, screen.version)
            if screen.done
            else InlineKeyboardMarkup([])
        )
        return prefix + text, markup
    if screen.revealed:
        return prefix + back(face, screen.done, screen.total), rating_keyboard(
            face, screen.run_id, screen.version, screen.now
        )
    return prefix + front(face, screen.done, screen.total), front_keyboard(
        face, screen.run_id, screen.version
    )


# The "Review now" button, on reminders and in /deck.
REVIEW_START = pack(FEATURE, "start")
REVIEW_START_PATTERN = rf"^{re.escape(REVIEW_START)}$"
# "Learn new words" on /today and the reminders: a run of today's new words only.
NEW_WORDS_START = pack(FEATURE, "new")
NEW_WORDS_START_PATTERN = rf"^{re.escape(NEW_WORDS_START)}$"
# "Study this list" on a list's screen in /deck: "v1:rv:list:<list id>".
LIST_START_PATTERN = rf"^{re.escape(pack(FEATURE, 'list'))}:\d+$"
