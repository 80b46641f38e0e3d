"""Words offered with ➕ buttons: from a text the learner sent, or their next words (/words)."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import MAX_BYTES, pack
from core.vocabulary.detect import WordSuggestion

FEATURE = "wf"
BUTTONS_PER_ROW = 2

FROM_TEXT_TITLE = "📖 <b>New words in your text</b> — tap ➕ to add one to your deck:"
NEXT_WORDS_TITLE = "🌱 <b>Your next words</b> — tap ➕ to add one to your deck:"
NOTHING_NEW_IN_TEXT = "📖 Every word of that text worth learning is in your deck already."
NO_NEXT_WORDS = "🌱 Your deck has every catalogue word of your level and the next. Try /talk!"
_REASONS = {"conversation": " · heard in /talk", "level": "", "text": ""}


def add_data(word: WordSuggestion) -> str | None:
    """The ➕ button's data: the catalogue id, else the word itself (None when too long)."""
    arg = f"v{word.vocabulary_id}" if word.vocabulary_id is not None else f"t{word.lemma}"
    data = f"v1:{FEATURE}:add:{arg}"
    return pack(FEATURE, "add", arg) if len(data.encode()) <= MAX_BYTES else None


def _line(word: WordSuggestion) -> str:
    meaning = f" — {escape(', '.join(word.translations[:2]))}" if word.translations else ""
    level = f" ({word.level})" if word.level else ""
    seen = (
        f" <i>({escape(word.seen_as)})</i>"
        if word.seen_as and word.seen_as.casefold() != word.lemma.casefold()
        else ""
    )
    return f"• <b>{escape(word.display)}</b>{seen}{meaning}{level}{_REASONS[word.reason]}"


def word_offer(words: list[WordSuggestion], title: str) -> tuple[str, InlineKeyboardMarkup | None]:
    buttons = [
        InlineKeyboardButton(f"➕ {word.display}", callback_data=data)
        for word in words
        if (data := add_data(word)) is not None
    ]
    rows = [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    text = "\n".join([title, *(_line(word) for word in words)])
    return text, InlineKeyboardMarkup(rows) if rows else None


def added_line(headword: str, created: bool) -> str:
    if created:
        return f"✅ {escape(headword)} added — you'll see it in /review."
    return f"{escape(headword)} was in your deck already."
