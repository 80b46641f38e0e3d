"""/deleteaccount (confirmed with a button) and /mydata (all the learner's data as JSON)."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.ext import CommandHandler

from bot import account_render
from bot.context import BotApplication, BotContext
from bot.learner import as_learner, current_learner
from bot.presses import Press, feature_buttons
from bot.replies import edit, reply
from core.accounts.deletion import delete_telegram_account
from core.accounts.export import export_file


async def ask_to_delete(update: Update, context: BotContext) -> None:
    user = await current_learner(update, context)
    await reply(update, account_render.CONFIRM_DELETE, account_render.confirm_keyboard(user.id))


async def on_ask(update: Update, context: BotContext, press: Press) -> None:
    """The button under /settings: the same question, in place of the settings."""
    user = await current_learner(update, context)
    await press.query.answer()
    await edit(update, account_render.CONFIRM_DELETE, account_render.confirm_keyboard(user.id))


async def on_delete(update: Update, context: BotContext, press: Press) -> None:
    arg = press.callback.arg
    confirmed = int(arg) if arg.isascii() and arg.isdecimal() else None
    deleted = confirmed is not None and await delete_telegram_account(
        context.db, context.redis, press.identity.user_id, confirmed
    )
    await press.query.answer()
    await edit(update, account_render.DELETED if deleted else account_render.ALREADY_GONE)


async def on_keep(update: Update, context: BotContext, press: Press) -> None:
    await press.query.answer()
    await edit(update, account_render.KEPT)


async def send_my_data(update: Update, context: BotContext) -> None:
    exported = await as_learner(update, context, export_file)
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_document(
            chat.id,
            InputFile(exported.data, filename=exported.filename),
            caption=account_render.EXPORT_CAPTION,
        )


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("deleteaccount", ask_to_delete))
    application.add_handler(CommandHandler("mydata", send_my_data))
    application.add_handler(
        feature_buttons(account_render.FEATURE, {"ask": on_ask, "del": on_delete, "keep": on_keep})
    )
