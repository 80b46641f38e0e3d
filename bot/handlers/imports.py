"""A deck file sent to the chat (CSV or Anki .apkg) is imported; the learner gets the report."""

from __future__ import annotations

from functools import partial

from telegram import Document, Message, Update
from telegram.constants import ParseMode
from telegram.ext import MessageHandler, filters

from bot.context import BotApplication, BotContext
from bot.learner import as_learner
from bot.render import imports as render
from bot.replies import reply
from core.errors import AppError
from core.vocabulary.import_apkg import MAX_APKG_BYTES
from core.vocabulary.import_jobs import begin_import

_DECK_FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".apkg")


def _refusal(document: Document) -> str | None:
    """Why a document is not even downloaded (not a deck file, too large), or None."""
    if not (document.file_name or "").lower().endswith(_DECK_FILE_SUFFIXES):
        return render.NOT_A_DECK_FILE
    if document.file_size is not None and document.file_size > MAX_APKG_BYTES:
        return render.TOO_LARGE
    return None


async def on_document(update: Update, context: BotContext) -> None:
    message = update.effective_message
    document = message.document if message is not None else None
    if message is None or document is None:
        return
    refusal = _refusal(document)
    if refusal is not None:
        await reply(update, refusal)
        return
    progress = await reply(update, render.IMPORTING)
    data = bytes(await (await document.get_file()).download_as_bytearray())
    name = document.file_name or "your file"
    progress_id = progress.message_id if progress is not None else None
    action = partial(begin_import, data=data, file_name=name, chat_id=message.chat_id)
    action = partial(action, message_id=progress_id)
    try:
        text = render.import_outcome(name, await as_learner(update, context, action))
    except AppError as exc:  # refused whole: the unit of work rolled back, nothing was written
        text = render.import_failed(exc.message)
    await _show(progress, update, text)


async def _show(progress: Message | None, update: Update, text: str) -> None:
    """Edit the "Importing…" message into `text` (or reply, when it could not be sent)."""
    if progress is None:
        await reply(update, text)
    else:
        await progress.edit_text(text, parse_mode=ParseMode.HTML)


def register(application: BotApplication) -> None:
    application.add_handler(MessageHandler(filters.Document.ALL, on_document))
