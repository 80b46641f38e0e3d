"""/start: find or create the learner, link a web account from a code, or walk through
level → time zone → reminder time in one message that is edited as the learner answers."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import texts
from bot.callbacks import pattern
from bot.choices import profile_change
from bot.context import BotApplication, BotContext
from bot.identity import identity_of
from bot.keyboards import level_keyboard, reminder_keyboard, time_zone_keyboard
from bot.presses import read_press
from bot.replies import edit, reply
from core.accounts import service
from core.accounts.schemas import ProfileUpdate
from core.errors import Invalid

FEATURE = "ob"


async def start(update: Update, context: BotContext) -> None:
    identity = identity_of(update)
    if identity is None:
        return
    code = context.args[0] if context.args else None
    async with context.db.unit_of_work() as session:
        if code:
            user = await service.link_telegram(session, code, identity)
            await reply(update, texts.linked(user))
            if user.onboarded_at is not None:
                return
        user, _ = await service.find_or_create_telegram_learner(session, identity)
        if user.onboarded_at is not None:
            await reply(update, texts.welcome_back(user))
            return
    await reply(update, texts.greeting(user), level_keyboard(FEATURE))


async def onboarding_step(update: Update, context: BotContext) -> None:
    press = await read_press(update)
    if press is None:
        return
    query, identity, callback = press.query, press.identity, press.callback
    change = profile_change(callback.action, callback.arg)
    if change is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    async with context.db.unit_of_work() as session:
        user, _ = await service.find_or_create_telegram_learner(session, identity)
        await service.update_profile(session, user, change)
        if callback.action == "rem":
            await service.complete_onboarding(session, user)
    await query.answer("Saved")
    if callback.action == "lvl":
        await edit(update, texts.ask_time_zone(user), time_zone_keyboard(FEATURE))
    elif callback.action == "tz":
        await edit(update, texts.ask_reminder(user), reminder_keyboard(FEATURE))
    else:
        await edit(update, texts.onboarding_done(user))


async def set_time_zone(update: Update, context: BotContext) -> None:
    """/timezone Area/City — for zones that are not on the buttons."""
    identity = identity_of(update)
    if identity is None:
        return
    if not context.args:
        await reply(update, "Send it like this: <code>/timezone Europe/Berlin</code>")
        return
    try:
        change = ProfileUpdate(time_zone=context.args[0])
    except ValueError as exc:
        raise Invalid(
            f"I don't know the time zone “{context.args[0][:64]}”. Use the IANA name, "
            "e.g. Europe/Berlin or America/New_York."
        ) from exc
    async with context.db.unit_of_work() as session:
        user, _ = await service.find_or_create_telegram_learner(session, identity)
        await service.update_profile(session, user, change)
    await reply(update, f"🌍 Time zone set to <b>{texts.zone_label(user.time_zone)}</b>.")


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("timezone", set_time_zone))
    application.add_handler(CallbackQueryHandler(onboarding_step, pattern=pattern(FEATURE)))
