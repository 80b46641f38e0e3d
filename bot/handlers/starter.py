"""The starter pack buttons (end of onboarding, /deck): the level's most frequent words into
the deck and a "Starter <level>" list, so /review has cards on day one; and the packs by
topic (/deck → Packs by topic): a level's topics, one button each, other levels a tap away."""

from __future__ import annotations

from functools import partial

from telegram import Update

from bot import deck_render, texts
from bot.context import BotApplication, BotContext
from bot.learner import as_learner
from bot.presses import Press, feature_buttons
from bot.replies import edit, reply
from core.german import CEFR_LEVELS, CefrLevel
from core.vocabulary.starter import add_starter_pack, topic_packs


def _level(arg: str) -> CefrLevel | None:
    return next((lv for lv in CEFR_LEVELS if lv == arg), None)


async def on_add(update: Update, context: BotContext, press: Press) -> None:
    """Adds a pack: the level's ("A1"), one topic of it ("A1.food"), or, with no level,
    the pack of the learner's level."""
    level_arg, _, topic = press.callback.arg.partition(".")
    level = _level(level_arg)
    if level_arg and level is None:
        await press.query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    add = partial(add_starter_pack, level=level, topic=topic or None)
    added = await as_learner(update, context, add)
    await press.query.answer()
    rendered = deck_render.starter_added(added)
    await reply(update, rendered.text, rendered.markup)


async def on_topics(update: Update, context: BotContext, press: Press) -> None:
    """The topic packs of the level pressed (none: the learner's level), in place."""
    screen = await as_learner(
        update, context, partial(topic_packs, level=_level(press.callback.arg))
    )
    await press.query.answer()
    rendered = deck_render.topic_packs(screen.level, screen.packs)
    if press.callback.arg:  # switching level: the same message shows the other level
        await edit(update, rendered.text, rendered.markup)
    else:
        await reply(update, rendered.text, rendered.markup)


def register(application: BotApplication) -> None:
    application.add_handler(
        feature_buttons(deck_render.STARTER_FEATURE, {"add": on_add, "tp": on_topics})
    )
