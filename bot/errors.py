"""The one error handler: an AppError becomes its friendly message, anything else an apology."""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot import texts
from bot.context import BotContext
from core.errors import AppError

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    if isinstance(error, AppError):
        message = error.message
    else:
        log.error("unhandled error for update %r", update, exc_info=error)
        message = texts.APOLOGY
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(message[:200], show_alert=True)
        elif update.effective_chat is not None:
            await context.bot.send_message(
                update.effective_chat.id, html.escape(message), parse_mode=ParseMode.HTML
            )
    except TelegramError:
        log.warning("could not tell the learner about an error", exc_info=True)
