"""/settings: one message showing the profile; each button opens a choice in place."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import texts
from bot.callbacks import pack, pattern
from bot.choices import profile_change
from bot.context import BotApplication, BotContext
from bot.identity import identity_of
from bot.keyboards import (
    goal_keyboard,
    level_keyboard,
    reminder_keyboard,
    retention_keyboard,
    time_zone_keyboard,
)
from bot.presses import read_press
from bot.replies import edit, reply
from core.accounts import service
from core.accounts.schemas import ProfileUpdate
from core.models import User

FEATURE = "set"
BACK = [[InlineKeyboardButton("« Back", callback_data=pack(FEATURE, "menu"))]]
PICKERS = {
    "lvl": (level_keyboard, "Choose your level:"),
    "tz": (time_zone_keyboard, "Choose your time zone (or send /timezone Area/City):"),
    "rem": (reminder_keyboard, "When should I remind you (your local time)?"),
    "goal": (goal_keyboard, "How many reviews a day do you aim for?"),
    "ret": (
        retention_keyboard,
        "How much should you remember? Higher means more reviews; 90 % suits most learners.",
    ),
}


def overview_keyboard(user: User) -> InlineKeyboardMarkup:
    toggle = "🔕 Turn reminders off" if user.reminders_enabled else "🔔 Turn reminders on"
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
        ]
    )


async def show_settings(update: Update, context: BotContext) -> None:
    identity = identity_of(update)
    if identity is None:
        return
    async with context.db.unit_of_work() as session:
        user, _ = await service.find_or_create_telegram_learner(session, identity)
    await reply(update, texts.settings_overview(user), overview_keyboard(user))


async def on_settings_button(update: Update, context: BotContext) -> None:
    press = await read_press(update)
    if press is None:
        return
    query, identity, callback = press.query, press.identity, press.callback
    if callback.action == "open" and callback.arg in PICKERS:
        keyboard, prompt = PICKERS[callback.arg]
        await query.answer()
        await edit(update, prompt, keyboard(FEATURE, BACK))
        return
    change: ProfileUpdate | None = None
    if callback.action not in ("menu", "toggle"):
        change = profile_change(callback.action, callback.arg)
        if change is None:
            await query.answer(texts.STALE_BUTTON, show_alert=True)
            return
    async with context.db.unit_of_work() as session:
        user, _ = await service.find_or_create_telegram_learner(session, identity)
        if callback.action == "toggle":
            change = ProfileUpdate(reminders_enabled=not user.reminders_enabled)
        if change is not None:
            await service.update_profile(session, user, change)
    await query.answer("Saved" if change is not None else None)
    await edit(update, texts.settings_overview(user), overview_keyboard(user))


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("settings", show_settings))
    application.add_handler(CallbackQueryHandler(on_settings_button, pattern=pattern(FEATURE)))
