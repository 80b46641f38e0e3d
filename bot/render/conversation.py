"""A conversation in Telegram: the scene menu, the tutor's replies with corrections and
➕ word buttons, the failure notice with its retry button, the summary at the end."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack
from bot.keyboards import rows
from bot.render.grammar import FEATURE as GRAMMAR_FEATURE
from bot.render.message import Rendered
from core.conversation.schemas import ConversationReport, ReplyNotice, TurnView

FEATURE = "cv"
WORD_BUTTONS = 4
CATEGORY_LABELS = {
    "gender_article": "articles & gender",
    "case": "cases",
    "verb_conjugation": "verb endings",
    "verb_position": "word order",
    "tense": "tenses",
    "preposition": "prepositions",
    "spelling": "spelling",
    "word_choice": "word choice",
}
NO_CONVERSATION = "There's no conversation going on. Start one with /talk."
FAILED = "😕 Sorry, I couldn't answer that message. It's saved — try again?"


def opening(turn: TurnView) -> Rendered:
    return Rendered(escape(turn.text))


def word_buttons(reply: TurnView) -> InlineKeyboardMarkup | None:
    buttons = [
        InlineKeyboardButton(
            f"➕ {word.article or ''} {word.lemma}".replace("  ", " "),
            callback_data=pack(FEATURE, "add", f"{reply.id}.{index}"),
        )
        for index, word in enumerate(reply.new_words[:WORD_BUTTONS])
    ]
    return InlineKeyboardMarkup(rows(buttons, 2)) if buttons else None


def tutor_reply(notice: ReplyNotice) -> Rendered:
    """The tutor's answer, with the corrections of the learner's message under it."""
    reply = notice.turn.reply
    assert reply is not None
    lines = [escape(reply.text)]
    if notice.turn.corrections:
        lines.append("\n✏️ <b>Corrections</b>")
        for c in notice.turn.corrections:
            lines.append(
                f"• <s>{escape(c.original)}</s> → <b>{escape(c.corrected)}</b>"
                f" — <i>{escape(c.explanation)}</i>"
            )
    if reply.tutor == "offline":
        lines.append("\n<i>🤖 offline tutor</i>")
    return Rendered("\n".join(lines), word_buttons(reply))


def reply_failed(notice: ReplyNotice) -> Rendered:
    retry = InlineKeyboardButton(
        "🔁 Try again", callback_data=pack(FEATURE, "retry", str(notice.turn.id))
    )
    return Rendered(FAILED, InlineKeyboardMarkup([[retry]]))


def reply_notice(notice: ReplyNotice) -> Rendered:
    return tutor_reply(notice) if notice.kind == "answered" else reply_failed(notice)


def word_added(headword: str, created: bool) -> str:
    return f"➕ {headword} is in your deck" if created else f"{headword} was already there"


PRACTISE_MISTAKES = pack(GRAMMAR_FEATURE, "conv")
"""Opens a grammar drill on the topic behind the most frequent mistake."""


def report_markup(result: ConversationReport) -> InlineKeyboardMarkup | None:
    """A "Practise this" button when the conversation had mistakes."""
    if not result.mistakes_by_category:
        return None
    button = InlineKeyboardButton("🎯 Practise this", callback_data=PRACTISE_MISTAKES)
    return InlineKeyboardMarkup([[button]])


def report(result: ConversationReport) -> str:
    lines = ["<b>Conversation summary</b>", escape(result.encouragement), ""]
    lines.append(f"💬 {result.learner_messages} messages · ⭐ {result.xp_earned} XP")
    if result.mistakes_by_category:
        parts = [
            f"{CATEGORY_LABELS.get(k, k)}: {v}"
            for k, v in sorted(result.mistakes_by_category.items())
        ]
        lines.append("✏️ Mistakes — " + ", ".join(parts))
        for c in result.corrections[:5]:
            lines.append(f"• <s>{escape(c.original)}</s> → <b>{escape(c.corrected)}</b>")
    if result.new_words:
        words = ", ".join(
            escape(f"{w.article + ' ' if w.article else ''}{w.lemma} ({w.translation})")
            for w in result.new_words[:8]
        )
        lines.append(f"📚 New words: {words}")
    lines.append("\nAnother scene? /talk")
    return "\n".join(lines)
