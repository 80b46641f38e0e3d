"""/add a word, /meaning for a word the tutor could not translate, /deck with its exports."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import deck_render, texts
from bot.callbacks import pattern
from bot.context import BotApplication, BotContext
from bot.learner import LearnerAction, as_learner
from bot.presses import read_press
from bot.replies import reply
from core.vocabulary.adding import add_word_from_text
from core.vocabulary.export_apkg import export_apkg
from core.vocabulary.export_csv import export_csv
from core.vocabulary.meanings import set_translation
from core.vocabulary.overview import deck_overview

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
    added = await as_learner(update, context, lambda s, u: add_word_from_text(s, u, text))
    await reply(update, deck_render.word_added(added, context.settings.ai_mode))


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


async def on_deck_button(update: Update, context: BotContext) -> None:
    """An export button: the file is built and sent as a document after the transaction."""
    press = await read_press(update)
    if press is None:
        return
    if press.callback.action not in _EXPORTS:
        await press.query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    build, filename = _EXPORTS[press.callback.action]
    await press.query.answer(deck_render.EXPORT_PREPARING)
    data = await as_learner(update, context, build)
    await context.bot.send_document(
        press.identity.chat_id,
        InputFile(data, filename=filename),
        caption=deck_render.EXPORT_CAPTION,
    )


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("add", add))
    application.add_handler(CommandHandler("deck", show_deck))
    application.add_handler(CommandHandler("meaning", set_meaning))
    application.add_handler(
        CallbackQueryHandler(on_deck_button, pattern=pattern(deck_render.FEATURE))
    )
