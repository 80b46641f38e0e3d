"""/find: catalogue search results, best match first, each with a ➕ button."""

from __future__ import annotations

from html import escape
from typing import Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack
from bot.render.message import Rendered
from core.vocabulary.schemas import CatalogueWord, DeckWordAdded, Page

FEATURE: Final = "fd"
RESULTS: Final = 8
USAGE: Final = (
    "Send what to look for after the command, in German or English, e.g. "
    "<code>/find go</code> or <code>/find Strasse</code>."
)


def _headword(word: CatalogueWord) -> str:
    return escape(f"{word.article} {word.lemma}" if word.article else word.lemma)


def added_label(lemma: str) -> str:
    return f"✅ {lemma} is in your deck"[:60]


def results(query: str, found: Page[CatalogueWord]) -> Rendered:
    if not found.items:
        return Rendered(
            f"Nothing in my word list matches “{escape(query)}”. "
            f"You can still add it: <code>/add {escape(query)}</code>"
        )
    lines = [f"🔎 <b>{escape(query)}</b> — {found.total} match{'es' if found.total != 1 else ''}"]
    for number, word in enumerate(found.items, start=1):
        meaning = escape(", ".join(word.translations[:3]))
        mark = " ✅" if word.in_deck else ""
        lines.append(f"{number}. <b>{_headword(word)}</b> ({word.level}) — {meaning}{mark}")
    if found.total > len(found.items):
        lines.append(
            f"\nShowing the best {len(found.items)}. Type more of the word to narrow them down."
        )
    keyboard = [
        [
            InlineKeyboardButton(added_label(word.lemma), callback_data=pack(FEATURE, "in"))
            if word.in_deck
            else InlineKeyboardButton(
                f"➕ {word.article + ' ' if word.article else ''}{word.lemma}"[:60],
                callback_data=pack(FEATURE, "add", str(word.id)),
            )
        ]
        for word in found.items
    ]
    return Rendered("\n".join(lines), InlineKeyboardMarkup(keyboard))


def added_toast(added: DeckWordAdded) -> str:
    view = added.word
    name = f"{view.article} {view.lemma}" if view.article else view.lemma
    return f"➕ Added {name}." if added.created else f"{name} is already in your deck."


def mark_added(markup: InlineKeyboardMarkup | None, data: str, lemma: str) -> InlineKeyboardMarkup:
    """The results' keyboard with the pressed ➕ turned into "✅ … is in your deck"."""
    rows = [
        [
            InlineKeyboardButton(added_label(lemma), callback_data=pack(FEATURE, "in"))
            if button.callback_data == data
            else button
            for button in row
        ]
        for row in (markup.inline_keyboard if markup else ())
    ]
    return InlineKeyboardMarkup(rows)


ALREADY_IN_DECK: Final = "Already in your deck. /deck shows your words."
