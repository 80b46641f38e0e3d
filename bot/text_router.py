"""One router for text messages: a text goes to the most recently started activity that
waits for text in this chat (core.activities decides which are running).

An activity's bot module registers its text handler with `@handles_text(kind)`. A handler
returns False when its activity cannot take this text right now (a review card that is
answered with buttons): the router then offers the text to the activity started before it.
With nothing waiting, a pasted or forwarded text is read for new words to add
(bot.handlers.word_finder); anything shorter gets told what they can do."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot import texts
from bot.context import BotApplication, BotContext
from bot.handlers import word_finder
from bot.learner import as_learner
from bot.replies import reply
from core.activities import ActivityKind, waiting_for_text

TextHandler = Callable[[Update, BotContext, int], Awaitable[bool]]
"""(update, context, activity id) → whether the activity took the text."""

_HANDLERS: dict[ActivityKind, TextHandler] = {}


def handles_text(kind: ActivityKind) -> Callable[[TextHandler], TextHandler]:
    def register(handler: TextHandler) -> TextHandler:
        _HANDLERS[kind] = handler
        return handler

    return register


async def route_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    for activity in await as_learner(update, context, waiting_for_text):
        handler = _HANDLERS.get(activity.kind)
        if handler is not None and await handler(update, context, activity.id):
            return
    # Nothing waits for text: a pasted or forwarded German text is read for new words.
    if word_finder.looks_like_a_text(update):
        await word_finder.offer_words_from_text(update, context)
        return
    await reply(update, texts.NOTHING_WAITING)


def register(application: BotApplication) -> None:
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, route_text))
