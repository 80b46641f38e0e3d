from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import texts
from bot.context import BotApplication, BotContext
from bot.keyboards import open_app_keyboard
from bot.replies import reply


async def show_help(update: Update, context: BotContext) -> None:
    await reply(update, texts.HELP, open_app_keyboard(context.settings.web_app_url))


async def unknown_command(update: Update, context: BotContext) -> None:
    await reply(update, "I don't know that command. " + texts.HELP)


async def stale_button(update: Update, context: BotContext) -> None:
    """Buttons from an older version of the bot, or for a feature that has moved on."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("help", show_help))


def register_fallbacks(application: BotApplication) -> None:
    """Registered after every feature: within a group the first matching handler wins."""
    application.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    application.add_handler(CallbackQueryHandler(stale_button))
