"""The deck browser in one message edited in place: pages of words with filters, a word's
screen (edit, pause, delete with Undo, move to a list) and the learner's lists.

Button data: "v1:dk:<action>:<arg>", where the page's filter travels as a token
"<page>.<state>.<level>.<list id>" ("-" for none), so Back returns to the same page; a
search adds ".s<id>", the id of the session that keeps the text searched for (a text would
not fit in Telegram's 64 bytes of button data)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from html import escape
from typing import Any, Final, get_args

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack, pack_drill
from bot.deck_render import FEATURE, SEARCH_BUTTON
from bot.render.message import Rendered
from core.card_kinds import CARD_KIND_NAMES, OptionalCardKind
from core.clock import utcnow
from core.german import CEFR_LEVELS, CefrLevel
from core.vocabulary.manage import (
    DeckBrowse,
    DeckFilter,
    DeletedWord,
    TextRequest,
    TextSaved,
    WordScreen,
)
from core.vocabulary.schemas import DeckWordView, WordCardKind, WordListView, WordState

STATES: tuple[WordState, ...] = get_args(WordState)
STATE_LABELS: Final[dict[WordState, str]] = {
    "new": "🆕 new",
    "learning": "🌱 learning",
    "review": "🌳 in review",
    "suspended": "⏸ paused",
    "leech": "⚠️ leech (paused)",
}
# The word screen's button that opens the choice for one optional card kind, by kind; and
# the choice's buttons: on or off for this word, or "as in /settings" (None).
KIND_SWITCHES: Final[dict[OptionalCardKind, str]] = {"plural": "kp", "verb_forms": "kv"}
KIND_CHOICES: Final[dict[str, tuple[OptionalCardKind, bool | None]]] = {
    f"{action}{code}": (kind, choice)
    for kind, action in KIND_SWITCHES.items()
    for code, choice in (("1", True), ("0", False), ("a", None))
}
LIST_STUDY_FEATURE: Final = "rv"
LIST_STUDY_ACTION: Final = "list"


# ---- the filter token ------------------------------------------------------------------------


def token(chosen: DeckFilter) -> str:
    parts = [
        str(chosen.page),
        chosen.state or "-",
        chosen.level or "-",
        str(chosen.list_id) if chosen.list_id else "-",
    ]
    if chosen.search_id is not None:
        parts.append(f"s{chosen.search_id}")
    return ".".join(parts)


def _search_id(part: str | None) -> int | bool | None:
    """The search session id of a token's fifth part; None for none; False if malformed."""
    if part is None:
        return None
    digits = part.removeprefix("s")
    if not part.startswith("s") or not (digits.isascii() and digits.isdecimal()):
        return False
    return int(digits)


def read_token(text: str) -> DeckFilter | None:
    """The filter in a button's token; None for a malformed one."""
    parts = text.split(".")
    if len(parts) not in (4, 5):
        return None
    page, state, level, list_id = parts[:4]
    search_id = _search_id(parts[4] if len(parts) == 5 else None)
    if search_id is False:
        return None
    if not (page.isascii() and page.isdecimal()) or int(page) < 1:
        return None
    if state != "-" and state not in STATES:
        return None
    if level != "-" and level not in CEFR_LEVELS:
        return None
    if list_id != "-" and not (list_id.isascii() and list_id.isdecimal()):
        return None
    chosen_state: WordState | None = next((s for s in STATES if s == state), None)
    chosen_level: CefrLevel | None = next((v for v in CEFR_LEVELS if v == level), None)
    return DeckFilter(
        page=int(page),
        state=chosen_state,
        level=chosen_level,
        list_id=int(list_id) if list_id != "-" else None,
        search_id=search_id if isinstance(search_id, int) else None,
    )


def read_word_arg(text: str) -> tuple[int, DeckFilter] | None:
    """(word id, filter) from "<id>.<token>"."""
    word_id, _, rest = text.partition(".")  # the token may carry a search id
    chosen = read_token(rest)
    if not (word_id.isascii() and word_id.isdecimal()) or chosen is None:
        return None
    return int(word_id), chosen


def _button(label: str, action: str, arg: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=pack(FEATURE, action, arg))


def _with(chosen: DeckFilter, **changes: Any) -> str:
    return token(replace(chosen, **changes))


# ---- lines -----------------------------------------------------------------------------------


def _headword(word: DeckWordView) -> str:
    return escape(f"{word.article} {word.lemma}" if word.article else word.lemma)


def due_text(due_at: datetime | None, now: datetime) -> str:
    if due_at is None:
        return "not scheduled"
    if due_at <= now:
        return "due now"
    days = (due_at - now).total_seconds() / 86400
    if days < 1:
        hours = max(1, round(days * 24))
        return f"due in {hours} hour{'s' if hours != 1 else ''}"
    return f"due {due_at:%d %b}"


def _state_and_due(word: DeckWordView, now: datetime) -> str:
    if word.state in ("suspended", "leech"):
        return STATE_LABELS[word.state]
    return f"{STATE_LABELS[word.state]} · {due_text(word.due_at, now)}"


# ---- the page --------------------------------------------------------------------------------


def page(browse: DeckBrowse) -> Rendered:
    chosen, words, now = browse.filter, browse.words, utcnow()
    filters = [
        STATE_LABELS[chosen.state] if chosen.state else None,
        chosen.level,
        f"list “{escape(browse.list_name(chosen.list_id) or '')}”" if chosen.list_id else None,
        f"🔎 “{escape(browse.query)}”" if browse.query else None,
    ]
    shown = ", ".join(f for f in filters if f)
    title = f"<b>My words</b> ({words.total})" + (f" — {shown}" if shown else "")
    lines = [title]
    if not words.items:
        lines.append("\nNo words match this filter." if shown else "\nNo words yet: /add die Katze")
    first = (chosen.page - 1) * words.page_size
    for number, word in enumerate(words.items, start=first + 1):
        meaning = ", ".join(word.translations[:2])
        lines.append(
            f"{number}. <b>{_headword(word)}</b>"
            + (f" — {escape(meaning)}" if meaning else "")
            + f"\n    {_state_and_due(word, now)}"
        )
    if browse.pages > 1:
        lines.append(f"\nPage {chosen.page} of {browse.pages}")
    keyboard = [
        [_button(f"{n}. {word.lemma}"[:40], "w", f"{word.id}.{token(chosen)}")]
        for n, word in enumerate(words.items, start=first + 1)
    ]
    paging = []
    if chosen.page > 1:
        paging.append(_button("◀️ Previous", "pg", _with(chosen, page=chosen.page - 1)))
    if chosen.page < browse.pages:
        paging.append(_button("Next ▶️", "pg", _with(chosen, page=chosen.page + 1)))
    if paging:
        keyboard.append(paging)
    keyboard.append(
        [
            _button("State ▾", "fs", token(chosen)),
            _button("Level ▾", "fv", token(chosen)),
            _button("List ▾", "fl", token(chosen)),
        ]
    )
    search = [SEARCH_BUTTON]
    if chosen.search_id is not None:
        search.append(_button("✖️ Clear search", "pg", _with(chosen, page=1, search_id=None)))
    keyboard.append(search)
    keyboard.append([_button("🗂 My lists", "ls", token(chosen)), _button("⬅️ Deck", "home")])
    return Rendered("\n".join(lines), InlineKeyboardMarkup(keyboard))


def filter_choices(browse: DeckBrowse, which: str) -> Rendered:
    """The options of one filter ("fs" state, "fv" level, "fl" list), each a page."""
    chosen = browse.filter
    rows: list[list[InlineKeyboardButton]]
    if which == "fs":
        title = "Show words that are…"
        rows = [[_button(STATE_LABELS[s], "pg", _with(chosen, page=1, state=s))] for s in STATES]
        rows.append([_button("Any state", "pg", _with(chosen, page=1, state=None))])
    elif which == "fv":
        title = "Show words of level…"
        rows = [[_button(level, "pg", _with(chosen, page=1, level=level)) for level in CEFR_LEVELS]]
        rows.append([_button("Any level", "pg", _with(chosen, page=1, level=None))])
    else:
        title = "Show the words of the list…" if browse.lists else "You have no lists yet."
        rows = [
            [
                _button(
                    f"{wl.name} ({wl.word_count})"[:40], "pg", _with(chosen, page=1, list_id=wl.id)
                )
            ]
            for wl in browse.lists
        ]
        rows.append([_button("All my words", "pg", _with(chosen, page=1, list_id=None))])
    rows.append([_button("⬅️ Back", "pg", token(chosen))])
    return Rendered(f"<b>{title}</b>", InlineKeyboardMarkup(rows))


# ---- one word --------------------------------------------------------------------------------


def word(screen: WordScreen, chosen: DeckFilter, notice: str | None = None) -> Rendered:
    view, now = screen.word, utcnow()
    arg = f"{view.id}.{token(chosen)}"
    lines = [notice, ""] if notice else []
    lines.append(f"<b>{_headword(view)}</b>" + (f" ({view.level})" if view.level else ""))
    if view.plural:
        lines.append(f"Plural: die {escape(view.plural)}")
    if view.verb_forms:
        forms = view.verb_forms
        lines.append(f"Präteritum: {escape(forms.praeteritum)}")
        lines.append(f"Perfekt: {escape(forms.perfekt)}")
    lines.append("Meaning: " + (escape(", ".join(view.translations)) if view.translations else "—"))
    if view.example_de:
        lines.append(f"Example: <i>{escape(view.example_de)}</i>")
    lines.append(f"State: {_state_and_due(view, now)}")
    names = [wl.name for wl in screen.lists if wl.id in view.lists]
    lines.append("Lists: " + (escape(", ".join(names)) if names else "none"))
    for choice in view.card_kinds:
        lines.append(f"🃏 {CARD_KIND_NAMES[choice.kind]}: {card_kind_state(choice)}")
    pause = (
        _button("▶️ Unpause", "up", arg)
        if view.state in ("suspended", "leech")
        else _button("⏸ Pause", "pa", arg)
    )
    keyboard = [
        [_button("✏️ Translation", "et", arg), _button("✏️ Example", "ee", arg)],
        [pause, _button("🗂 Move to list", "mv", arg)],
        *(
            [_button(f"🃏 {CARD_KIND_NAMES[c.kind]}…", KIND_SWITCHES[c.kind], arg)]
            for c in view.card_kinds
        ),
        [_button("🗑 Delete", "dl", arg), _button("⬅️ Back", "pg", token(chosen))],
    ]
    return Rendered("\n".join(lines), InlineKeyboardMarkup(keyboard))


def choice_action(kind: OptionalCardKind, choice: bool | None) -> str:
    return next(a for a, (k, c) in KIND_CHOICES.items() if k == kind and c is choice)


def card_kind_state(choice: WordCardKind) -> str:
    """ "on (as in /settings)", "off for this word (/settings: on)"."""
    state = "on" if choice.on else "off"
    if not choice.chosen_for_word:
        return f"{state} (as in /settings)"
    setting = "on" if choice.in_settings else "off"
    return f"{state} for this word (/settings: {setting})"


def card_kind_choices(
    screen: WordScreen, chosen: DeckFilter, kind: OptionalCardKind
) -> Rendered | None:
    """The three choices of one optional card kind for a word; None when the word's data no
    longer allows that kind."""
    view = screen.word
    current = next((c for c in view.card_kinds if c.kind == kind), None)
    if current is None:
        return None
    arg = f"{view.id}.{token(chosen)}"
    setting = "on" if current.in_settings else "off"
    lines = [
        f"🃏 <b>{CARD_KIND_NAMES[kind]} · {_headword(view)}</b>",
        card_kind_example(kind, view),
        "",
        f"Now: <b>{card_kind_state(current)}</b>",
        f"Your /settings turn it {setting} for all your words. Choose for this word:",
    ]
    options: list[tuple[bool | None, str]] = [
        (True, "✅ On for this word"),
        (False, "⬜ Off for this word"),
        (None, f"⚙️ As in /settings ({setting})"),
    ]
    now = current.on if current.chosen_for_word else None  # the option in force: marked
    rows = [
        [_button(("• " if choice is now else "") + label, choice_action(kind, choice), arg)]
        for choice, label in options
    ]
    rows.append([_button("⬅️ Back to the word", "w", arg)])
    return Rendered("\n".join(lines), InlineKeyboardMarkup(rows))


def card_kind_example(kind: OptionalCardKind, view: DeckWordView) -> str:
    """What the card asks, with this word's own forms."""
    if kind == "plural" and view.plural:
        return (
            f"The card shows <i>{_headword(view)}</i> and you type its plural "
            f"(<i>die {escape(view.plural)}</i>)."
        )
    if kind == "verb_forms" and view.verb_forms:
        answer = f"{view.verb_forms.praeteritum}, {view.verb_forms.perfekt}"
        return (
            f"The card shows <i>{escape(view.lemma)}</i> and you type its Präteritum and "
            f"Perfekt (<i>{escape(answer)}</i>)."
        )
    return "You type the word's forms."


def move_choices(screen: WordScreen, chosen: DeckFilter) -> Rendered:
    view = screen.word
    rows = [
        [_button(wl.name[:40], "mt", f"{view.id}.{wl.id}.{token(chosen)}")]
        for wl in screen.lists
        if wl.id not in view.lists or len(view.lists) > 1
    ]
    if view.lists:
        rows.append([_button("Out of all lists", "mt", f"{view.id}.0.{token(chosen)}")])
    rows.append([_button("⬅️ Back", "w", f"{view.id}.{token(chosen)}")])
    text = (
        f"Move <b>{_headword(view)}</b> to which list?"
        if len(rows) > 1
        else "You have no other list. Create one in 🗂 My lists."
    )
    return Rendered(text, InlineKeyboardMarkup(rows))


def deleted(gone: DeletedWord, chosen: DeckFilter) -> Rendered:
    keyboard = [
        [_button("↩️ Undo", "ud", f"{gone.deck_word_id}.{token(chosen)}")],
        [_button("⬅️ Back to my words", "pg", token(chosen))],
    ]
    return Rendered(
        f"🗑 <b>{escape(gone.lemma)}</b> is deleted, with its cards.",
        InlineKeyboardMarkup(keyboard),
    )


# ---- typed values ----------------------------------------------------------------------------

_ASKS: Final = {
    "translation": "Send the new translation of <b>{name}</b> (several: separate them with "
    "commas).",
    "example": "Send a new German example sentence for <b>{name}</b>.",
    "new_list": "Send the name of your new list.",
    "rename_list": "Send the new name of the list <b>{name}</b>.",
    "search": "🔎 Send a word to look for in your deck: German or English, part of a word "
    "is enough (e.g. <i>haus</i> or <i>house</i>).",
}


def ask(request: TextRequest) -> Rendered:
    text = _ASKS[request.field].format(name=escape(request.name))
    if request.current:
        text += f"\nNow: <i>{escape(request.current)}</i>"
    cancel = InlineKeyboardButton(
        "✖️ Cancel",
        callback_data=pack_drill("deck_text", "x", request.session_id, request.version),
    )
    return Rendered(text, InlineKeyboardMarkup([[cancel]]))


def saved_notice(saved: TextSaved) -> str:
    if saved.field == "translation":
        return "✏️ Translation saved."
    if saved.field == "example":
        return "✏️ Example saved."
    assert saved.word_list is not None
    name = escape(saved.word_list.name)
    return f"🗂 List “{name}” created." if saved.field == "new_list" else f"🗂 Renamed to “{name}”."


CANCELLED = "Cancelled: nothing was changed."


# ---- lists -----------------------------------------------------------------------------------


def lists(all_lists: list[WordListView], notice: str | None = None) -> Rendered:
    lines = [notice, ""] if notice else []
    lines.append("<b>My lists</b>")
    if not all_lists:
        lines.append("No lists yet. A list groups words you want to study together.")
    lines += [f"• {escape(wl.name)} ({wl.word_count})" for wl in all_lists]
    rows = [[_button(f"{wl.name} ({wl.word_count})"[:40], "lo", str(wl.id))] for wl in all_lists]
    rows.append([_button("➕ New list", "nl"), _button("⬅️ My words", "pg", token(DeckFilter()))])
    return Rendered("\n".join(lines), InlineKeyboardMarkup(rows))


def one_list(word_list: WordListView) -> Rendered:
    count = word_list.word_count
    text = f"<b>{escape(word_list.name)}</b>\n{count} word{'s' if count != 1 else ''}"
    keyboard = [
        [
            InlineKeyboardButton(
                "▶️ Study this list",
                callback_data=pack(LIST_STUDY_FEATURE, LIST_STUDY_ACTION, str(word_list.id)),
            )
        ],
        [_button("📋 Its words", "pg", token(DeckFilter(list_id=word_list.id)))],
        [
            _button("✏️ Rename", "rn", str(word_list.id)),
            _button("🗑 Delete", "ld", str(word_list.id)),
        ],
        [_button("⬅️ My lists", "ls", token(DeckFilter()))],
    ]
    return Rendered(text, InlineKeyboardMarkup(keyboard))


def confirm_list_delete(word_list: WordListView) -> Rendered:
    keyboard = [
        [_button("🗑 Yes, delete the list", "lx", str(word_list.id))],
        [_button("⬅️ No, keep it", "lo", str(word_list.id))],
    ]
    return Rendered(
        f"Delete the list <b>{escape(word_list.name)}</b>? Its words stay in your deck.",
        InlineKeyboardMarkup(keyboard),
    )
