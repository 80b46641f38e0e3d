"""/add a word, /meaning for a word the tutor could not translate, /deck: the overview with its
exports, and the deck browser (pages of words, a word's screen, lists) in one message."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InputFile, Message, Update
from telegram.error import BadRequest
from telegram.ext import CommandHandler

from bot import deck_render, find_screens, texts
from bot import deck_screens as screens
from bot.context import BotApplication, BotContext
from bot.learner import LearnerAction, as_learner, require_identity
from bot.presses import DrillPress, Press, drill_buttons, feature_buttons, run_press
from bot.render.message import Rendered
from bot.replies import edit, reply
from bot.text_router import handles_text
from core.card_kinds import CARD_KIND_NAMES
from core.models import User
from core.vocabulary import catalogue, manage
from core.vocabulary.adding import add_checked, add_word
from core.vocabulary.export_apkg import export_apkg
from core.vocabulary.export_csv import export_csv
from core.vocabulary.lists import delete_word_list
from core.vocabulary.manage import DeckFilter, TextField, TextSaved, WordScreen
from core.vocabulary.meanings import set_translation
from core.vocabulary.overview import deck_overview
from core.vocabulary.schemas import AddWord, WordListView
from core.vocabulary.suggesting import Checked

T = TypeVar("T")

_EXPORTS: dict[str, tuple[LearnerAction[bytes], str]] = {
    "csv": (export_csv, "german-tutor-deck.csv"),
    "apkg": (export_apkg, "german-tutor.apkg"),
}


def _meaning_of(args: list[str] | None) -> tuple[str, list[str]] | None:
    """("Fernweh", ["wanderlust"]) from "/meaning Fernweh = wanderlust"; None when malformed."""
    german, _, english = " ".join(args or []).partition("=")
    glosses = [g.strip() for g in english.split(",") if g.strip()]
    return (german.strip(), glosses) if german.strip() and glosses else None


async def add(update: Update, context: BotContext) -> None:
    """/add Wort — a catalogue word as it is, any other word with details to follow."""
    text = " ".join(context.args or [])
    if not text:
        await reply(update, deck_render.ADD_USAGE)
        return
    added = await as_learner(update, context, lambda s, u: add_checked(s, u, text))
    if isinstance(added, Checked):
        rendered = deck_render.did_you_mean(added)
        await reply(update, rendered.text, rendered.markup)
        return
    await reply(update, deck_render.word_added(added, context.settings.ai_mode))


async def on_add_suggestion(update: Update, context: BotContext, press: Press) -> None:
    """A "did you mean" button: a catalogue word by id, or a word as typed ("text", or the
    learner's own spelling: "force")."""
    arg = press.callback.arg
    if press.callback.action == "pick":
        if not (arg.isascii() and arg.isdecimal()):
            await _stale(press)
            return
        request = AddWord(vocabulary_id=int(arg))
        added = await as_learner(update, context, lambda s, u: add_word(s, u, request))
    else:
        forced = await as_learner(update, context, lambda s, u: add_checked(s, u, arg, force=True))
        assert not isinstance(forced, Checked)
        added = forced
    await _show(update, press, Rendered(deck_render.word_added(added, context.settings.ai_mode)))


async def find(update: Update, context: BotContext) -> None:
    """/find text — the catalogue, German or English, best match first, with ➕ buttons."""
    text = " ".join(context.args or [])[:80]
    if not text.strip():
        await reply(update, find_screens.USAGE)
        return
    search = partial(catalogue.search_catalogue, query=text, page_size=find_screens.RESULTS)
    rendered = find_screens.results(text, await as_learner(update, context, search))
    await reply(update, rendered.text, rendered.markup)


async def on_find_add(update: Update, context: BotContext, press: Press) -> None:
    item_id = press.callback.arg
    if not (item_id.isascii() and item_id.isdecimal()):
        await _stale(press)
        return
    request = AddWord(vocabulary_id=int(item_id))
    added = await as_learner(update, context, lambda s, u: add_word(s, u, request))
    await press.query.answer(find_screens.added_toast(added))
    message = press.query.message
    markup = message.reply_markup if isinstance(message, Message) else None
    new_markup = find_screens.mark_added(markup, press.query.data or "", added.word.lemma)
    with contextlib.suppress(BadRequest):
        await press.query.edit_message_reply_markup(new_markup)


async def on_find_in_deck(update: Update, context: BotContext, press: Press) -> None:
    await press.query.answer(find_screens.ALREADY_IN_DECK)


async def set_meaning(update: Update, context: BotContext) -> None:
    """/meaning Wort = translation — for words the tutor could not translate."""
    meaning = _meaning_of(context.args)
    if meaning is None:
        await reply(update, deck_render.MEANING_USAGE)
        return
    word = await as_learner(update, context, lambda s, u: set_translation(s, u, *meaning))
    await reply(update, deck_render.meaning_saved(word))


async def show_deck(update: Update, context: BotContext) -> None:
    overview = await as_learner(update, context, deck_overview)
    await reply(update, deck_render.overview(overview), deck_render.overview_keyboard())


async def on_export(update: Update, context: BotContext, press: Press) -> None:
    """An export button: the file is built and sent as a document after the transaction."""
    build, filename = _EXPORTS[press.callback.action]
    await press.query.answer(deck_render.EXPORT_PREPARING)
    data = await as_learner(update, context, build)
    await context.bot.send_document(
        press.identity.chat_id,
        InputFile(data, filename=filename),
        caption=deck_render.EXPORT_CAPTION,
    )


# ---- the deck browser ------------------------------------------------------------------------


async def _stale(press: Press) -> None:
    await press.query.answer(texts.STALE_BUTTON, show_alert=True)


async def _show(update: Update, press: Press, rendered: Rendered, note: str | None = None) -> None:
    await press.query.answer(note)
    await edit(update, rendered.text, rendered.markup)


async def on_home(update: Update, context: BotContext, press: Press) -> None:
    overview = await as_learner(update, context, deck_overview)
    await _show(
        update, press, Rendered(deck_render.overview(overview), deck_render.overview_keyboard())
    )


async def on_page(update: Update, context: BotContext, press: Press) -> None:
    chosen = screens.read_token(press.callback.arg or "1.-.-.-")
    if chosen is None:
        await _stale(press)
        return
    browse = await as_learner(update, context, partial(manage.browse_deck, chosen=chosen))
    await _show(update, press, screens.page(browse))


async def on_filter(update: Update, context: BotContext, press: Press) -> None:
    chosen = screens.read_token(press.callback.arg)
    if chosen is None:
        await _stale(press)
        return
    browse = await as_learner(update, context, partial(manage.browse_deck, chosen=chosen))
    await _show(update, press, screens.filter_choices(browse, press.callback.action))


async def _word_press(
    update: Update,
    context: BotContext,
    press: Press,
    action: Callable[[AsyncSession, User, int], Awaitable[T]],
) -> tuple[T, DeckFilter] | None:
    """(the core call's outcome for the pressed word, the page's filter), or None if stale."""
    parsed = screens.read_word_arg(press.callback.arg)
    if parsed is None:
        await _stale(press)
        return None
    word_id, chosen = parsed
    return await as_learner(update, context, lambda s, u: action(s, u, word_id)), chosen


async def on_word(update: Update, context: BotContext, press: Press) -> None:
    shown = await _word_press(update, context, press, manage.word_screen)
    if shown is not None:
        await _show(update, press, screens.word(*shown))


async def _pause(update: Update, context: BotContext, press: Press, paused: bool) -> None:
    async def pause(session: AsyncSession, user: User, word_id: int) -> WordScreen:
        await manage.set_suspended_word(session, user, word_id, paused)
        return await manage.word_screen(session, user, word_id)

    shown = await _word_press(update, context, press, pause)
    if shown is not None:
        note = "Paused: it won't come up in reviews." if paused else "Unpaused."
        await _show(update, press, screens.word(*shown), note)


async def on_pause(update: Update, context: BotContext, press: Press) -> None:
    await _pause(update, context, press, True)


async def on_unpause(update: Update, context: BotContext, press: Press) -> None:
    await _pause(update, context, press, False)


async def on_card_kind(update: Update, context: BotContext, press: Press) -> None:
    """The choice of a word's plural or verb-forms card: on, off, or as in /settings."""
    kind = next(k for k, action in screens.KIND_SWITCHES.items() if action == press.callback.action)
    shown = await _word_press(update, context, press, manage.word_screen)
    if shown is not None:
        choices = screens.card_kind_choices(*shown, kind)
        if choices is None:  # the word's data no longer has these forms
            await _show(update, press, screens.word(*shown))
            return
        await _show(update, press, choices)


async def on_card_kind_choice(update: Update, context: BotContext, press: Press) -> None:
    kind, choice = screens.KIND_CHOICES[press.callback.action]
    choose = partial(manage.choose_word_card_kind, kind=kind, choice=choice)
    shown = await _word_press(update, context, press, choose)
    if shown is not None:
        screen, _ = shown
        now = next((c for c in screen.word.card_kinds if c.kind == kind), None)
        note = (
            f"{CARD_KIND_NAMES[kind]}: {screens.card_kind_state(now)}." if now is not None else None
        )
        await _show(update, press, screens.word(*shown), note)


async def on_delete(update: Update, context: BotContext, press: Press) -> None:
    shown = await _word_press(update, context, press, manage.delete_word_keeping_undo)
    if shown is not None:
        await _show(update, press, screens.deleted(*shown))


async def on_undo_delete(update: Update, context: BotContext, press: Press) -> None:
    async def restore(session: AsyncSession, user: User, word_id: int) -> WordScreen:
        await manage.restore_deleted_word(session, user, word_id)
        return await manage.word_screen(session, user, word_id)

    shown = await _word_press(update, context, press, restore)
    if shown is not None:
        await _show(update, press, screens.word(*shown, notice="↩️ Restored, with its cards."))


async def on_move(update: Update, context: BotContext, press: Press) -> None:
    shown = await _word_press(update, context, press, manage.word_screen)
    if shown is not None:
        await _show(update, press, screens.move_choices(*shown))


async def on_move_to(update: Update, context: BotContext, press: Press) -> None:
    word_id, _, rest = press.callback.arg.partition(".")
    list_id, _, filter_token = rest.partition(".")
    chosen = screens.read_token(filter_token)
    if chosen is None or not list_id.isdecimal() or not word_id.isdecimal():
        await _stale(press)
        return

    async def move(session: AsyncSession, user: User) -> WordScreen:
        await manage.move_to_list(session, user, int(word_id), int(list_id) or None)
        return await manage.word_screen(session, user, int(word_id))

    shown = await as_learner(update, context, move)
    await _show(update, press, screens.word(shown, chosen), "Moved.")


async def _ask(
    update: Update, context: BotContext, press: Press, field: TextField, target: int | None
) -> None:
    message = press.query.message
    ask = partial(
        manage.ask_for_text,
        field=field,
        target_id=target,
        chat_id=press.identity.chat_id,
        message_id=message.message_id if message is not None else None,
    )
    request = await as_learner(update, context, ask)
    await _show(update, press, screens.ask(request))


async def on_edit_word(update: Update, context: BotContext, press: Press) -> None:
    parsed = screens.read_word_arg(press.callback.arg)
    if parsed is None:
        await _stale(press)
        return
    field: TextField = "translation" if press.callback.action == "et" else "example"
    await _ask(update, context, press, field, parsed[0])


async def on_lists(update: Update, context: BotContext, press: Press) -> None:
    await _show(
        update, press, screens.lists(await as_learner(update, context, manage.lists_screen))
    )


def _list_id(press: Press) -> int | None:
    arg = press.callback.arg
    return int(arg) if arg.isascii() and arg.isdecimal() else None


async def _list_press(
    update: Update,
    context: BotContext,
    press: Press,
    action: Callable[[AsyncSession, User, int], Awaitable[T]],
) -> T | None:
    list_id = _list_id(press)
    if list_id is None:
        await _stale(press)
        return None
    return await as_learner(update, context, lambda s, u: action(s, u, list_id))


async def on_list(update: Update, context: BotContext, press: Press) -> None:
    word_list = await _list_press(update, context, press, manage.list_screen)
    if word_list is not None:
        await _show(update, press, screens.one_list(word_list))


async def on_new_list(update: Update, context: BotContext, press: Press) -> None:
    await _ask(update, context, press, "new_list", None)


async def on_search(update: Update, context: BotContext, press: Press) -> None:
    """🔎 Search my words: the next message is the text to look for."""
    await _ask(update, context, press, "search", None)


async def on_rename_list(update: Update, context: BotContext, press: Press) -> None:
    list_id = _list_id(press)
    if list_id is None:
        await _stale(press)
        return
    await _ask(update, context, press, "rename_list", list_id)


async def on_ask_list_delete(update: Update, context: BotContext, press: Press) -> None:
    word_list = await _list_press(update, context, press, manage.list_screen)
    if word_list is not None:
        await _show(update, press, screens.confirm_list_delete(word_list))


async def on_list_delete(update: Update, context: BotContext, press: Press) -> None:
    async def remove(session: AsyncSession, user: User, list_id: int) -> list[WordListView]:
        await delete_word_list(session, user, list_id)
        return await manage.lists_screen(session, user)

    remaining = await _list_press(update, context, press, remove)
    if remaining is not None:
        await _show(update, press, screens.lists(remaining, "🗑 List deleted; its words stay."))


# ---- a value typed in chat -------------------------------------------------------------------


async def on_cancel_text(update: Update, context: BotContext, press: DrillPress) -> None:
    if await run_press(update, context, press, manage.cancel_text) is not None:
        await press.query.answer()
        await edit(update, screens.CANCELLED)


async def _screen_after(update: Update, context: BotContext, saved: TextSaved) -> Rendered:
    """What follows a value typed for the deck: a search's first page, the edited word, or
    the lists with the new or renamed one."""
    if saved.search_id is not None:
        found = DeckFilter(search_id=saved.search_id)
        return screens.page(
            await as_learner(update, context, partial(manage.browse_deck, chosen=found))
        )
    notice = screens.saved_notice(saved)
    if saved.word is not None:
        shown = await as_learner(
            update, context, partial(manage.word_screen, deck_word_id=saved.word.id)
        )
        return screens.word(shown, DeckFilter(), notice)
    return screens.lists(await as_learner(update, context, manage.lists_screen), notice)


@handles_text("deck_text")
async def on_typed_value(update: Update, context: BotContext, session_id: int) -> bool:
    """The learner's message is the value the deck asked for (a translation, a list name,
    a search)."""
    message = update.effective_message
    text = message.text if message is not None else None
    if not text:
        return False
    saved = await as_learner(update, context, lambda s, u: manage.take_text(s, u, session_id, text))
    if saved is None:
        return False
    chat_id = require_identity(update).chat_id
    if saved.prompt_message_id is not None:
        with contextlib.suppress(BadRequest):
            await context.bot.edit_message_reply_markup(chat_id, saved.prompt_message_id)
    rendered = await _screen_after(update, context, saved)
    await reply(update, rendered.text, rendered.markup)
    return True


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("add", add))
    application.add_handler(CommandHandler("deck", show_deck))
    application.add_handler(CommandHandler("find", find))
    application.add_handler(
        feature_buttons(
            deck_render.ADD_FEATURE,
            {"pick": on_add_suggestion, "text": on_add_suggestion, "force": on_add_suggestion},
        )
    )
    application.add_handler(
        feature_buttons(find_screens.FEATURE, {"add": on_find_add, "in": on_find_in_deck})
    )
    application.add_handler(CommandHandler("meaning", set_meaning))
    application.add_handler(
        feature_buttons(
            deck_render.FEATURE,
            {
                "csv": on_export,
                "apkg": on_export,
                "home": on_home,
                "pg": on_page,
                "fs": on_filter,
                "fv": on_filter,
                "fl": on_filter,
                "w": on_word,
                "pa": on_pause,
                "up": on_unpause,
                **dict.fromkeys(screens.KIND_SWITCHES.values(), on_card_kind),
                **dict.fromkeys(screens.KIND_CHOICES, on_card_kind_choice),
                "dl": on_delete,
                "ud": on_undo_delete,
                "mv": on_move,
                "mt": on_move_to,
                "et": on_edit_word,
                "ee": on_edit_word,
                "ls": on_lists,
                "lo": on_list,
                "nl": on_new_list,
                deck_render.SEARCH_ACTION: on_search,
                "rn": on_rename_list,
                "ld": on_ask_list_delete,
                "lx": on_list_delete,
            },
        )
    )
    application.add_handler(drill_buttons("deck_text", {"x": on_cancel_text}))
