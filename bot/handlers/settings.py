"""/settings: one message showing the profile; each button opens a choice in place."""

from __future__ import annotations

from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from bot import account_render, texts
from bot.callbacks import pack
from bot.choices import profile_change
from bot.context import BotApplication, BotContext
from bot.keyboards import (
    goal_keyboard,
    level_keyboard,
    new_cards_keyboard,
    reminder_keyboard,
    retention_keyboard,
    time_zone_keyboard,
)
from bot.learner import LearnerAction, as_learner, current_learner, learner_itself
from bot.presses import Press, feature_buttons
from bot.replies import edit, reply
from core.accounts.service import update_profile
from core.accounts.telegram_start import toggle_reminders, toggle_streak_nudge
from core.card_kinds import OPTIONAL_CARD_KINDS
from core.models import User
from core.vocabulary.card_choices import toggle_learner_card_kind

FEATURE = "set"
BACK = [[InlineKeyboardButton("« Back", callback_data=pack(FEATURE, "menu"))]]
PICKERS = {
    "lvl": (level_keyboard, "Choose your level:"),
    "tz": (
        time_zone_keyboard,
        "Choose your time zone (or send /timezone and your city, or share your location):",
    ),
    "rem": (reminder_keyboard, "When should I remind you (your local time)?"),
    "goal": (goal_keyboard, texts.GOAL_QUESTION),
    "new": (
        new_cards_keyboard,
        "How many new cards a day should your reviews bring?",
    ),
    "ret": (
        retention_keyboard,
        "How much should you remember? Higher means more reviews; 90 % suits most learners.",
    ),
}


def overview_keyboard(user: User) -> InlineKeyboardMarkup:
    toggle = "🔕 Turn reminders off" if user.reminders_enabled else "🔔 Turn reminders on"
    nudge = "🔥 Streak nudge: turn off" if user.streak_nudge_enabled else "🔥 Streak nudge: turn on"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("📚 Level", callback_data=pack(FEATURE, "open", "lvl")),
                InlineKeyboardButton("🌍 Time zone", callback_data=pack(FEATURE, "open", "tz")),
            ],
            [
                InlineKeyboardButton(
                    "⏰ Reminder time", callback_data=pack(FEATURE, "open", "rem")
                ),
                InlineKeyboardButton(toggle, callback_data=pack(FEATURE, "toggle")),
            ],
            [
                InlineKeyboardButton("🎯 Daily goal", callback_data=pack(FEATURE, "open", "goal")),
                InlineKeyboardButton("🧠 Retention", callback_data=pack(FEATURE, "open", "ret")),
            ],
            [
                InlineKeyboardButton(
                    "🆕 New cards/day", callback_data=pack(FEATURE, "open", "new")
                ),
                InlineKeyboardButton(nudge, callback_data=pack(FEATURE, "nudge")),
            ],
            [InlineKeyboardButton("🃏 Card kinds", callback_data=pack(FEATURE, "kinds"))],
            [account_render.ask_button()],
        ]
    )


async def show_settings(update: Update, context: BotContext) -> None:
    user = await current_learner(update, context)
    await reply(update, texts.settings_overview(user), overview_keyboard(user))


async def on_open(update: Update, context: BotContext, press: Press) -> None:
    """Open a picker in place of the overview."""
    if press.callback.arg not in PICKERS:
        await press.query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    keyboard, prompt = PICKERS[press.callback.arg]
    await press.query.answer()
    await edit(update, prompt, keyboard(FEATURE, BACK))


async def on_change(update: Update, context: BotContext, press: Press) -> None:
    """A choice in a picker, the reminder switch, or « Back: save and show the overview."""
    change = _settings_change(press.callback.action, press.callback.arg)
    if change is None:
        await press.query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    user = await as_learner(update, context, change)
    await press.query.answer("Saved" if press.callback.action != "menu" else None)
    await edit(update, texts.settings_overview(user), overview_keyboard(user))


def card_kinds_keyboard(user: User) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                texts.card_kind_switch(kind, kind in user.card_kinds),
                callback_data=pack(FEATURE, "kind", kind),
            )
        ]
        for kind in OPTIONAL_CARD_KINDS
    ]
    return InlineKeyboardMarkup(rows + BACK)


async def on_card_kinds(update: Update, context: BotContext, press: Press) -> None:
    """The card kinds picker, or one kind switched for all words (and the picker again)."""
    change: LearnerAction[User] = learner_itself
    if press.callback.action == "kind":
        kind = next((k for k in OPTIONAL_CARD_KINDS if k == press.callback.arg), None)
        if kind is None:
            await press.query.answer(texts.STALE_BUTTON, show_alert=True)
            return
        change = partial(toggle_learner_card_kind, kind=kind)
    user = await as_learner(update, context, change)
    await press.query.answer("Saved" if press.callback.action == "kind" else None)
    await edit(update, texts.card_kinds_text(user), card_kinds_keyboard(user))


def _settings_change(action: str, arg: str) -> LearnerAction[User] | None:
    """The core call a settings button stands for; None for unknown or tampered data."""
    if action == "menu":
        return learner_itself
    if action == "toggle":
        return toggle_reminders
    if action == "nudge":
        return toggle_streak_nudge
    change = profile_change(action, arg)
    return None if change is None else (lambda s, u: update_profile(s, u, change))


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("settings", show_settings))
    changes = dict.fromkeys(
        ("menu", "toggle", "nudge", "lvl", "tz", "rem", "goal", "ret", "new"), on_change
    )
    kinds = {"kinds": on_card_kinds, "kind": on_card_kinds}
    application.add_handler(feature_buttons(FEATURE, {"open": on_open, **kinds, **changes}))
