"""A deck file sent to the chat (CSV or Anki .apkg) is imported; the learner gets the report."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import MessageHandler, filters

from bot.context import BotApplication, BotContext
from bot.learner import as_learner
from bot.render import imports as render
from bot.replies import reply
from core.errors import AppError
from core.vocabulary.import_apkg import MAX_APKG_BYTES, import_deck_file

_DECK_FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".apkg")


async def on_document(update: Update, context: BotContext) -> None:
    message = update.effective_message
    document = message.document if message is not None else None
    if document is None:
        return
    name = document.file_name or "your file"
    if not name.lower().endswith(_DECK_FILE_SUFFIXES):
        await reply(update, render.NOT_A_DECK_FILE)
        return
    if document.file_size is not None and document.file_size > MAX_APKG_BYTES:
        await reply(update, render.TOO_LARGE)
        return
    progress = await reply(update, render.IMPORTING)
    data = bytes(await (await document.get_file()).download_as_bytearray())
    try:
        report = await as_learner(update, context, lambda s, u: import_deck_file(s, u, data))
    except AppError as exc:  # refused whole: the unit of work rolled back, nothing was written
        text = f"❌ {escape(exc.message)} Nothing was imported."
    else:
        text = render.import_report(name, report)
    if progress is None:
        await reply(update, text)
    else:
        await progress.edit_text(text, parse_mode=ParseMode.HTML)


def register(application: BotApplication) -> None:
    application.add_handler(MessageHandler(filters.Document.ALL, on_document))
