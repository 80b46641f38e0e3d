"""How a review card looks in Telegram: front, back, buttons with the next intervals."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import DRILL_FEATURES, pack, pack_drill
from core.answers.marking import Piece
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
    elif face.kind == "plural":
        singular = f"{face.article} {face.lemma}" if face.article else face.lemma
        body = (
            f"📚 <b>{escape(singular)}</b>{_meaning(face)}\n\n"
            "What's the plural? Type it (with or without <i>die</i>)."
        )
    elif face.kind == "verb_forms":
        body = (
            f"🔁 <b>{escape(face.lemma)}</b>{_meaning(face)}\n\n"
            "Type the Präteritum and the Perfekt (er/sie/es form), "
            "like <i>machte, hat gemacht</i>."
        )
    else:
        body = f"📗 <b>{escape(face.prompt)}</b>\n\nder, die or das?"
    new = " · new word" if face.phase == "new" else ""
    return f"{body}\n\n{progress(done, total)}{new}"


def _meaning(face: CardFace) -> str:
    return f" <i>({escape(face.translations[0])})</i>" if face.translations else ""


def back(face: CardFace, done: int, total: int, verdict_line: str = "") -> str:
    headword = f"{face.article} {face.lemma}" if face.article else face.lemma
    lines = [verdict_line] if verdict_line else []
    lines.append(f"🇩🇪 <b>{escape(headword)}</b>")
    lines.extend(form_lines(face))
    lines.append(f"🇬🇧 {escape(', '.join(face.translations) or '—')}")
    if face.example_de:
        lines.append(f"\n<i>{escape(face.example_de)}</i>")
        if face.example_en:
            lines.append(escape(face.example_en))
    lines.append(f"\n{progress(done, total)}")
    return "\n".join(lines)


def form_lines(face: CardFace) -> list[str]:
    """What the data knows of the word's forms: plural and genitive, Präteritum, Partizip II
    and auxiliary, comparative and superlative."""
    forms, lines = face.forms, []
    noun = [f"Plural: die {escape(face.plural)}"] if face.plural else []
    if forms.genitive and face.article:
        genitive_article = "der" if face.article == "die" else "des"
        noun.append(f"Genitiv: {genitive_article} {escape(forms.genitive)}")
    if noun:
        lines.append(" · ".join(noun))
    if forms.praeteritum and forms.partizip2:
        auxiliary = {"haben": "hat", "sein": "ist", "haben/sein": "hat/ist"}.get(
            forms.auxiliary or "", ""
        )
        perfect = f"{auxiliary} {forms.partizip2}".strip()
        lines.append(f"Präteritum: {escape(forms.praeteritum)} · Perfekt: {escape(perfect)}")
    adjective = [escape(f) for f in (forms.comparative, forms.superlative) if f]
    if adjective:
        lines.append("Steigerung: " + " · ".join(adjective))
    return lines


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


_ARTICLE_WORD = re.compile(r"\b(der|die|das|den|dem|des|ein|eine)\b")


def reason_html(reason: str) -> str:
    """A reason with its German articles in italics: Wrong article: <i>die</i>, not <i>der</i>."""
    return _ARTICLE_WORD.sub(r"<i>\1</i>", escape(reason, quote=False))


def marked(pieces: list[Piece]) -> str:
    """Text with its differing letters bold and underlined."""
    return "".join(
        f"<b><u>{escape(p.text)}</u></b>" if p.differs and p.text.strip() else escape(p.text)
        for p in pieces
    )


def verdict_line(result: ReviewResult) -> str:
    """Feedback on a typed or chosen answer, with the reason and what was typed against the
    answer (differences marked); empty for a plain button rating."""
    expected = f"<b>{escape(result.expected)}</b>"
    reason = f"\n💡 {reason_html(result.reason)}" if result.reason else ""
    typed = ""
    if result.marked is not None and result.marked.given:
        typed = (
            f"\nYou wrote: {marked(result.marked.given)}\nAnswer: {marked(result.marked.expected)}"
        )
    if result.verdict == "correct":
        return f"✅ Richtig! {expected}"
    if result.verdict == "typo":
        return f"✍️ Almost — it's {expected}.{reason}{typed}"
    if result.verdict == "wrong":
        return f"❌ Not quite — it's {expected}.{reason}{typed}"
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
        f"Send <code>/unpause {escape(lemma)}</code> when you're ready for it again.\n\n"
    )


def _answered_lines(screen: ReviewScreen) -> str:
    """What the learner needs to hear about the card they just answered (or undid)."""
    if screen.undone:
        return "↩️ Undone. Here it is again:\n\n"
    if screen.answered is None:
        return ""
    if screen.overridden:
        result = screen.answered.result
        return (
            f"👍 Counted as right: <b>{escape(result.expected)}</b> "
            f"(Good, back in {interval(result.due_at - screen.now)}).\n\n"
        )
    result = screen.answered.result
    leech = leech_line(screen.answered.lemma) if result.leech else ""
    line = verdict_line(result)
    return leech + (line + "\n\n" if line else "")


def unpaused_text(lemma: str) -> str:
    return f"▶️ <b>{escape(lemma)}</b> is back in your reviews."


def undone_text(lemma: str) -> str:
    return (
        f"↩️ Undone: your last review of <b>{escape(lemma)}</b> is taken back, as if it never "
        "happened. The card waits for you in /review."
    )


def _after_answer_row(screen: ReviewScreen) -> list[InlineKeyboardButton]:
    """Under every answered screen: "I was right" for a typed answer not taken as right,
    and Undo (the last review) whenever something was reviewed in this run."""
    row = []
    answered = screen.answered
    if (
        answered is not None
        and not screen.overridden
        and answered.result.marked is not None
        and answered.result.verdict in ("wrong", "typo")
    ):
        data = pack_drill(
            "review", "right", screen.run_id, screen.version, str(answered.result.review_id)
        )
        row.append(InlineKeyboardButton("✅ I was right", callback_data=data))
    if screen.done and not screen.undone:
        data = pack_drill("review", "undo", screen.run_id, screen.version)
        row.append(InlineKeyboardButton("↩️ Undo last", callback_data=data))
    return row


def review_screen(screen: ReviewScreen) -> tuple[str, InlineKeyboardMarkup]:
    """The run's message: the verdict on the last card, then the next card or the end."""
    prefix, face = _answered_lines(screen), screen.face
    extra = _after_answer_row(screen) if not screen.revealed else []
    if screen.list_name:  # a run of one word list's words
        prefix = f"🗂 List “{escape(screen.list_name)}”\n" + prefix
    if face is None:
        text = finished(screen.done, screen.next_due_at, screen.now, new_only=screen.new_only)
        return prefix + text, InlineKeyboardMarkup([extra] if extra else [])
    if screen.revealed:
        return prefix + back(face, screen.done, screen.total), rating_keyboard(
            face, screen.run_id, screen.version, screen.now
        )
    keyboard = front_keyboard(face, screen.run_id, screen.version)
    rows = [list(r) for r in keyboard.inline_keyboard] + ([extra] if extra else [])
    return prefix + front(face, screen.done, screen.total), InlineKeyboardMarkup(rows)


# The "Review now" button, on reminders and in /deck.
REVIEW_START = pack(FEATURE, "start")
REVIEW_START_PATTERN = rf"^{re.escape(REVIEW_START)}$"
# "Learn new words" on /today and the reminders: a run of today's new words only.
NEW_WORDS_START = pack(FEATURE, "new")
NEW_WORDS_START_PATTERN = rf"^{re.escape(NEW_WORDS_START)}$"
# "Study this list" on a list's screen in /deck: "v1:rv:list:<list id>".
LIST_START_PATTERN = rf"^{re.escape(pack(FEATURE, 'list'))}:\d+$"
