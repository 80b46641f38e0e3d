"""/start: find or create the learner, link a web account from a code, or walk through
level → time zone → reminder time in one message that is edited as the learner answers."""

from __future__ import annotations

from functools import partial

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, MessageHandler, filters

from bot import texts
from bot.choices import profile_change
from bot.context import BotApplication, BotContext
from bot.deck_render import starter_button
from bot.keyboards import (
    goal_keyboard,
    level_keyboard,
    placement_offer_rows,
    reminder_keyboard,
    time_zone_keyboard,
)
from bot.learner import as_learner, in_transaction, require_identity
from bot.presses import Press, feature_buttons
from bot.replies import edit, reply
from core.accounts.places import set_time_zone_at, set_time_zone_by_place
from core.accounts.telegram_start import TelegramStart, answer_onboarding, start_in_telegram
from core.german import CEFR_LEVELS
from core.models import User

FEATURE = "ob"


async def start(update: Update, context: BotContext) -> None:
    identity, code = require_identity(update), next(iter(context.args or []), None)
    started = await in_transaction(context, lambda s: start_in_telegram(s, identity, code))
    await _greet(update, started)


async def _greet(update: Update, started: TelegramStart) -> None:
    if started.linked:
        await reply(update, texts.linked(started.user))
    if not started.onboarded:
        await reply(update, texts.greeting(started.user), level_keyboard(FEATURE))
    elif not started.linked:
        await reply(update, texts.welcome_back(started.user))


async def on_answer(update: Update, context: BotContext, press: Press) -> None:
    """A level, time zone or reminder button: save it and ask the next question; then the
    daily goal, offered on the last screen (the default stands if it is not pressed)."""
    change = profile_change(press.callback.action, press.callback.arg)
    if change is None:
        await press.query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    last = press.callback.action == "rem"
    user = await as_learner(
        update, context, lambda s, u: answer_onboarding(s, u, change, last_step=last)
    )
    await press.query.answer("Saved")
    await edit(update, *_next_question(press.callback.action, user))


def _next_question(answered: str, user: User) -> tuple[str, InlineKeyboardMarkup | None]:
    if answered == "lvl":
        return texts.ask_time_zone(user), time_zone_keyboard(FEATURE)
    if answered == "tz":
        return texts.ask_reminder(user), reminder_keyboard(FEATURE)
    if answered == "rem":
        return texts.onboarding_done(user), _done_keyboard(user, choose_goal=True)
    return texts.onboarding_done(user), _done_keyboard(user)


def _done_keyboard(user: User, choose_goal: bool = False) -> InlineKeyboardMarkup:
    """The daily goal (right after the last question), the starter pack of the chosen level
    (so /review is not empty on day one), then the placement test."""
    level = next((lv for lv in CEFR_LEVELS if lv == user.cefr_level), None)
    rows = [[starter_button(level)], *placement_offer_rows()]
    return goal_keyboard(FEATURE, rows) if choose_goal else InlineKeyboardMarkup(rows)


async def set_time_zone(update: Update, context: BotContext) -> None:
    """/timezone Berlin, /timezone vienna, /timezone America/New_York: any place or zone."""
    if not context.args:
        await reply(update, texts.TIME_ZONE_HOW)
        return
    place = partial(set_time_zone_by_place, name=" ".join(context.args))
    chosen = await as_learner(update, context, place)
    await reply(update, texts.time_zone_set(chosen.zone, chosen.local_time))


async def on_location(update: Update, context: BotContext) -> None:
    """A shared location sets the time zone of that spot."""
    where = update.effective_message.location if update.effective_message else None
    if where is None:
        await reply(update, texts.NO_ZONE_THERE)
        return
    at = partial(set_time_zone_at, latitude=where.latitude, longitude=where.longitude)
    chosen = await as_learner(update, context, at)
    await reply(update, texts.time_zone_set(chosen.zone, chosen.local_time))


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("timezone", set_time_zone))
    application.add_handler(MessageHandler(filters.LOCATION, on_location))
    application.add_handler(
        feature_buttons(
            FEATURE, {"lvl": on_answer, "tz": on_answer, "rem": on_answer, "goal": on_answer}
        )
    )
