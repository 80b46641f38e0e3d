"""How the deck looks in Telegram: /add and /meaning answers, the /deck overview, exports."""

from __future__ import annotations

from html import escape
from typing import Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import MAX_BYTES, pack
from bot.cards import NEW_WORDS_START, REVIEW_START
from bot.render.message import Rendered
from core.german import CefrLevel
from core.german_text import split_article
from core.vocabulary.schemas import (
    DeckOverview,
    DeckWordAdded,
    DeckWordView,
    StarterPack,
    StarterPackAdded,
)
from core.vocabulary.suggesting import Checked

FEATURE = "dk"
STARTER_FEATURE = "sp"
ADD_USAGE = "Send the word after the command, e.g. <code>/add der Hund</code>."
MEANING_USAGE = "Send it like this: <code>/meaning Fernweh = wanderlust</code>"
EXPORT_PREPARING = "Preparing your export…"
EXPORT_CAPTION = "Your deck, ready to import."


def word_added(added: DeckWordAdded, ai_mode: Literal["claude", "offline"]) -> str:
    """What /add answers; only the Claude tutor looks up a pending word's translation."""
    view = added.word
    headword = escape(f"{view.article} {view.lemma}" if view.article else view.lemma)
    correction = (
        f"✏️ It's <i>{added.corrected_article}</i> {escape(view.lemma)}.\n"
        if added.corrected_article
        else ""
    )
    if not added.created:
        return correction + f"<b>{headword}</b> is already in your deck."
    details = []
    if view.plural:
        details.append(f"plural die {escape(view.plural)}")
    if view.translations:
        details.append(escape(", ".join(view.translations)))
    line = (
        correction + f"➕ Added <b>{headword}</b>" + (f" — {'; '.join(details)}" if details else "")
    )
    line += f"\n{len(view.cards)} cards: you'll see it in /review."
    if view.enrichment == "pending" and ai_mode == "claude":
        line += "\nI'm looking up a translation and an example; they'll appear here."
    elif not view.translations:
        line += (
            f"\nIt's not in my word list, so tell me what it means: "
            f"<code>/meaning {escape(view.lemma)} = …</code>"
        )
    return line


ADD_FEATURE = "ad"


def _fits(action: str, arg: str) -> bool:
    return len(f"v1:{ADD_FEATURE}:{action}:{arg}".encode()) <= MAX_BYTES


def did_you_mean(checked: Checked) -> Rendered:
    """A typed word no word list knows: the nearest known words, or add it anyway."""
    word = split_article(checked.text)[1]
    if checked.suggestions:
        names = " or ".join(f"<i>{escape(s.headword)}</i>" for s in checked.suggestions)
        text = f"“{escape(word)}” is not in my word list. Did you mean {names}?"
    else:
        text = (
            f"“{escape(word)}” is not in my word list, and I know no word like it. "
            "Check the spelling, or add it as it is."
        )
    rows = []
    for suggestion in checked.suggestions:
        label = f"➕ {suggestion.headword}" + (
            f" ({suggestion.translation})" if suggestion.translation else ""
        )
        if suggestion.vocabulary_item_id is not None:
            data = pack(ADD_FEATURE, "pick", str(suggestion.vocabulary_item_id))
        elif _fits("text", suggestion.headword):
            data = pack(ADD_FEATURE, "text", suggestion.headword)
        else:
            continue
        rows.append([InlineKeyboardButton(label[:60], callback_data=data)])
    if _fits("force", checked.text):
        anyway = f"Add “{checked.text}” anyway"[:60]
        rows.append(
            [InlineKeyboardButton(anyway, callback_data=pack(ADD_FEATURE, "force", checked.text))]
        )
    else:
        text += "\nIt is too long for a button: check the spelling and send it again."
    return Rendered(text, InlineKeyboardMarkup(rows))


def meaning_saved(word: DeckWordView) -> str:
    return f"📝 <b>{escape(word.lemma)}</b> — {escape(', '.join(word.translations))}. Saved."


def _count(number: int, noun: str) -> str:
    """ "1 word", "3 words"."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def overview(deck: DeckOverview) -> str:
    lines = [
        "<b>Your deck</b>",
        f"📚 {_count(deck.words, 'word')} ({_count(deck.cards, 'card')})"
        + (f", {deck.suspended_words} paused" if deck.suspended_words else ""),
        f"⏰ Due now: <b>{deck.due_now}</b> · new today: {deck.new_available_today}",
        f"🌱 Learning: {deck.learning} · 🌳 in review: {deck.review}",
    ]
    if deck.leeches:
        lines.append(f"⏸ {_count(deck.leeches, 'card')} paused after many lapses")
    if deck.lists:
        lines.append("\n<b>Lists</b>")
        lines += [f"• {escape(wl.name)} ({wl.word_count})" for wl in deck.lists]
    if not deck.words:
        lines.append("\nAdd your first word: <code>/add die Katze</code>")
    return "\n".join(lines)


SEARCH_ACTION = "sq"
SEARCH_BUTTON = InlineKeyboardButton(
    "🔎 Search my words", callback_data=pack(FEATURE, SEARCH_ACTION)
)
"""Asks for a word; the learner's next message shows the words of their deck matching it."""


def overview_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("▶️ Review now", callback_data=REVIEW_START)],
            [
                InlineKeyboardButton("📋 My words", callback_data=pack(FEATURE, "pg", "1.-.-.-")),
                InlineKeyboardButton("🗂 My lists", callback_data=pack(FEATURE, "ls")),
            ],
            [SEARCH_BUTTON],
            [starter_button(), topic_packs_button()],
            [
                InlineKeyboardButton("📄 Export CSV", callback_data=pack(FEATURE, "csv")),
                InlineKeyboardButton("🗂 Export Anki", callback_data=pack(FEATURE, "apkg")),
            ],
        ]
    )


def starter_button(level: CefrLevel | None = None) -> InlineKeyboardButton:
    """Adds the starter pack of `level` (without one: of the learner's level when pressed)."""
    label = f"📦 Add 20 starter words ({level})" if level else "📦 Starter words for my level"
    return InlineKeyboardButton(label, callback_data=pack(STARTER_FEATURE, "add", level or ""))


def topic_packs_button(level: CefrLevel | None = None) -> InlineKeyboardButton:
    """Opens the topic packs of `level` (without one: of the learner's level)."""
    return InlineKeyboardButton(
        "🧺 Packs by topic", callback_data=pack(STARTER_FEATURE, "tp", level or "")
    )


def _topic_label(starter: StarterPack) -> str:
    done = " ✓" if starter.in_deck == starter.word_count else ""
    return f"{starter.topic} · {starter.word_count}{done}"


def topic_packs(level: CefrLevel, packs: list[StarterPack]) -> Rendered:
    """A level's topic packs, a button each (✓: all its words are in the deck already), and
    the other levels to switch to."""
    themed = [p for p in packs if p.topic is not None and p.level == level]
    lines = [f"🧺 <b>Starter packs by topic · {level}</b>"]
    if themed:
        lines.append(
            "Tap a topic: its most frequent words go into your deck and a list "
            f"(“Starter {level} · topic”). ✓ means they're all in your deck already."
        )
    else:
        lines.append(f"There are no topic packs for {level} yet.")
    buttons = [
        InlineKeyboardButton(
            _topic_label(p), callback_data=pack(STARTER_FEATURE, "add", f"{level}.{p.topic}")
        )
        for p in themed
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    levels = dict.fromkeys(p.level for p in packs if p.topic is not None)
    others = [
        InlineKeyboardButton(f"→ {other}", callback_data=pack(STARTER_FEATURE, "tp", other))
        for other in levels
        if other != level
    ]
    return Rendered("\n".join(lines), InlineKeyboardMarkup([*rows, others]))


def starter_added(result: StarterPackAdded) -> Rendered:
    name = escape(result.list.name)
    if result.added:
        text = (
            f"📦 <b>{result.added} words</b> are in your deck now, in the list “{name}”"
            + (f" ({result.already_in_deck} were there already)" if result.already_in_deck else "")
            + ".\nLearn them with the button below, or any time with /review."
        )
    else:
        text = f"📦 The {name} words are already in your deck (list “{name}”). /review has them."
    keyboard = [[InlineKeyboardButton("🆕 Learn new words", callback_data=NEW_WORDS_START)]]
    return Rendered(text, InlineKeyboardMarkup(keyboard))
