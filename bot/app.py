"""Application factory for polling (`tutor bot`) and webhook mode (inside `tutor api`)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from redis.asyncio import Redis
from telegram import BotCommand, MenuButtonDefault, MenuButtonWebApp, Update, WebAppInfo
from telegram.ext import Application, ContextTypes

from bot import text_router
from bot.context import BotApplication, BotContext, BotResources
from bot.errors import on_error
from bot.handlers import (
    account,
    achievements,
    articles,
    conversation,
    deck,
    grammar,
    imports,
    leagues,
    linking,
    onboarding,
    placement,
    quiz,
    review,
    scenes,
    starter,
    stats,
    today,
    word_finder,
)
from bot.handlers import help as help_handlers
from bot.handlers import progress as progress_handlers
from bot.handlers import settings as settings_handlers
from bot.keyboards import OPEN_APP_MENU
from core.db import Database
from core.settings import Settings
from jobs.queue import REDIS_CONNECT_TIMEOUT, ArqJobSender, connect

COMMANDS = [
    BotCommand("start", "Set up or say hello"),
    BotCommand("talk", "Practise a conversation with the tutor"),
    BotCommand("end", "End the conversation and see your summary"),
    BotCommand("today", "Today's plan: what to do, one tap each"),
    BotCommand("review", "Review the cards that are due"),
    BotCommand("undo", "Take back your last review"),
    BotCommand("unpause", "Bring back a card paused after many slips"),
    BotCommand("add", "Add a German word to your deck"),
    BotCommand("find", "Search words in German or English"),
    BotCommand("deck", "Your words, lists and exports"),
    BotCommand("words", "Next words to learn, one tap to add"),
    BotCommand("quiz", "A 10-question quiz on your words"),
    BotCommand("articles", "der, die or das? A quick drill"),
    BotCommand("grammar", "Grammar topics and drills"),
    BotCommand("placement", "Find your level with a short test"),
    BotCommand("stats", "Your progress as charts"),
    BotCommand("meaning", "Give a word of yours its translation"),
    BotCommand("achievements", "Your achievements and progress"),
    BotCommand("league", "Your weekly league and the leaderboards"),
    BotCommand("name", "Choose the name others see on the leaderboards"),
    BotCommand("streak", "XP today, your daily goal and streak"),
    BotCommand("settings", "Level, time zone, reminders, streak nudge, goal"),
    BotCommand("link", "A code for a web login to this account"),
    BotCommand("mydata", "All your data as one JSON file"),
    BotCommand("deleteaccount", "Delete your account and all your data"),
    BotCommand("help", "What I can do"),
]


def build_application(settings: Settings, *, webhook: bool = False) -> BotApplication:
    """Resources (database, job queue) are built in post_init and closed in post_shutdown."""
    if settings.telegram_bot_token is None:
        raise RuntimeError("TELEGRAM_BOT_TOKEN is not set")
    assert settings.database_url and settings.redis_url
    database_url, redis_url = settings.database_url, settings.redis_url

    async def post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        sender = await connect(redis_url)
        application.bot_data["resources"] = BotResources(
            settings,
            Database(database_url, job_sender=sender, pool_size=10),
            Redis.from_url(redis_url, socket_connect_timeout=REDIS_CONNECT_TIMEOUT),
        )
        await application.bot.set_my_commands(COMMANDS)
        # The menu button opens the web client as a Mini App when it has a public address;
        # otherwise it is Telegram's default (the command list), also undoing an earlier one.
        await application.bot.set_chat_menu_button(
            menu_button=MenuButtonWebApp(OPEN_APP_MENU, WebAppInfo(settings.web_app_url))
            if settings.web_app_url
            else MenuButtonDefault()
        )

    async def post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        resources: BotResources | None = application.bot_data.pop("resources", None)
        if resources is not None:
            sender = resources.db.job_sender
            await resources.db.dispose()
            await resources.redis.aclose()
            if isinstance(sender, ArqJobSender):
                await sender.pool.aclose()

    builder = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_api_file_url)
        .context_types(ContextTypes(context=BotContext))
        .concurrent_updates(True)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if webhook:
        builder = builder.updater(None)
    application: BotApplication = builder.build()
    for feature in (
        onboarding,
        settings_handlers,
        linking,
        review,
        today,
        deck,
        imports,
        word_finder,
        starter,
        quiz,
        articles,
        grammar,
        placement,
        conversation,
        scenes,
        achievements,
        stats,
        leagues,
        progress_handlers,
        account,
        help_handlers,
    ):
        feature.register(application)
    text_router.register(application)
    help_handlers.register_fallbacks(application)
    application.add_error_handler(on_error)
    return application


@asynccontextmanager
async def running(application: BotApplication, *, polling: bool) -> AsyncIterator[BotApplication]:
    """Run the bot inside the caller's event loop (unlike run_polling, which owns the loop)."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    if polling:
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0, timeout=10, allowed_updates=Update.ALL_TYPES
        )
    try:
        yield application
    finally:
        if polling and application.updater is not None and application.updater.running:
            await application.updater.stop()
        await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


class WebhookBot:
    """The bot inside the API process: the API stores and deduplicates, this processes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.application = build_application(settings, webhook=True)
        self._running: contextlib.AbstractAsyncContextManager[BotApplication] | None = None

    async def start(self) -> None:
        self._running = running(self.application, polling=False)
        await self._running.__aenter__()
        secret = self.settings.telegram_webhook_secret
        assert self.settings.telegram_webhook_url and secret is not None
        await self.application.bot.set_webhook(
            self.settings.telegram_webhook_url,
            secret_token=secret.get_secret_value(),
            allowed_updates=Update.ALL_TYPES,
        )

    async def stop(self) -> None:
        if self._running is not None:
            await self._running.__aexit__(None, None, None)
            self._running = None

    async def process(self, payload: dict[str, Any]) -> None:
        update = Update.de_json(payload, self.application.bot)
        await self.application.process_update(update)
