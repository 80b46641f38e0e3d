"""/link: a Telegram-only learner gets a one-time code to set up a web login."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import texts
from bot.context import BotApplication, BotContext
from bot.identity import identity_of
from bot.replies import reply
from core.accounts import service


async def link(update: Update, context: BotContext) -> None:
    identity = identity_of(update)
    if identity is None:
        return
    ttl = context.settings.link_code_ttl_seconds
    async with context.db.unit_of_work() as session:
        user, _ = await service.find_or_create_telegram_learner(session, identity)
        if user.password_hash is not None:
            await reply(update, texts.already_has_web_login(user))
            return
        code, _ = await service.create_link_code(session, user, "web", ttl)
    await reply(update, texts.web_link_code(code, ttl // 60))


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("link", link))
