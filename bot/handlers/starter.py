"""The starter pack button (end of onboarding, /deck): the level's most frequent words into
the deck and a "Starter <level>" list, so /review has cards on day one."""

from __future__ import annotations

from functools import partial

from telegram import Update

from bot import deck_render, texts
from bot.context import BotApplication, BotContext
from bot.learner import as_learner
from bot.presses import Press, feature_buttons
from bot.replies import reply
from core.german import CEFR_LEVELS
from core.vocabulary.starter import add_starter_pack


async def on_add(update: Update, context: BotContext, press: Press) -> None:
    arg = press.callback.arg
    level = next((lv for lv in CEFR_LEVELS if lv == arg), None)
    if arg and level is None:
        await press.query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    added = await as_learner(update, context, partial(add_starter_pack, level=level))
    await press.query.answer()
    rendered = deck_render.starter_added(added)
    await reply(update, rendered.text, rendered.markup)


def register(application: BotApplication) -> None:
    application.add_handler(feature_buttons(deck_render.STARTER_FEATURE, {"add": on_add}))
