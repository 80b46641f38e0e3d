from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, MessageHandler, filters

from bot import texts
from bot.context import BotApplication, BotContext
from bot.replies import reply


async def show_help(update: Update, context: BotContext) -> None:
    await reply(update, texts.HELP)


async def unknown_command(update: Update, context: BotContext) -> None:
    await reply(update, "I don't know that command. " + texts.HELP)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("help", show_help))


def register_fallbacks(application: BotApplication) -> None:
    """Last group, so features added later take precedence."""
    application.add_handler(MessageHandler(filters.COMMAND, unknown_command), group=1)
