"""/link: a Telegram-only learner gets a one-time code to set up a web login."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import texts
from bot.context import BotApplication, BotContext
from bot.learner import as_learner
from bot.replies import reply
from core.accounts.telegram_start import web_link_offer


async def link(update: Update, context: BotContext) -> None:
    ttl = context.settings.link_code_ttl_seconds
    offer = await as_learner(update, context, lambda s, u: web_link_offer(s, u, ttl))
    web_url = context.settings.web_app_url or context.settings.public_base_url
    await reply(update, texts.web_link(offer, web_url))


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("link", link))
