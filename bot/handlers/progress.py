"""/streak (and /progress): XP today, the goal, the streak and freezes; and the line shown
under every finished session ("▰▰▰▱▱ 30/50 XP today", "🎯 Daily goal reached!" once a day)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import CommandHandler, TypeHandler

from bot import session_end
from bot.context import BotApplication, BotContext
from bot.learner import as_learner
from bot.render.progress import progress_text
from bot.replies import reply
from core.progress.views import progress_view

AFTER_HANDLERS = 1
"""The handler group that runs after every feature's handler for the same update."""


async def show_progress(update: Update, context: BotContext) -> None:
    view = await as_learner(update, context, progress_view)
    await reply(update, progress_text(view))


async def show_session_end(update: Update, context: BotContext) -> None:
    """After a handler that finished a session but showed its last screen without
    bot.replies (e.g. a typed answer's drill edited by id): the goal line on its own."""
    line = session_end.take(update)
    if line is not None and update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, line, parse_mode=ParseMode.HTML)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler(["streak", "progress"], show_progress))
    application.add_handler(TypeHandler(Update, show_session_end), group=AFTER_HANDLERS)
