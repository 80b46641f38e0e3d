"""Grammar in Telegram: the browse screens, a topic page (HTML, split under Telegram's
4,096-character limit) and a drill in one message, edited in place, with a progress line."""

from __future__ import annotations

import re
from html import escape
from typing import Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack, pack_drill
from bot.keyboards import rows
from bot.render.message import Rendered
from core.german import CEFR_LEVELS
from core.grammar.schemas import (
    DrillView,
    Feedback,
    PlacementView,
    TopicList,
    TopicPage,
    TopicSummary,
)

FEATURE: Final = "gt"
"""Buttons of the browse screens (the drill's own buttons are drill buttons)."""
KIND: Final = "grammar"
NEW_EXERCISES_LABEL: Final = "✨ New exercises (Claude)"
MAX_MESSAGE = 4000
"""Below Telegram's 4,096 characters, with room for entities."""
VERDICT_LINES = {
    "correct": "✅ <b>Richtig!</b>",
    "typo": "🟡 <b>Almost — accepted.</b>",
    "wrong": "❌ <b>Not quite.</b>",
}


def _button(label: str, action: str, arg: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=pack(FEATURE, action, arg))


def _mastery(topic: TopicSummary) -> str:
    if topic.mastery is None:
        return "new"
    return f"{round(topic.mastery * 100)}%" + (" · due" if topic.due else "")


# ---- browsing ----------------------------------------------------------------------------------


def home(listing: TopicList) -> Rendered:
    levels = [level for level in CEFR_LEVELS if any(t.level == level for t in listing.topics)]
    practised = [t for t in listing.topics if t.practised]
    text = (
        "📘 <b>Grammar</b>\n"
        f"{len(listing.topics)} topics · {len(practised)} practised · "
        f"{listing.due_count} due for practice\n\nChoose a level:"
    )
    level_buttons = [
        _button(f"{lv} · {sum(1 for t in listing.topics if t.level == lv)}", "lvl", lv)
        for lv in levels
    ]
    shortcuts = [_button(f"🔁 Due ({listing.due_count})", "due"), _button("🎯 Weak areas", "weak")]
    return Rendered(text, InlineKeyboardMarkup([*rows(level_buttons, 3), shortcuts]))


def level(listing: TopicList, level_code: str) -> Rendered:
    topics = [t for t in listing.topics if t.level == level_code]
    lines = [f"📘 <b>Grammar · {escape(level_code)}</b>", ""]
    lines += [f"• {escape(t.title)} — {_mastery(t)}" for t in topics]
    buttons = [[_button(t.title[:60], "t", t.slug)] for t in topics]
    return Rendered("\n".join(lines), InlineKeyboardMarkup([*buttons, [_button("⬅️ Back", "home")]]))


def _markdown(text: str) -> str:
    """The content's small Markdown as Telegram HTML: bold, italics, tables as lines."""
    out = []
    for line in escape(text).splitlines():
        if re.fullmatch(r"\s*\|[-\s|:]+\|\s*", line):
            continue
        if line.strip().startswith("|"):
            line = " — ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        out.append(line)
    html = "\n".join(out)
    html = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", html)


def _chunks(paragraphs: list[str]) -> list[str]:
    """Paragraphs joined into messages under the limit (a long paragraph is cut by lines)."""
    pieces = []
    for paragraph in paragraphs:
        if len(paragraph) <= MAX_MESSAGE:
            pieces.append(paragraph)
            continue
        pieces += [line[:MAX_MESSAGE] for line in paragraph.splitlines()]
    chunks = [""]
    for piece in pieces:
        joined = f"{chunks[-1]}\n\n{piece}" if chunks[-1] else piece
        if len(joined) > MAX_MESSAGE:
            chunks.append(piece)
        else:
            chunks[-1] = joined
    return chunks


def topic_page(page: TopicPage) -> list[Rendered]:
    """The page as one or more messages; the last one carries Practise and Back."""
    head = (
        f"📘 <b>{escape(page.title)}</b>\n{escape(page.level)} · {escape(page.category)} · "
        f"mastery {_mastery(page)}\n\n<i>{escape(page.summary)}</i>"
    )
    examples = "<b>Examples</b>\n" + "\n".join(
        f"🇩🇪 {escape(e.de)}\n🇬🇧 {escape(e.en)}" for e in page.examples
    )
    mistakes = "<b>Common mistakes</b>\n" + "\n".join(
        f"❌ <s>{escape(m.wrong)}</s>\n✅ {escape(m.right)}\n💡 {escape(m.why)}"
        for m in page.common_mistakes
    )
    bank = f"<i>{page.exercises} exercises"
    if page.ai_exercises:
        bank += f", {page.ai_exercises} of them written by Claude and checked"
    if not page.new_exercises_available:
        bank += " · new ones need Claude, which isn't configured here: you practise the bank"
    paragraphs = [
        head,
        *_markdown(page.explanation).split("\n\n"),
        examples,
        mistakes,
        bank + "</i>",
    ]
    markup = InlineKeyboardMarkup(
        [
            [_button("▶️ Practise", "p", page.slug), _button("⬅️ Back", "lvl", page.level)],
            [_button(NEW_EXERCISES_LABEL, "gen", page.slug)],
        ]
    )
    chunks = _chunks(paragraphs)
    return [Rendered(c, markup if i == len(chunks) - 1 else None) for i, c in enumerate(chunks)]


# ---- the drill ---------------------------------------------------------------------------------


def _drill_button(view: DrillView, label: str, action: str, arg: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        label, callback_data=pack_drill(KIND, action, view.id, view.version, arg)
    )


def _feedback(feedback: Feedback) -> str:
    lines = [
        VERDICT_LINES[feedback.verdict] + (" (you said you were right)" if feedback.claimed else "")
    ]
    lines.append(f"Your answer: {escape(feedback.given)}")
    lines.append(f"Answer: <b>{escape(feedback.answer)}</b>")
    if feedback.diagnosis and feedback.verdict != "correct":
        lines.append(escape(feedback.diagnosis))
    if feedback.judgement:
        lines.append(f"🤖 Claude: {escape(feedback.judgement)}")
    if feedback.judge_note:
        lines.append(escape(feedback.judge_note))
    if feedback.known_answers and not feedback.claimed:
        known = "\n".join(f"• {escape(a)}" for a in feedback.known_answers)
        lines.append(f"Your answer isn't among the ones I know — these are:\n{known}")
    lines.append(f"💡 {escape(feedback.explanation)}")
    return "\n".join(lines)


def _done(view: DrillView) -> str:
    lines = [f"🏁 <b>Fertig!</b> {view.right} von {view.answered} richtig."]
    for result in view.results:
        due = f" · again on {result.due_at:%d.%m.}" if result.due_at else ""
        rated = "" if result.rating is not None else " (already rated today)"
        lines.append(f"• {escape(result.title)}: {result.right}/{result.answered}{due}{rated}")
    return "\n".join(lines)


def drill(view: DrillView) -> Rendered:
    if view.stage == "done" or view.current is None:
        return Rendered(_done(view), InlineKeyboardMarkup([[_button("📚 Topics", "home")]]))
    current = view.current
    header = (
        f"📘 <b>{escape(view.title or current.topic_title)}</b> · "
        f"{view.position + 1} von {view.total} · ✅ {view.right}"
    )
    body = f"<i>{escape(current.instruction)}</i>\n\n{escape(current.prompt)}"
    stop = [_drill_button(view, "⏹ Stop", "stop")]
    if view.stage == "feedback" and view.feedback is not None:
        buttons = [_drill_button(view, "Next ▶️", "next")]
        if view.feedback.claimable:
            buttons.append(_drill_button(view, "🙋 I was right", "right"))
        return Rendered(
            f"{header}\n\n{body}\n\n{_feedback(view.feedback)}",
            InlineKeyboardMarkup([buttons, stop]),
        )
    if view.stage == "judging":
        return Rendered(
            f"{header}\n\n{body}\n\n⏳ Your answer isn't one I know: Claude is checking it…",
            InlineKeyboardMarkup([stop]),
        )
    if current.kind == "multiple_choice":
        options = [_drill_button(view, o, "c", str(i)) for i, o in enumerate(current.options or [])]
        return Rendered(f"{header}\n\n{body}", InlineKeyboardMarkup([*rows(options, 2), stop]))
    if current.kind == "word_order":
        tokens = [
            _drill_button(view, token, "t", str(i))
            for i, token in enumerate(current.tokens or [])
            if i not in view.built
        ]
        built = f"🧩 {escape(view.built_text)}" if view.built else "🧩 Tap the words in order."
        controls = [_drill_button(view, "⌫", "bs"), _drill_button(view, "✓", "ok")]
        return Rendered(
            f"{header}\n\n{body}\n\n{built}",
            InlineKeyboardMarkup([*rows(tokens, 3), controls, stop]),
        )
    return Rendered(
        f"{header}\n\n{body}\n\n✍️ Type your answer as a message.", InlineKeyboardMarkup([stop])
    )


# ---- the placement test ------------------------------------------------------------------------

PLACEMENT: Final = "placement"


def placement(view: PlacementView) -> Rendered:
    last = ""
    if view.last is not None:
        last = (
            "✅ Richtig!\n\n" if view.last.correct else f"❌ It was: {escape(view.last.answer)}\n\n"
        )
    if view.result is not None:
        result = view.result
        topics = ", ".join(escape(slug) for slug in result.recommended_topics)
        text = (
            f"{last}🏁 <b>Your level: {result.level}</b> "
            f"({round(result.confidence * 100)}% sure, {result.items_used} questions).\n"
            f"It is set on your profile. Topics to start with: {topics}\n/grammar to practise."
        )
        return Rendered(text, InlineKeyboardMarkup([[_button("📚 Topics", "home")]]))
    current = view.current
    assert current is not None
    header = f"🧭 <b>Placement test</b> · question {view.answered + 1} (at most {view.max_items})"
    body = f"<i>{escape(current.instruction)}</i>\n\n{escape(current.prompt)}"
    if current.kind == "multiple_choice":
        options = [
            InlineKeyboardButton(
                option, callback_data=pack_drill(PLACEMENT, "c", view.id, view.version, str(i))
            )
            for i, option in enumerate(current.options or [])
        ]
        return Rendered(f"{last}{header}\n\n{body}", InlineKeyboardMarkup(rows(options, 2)))
    return Rendered(f"{last}{header}\n\n{body}\n\n✍️ Type your answer as a message.")
