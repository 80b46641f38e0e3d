"""/talk: pick a scene (or free talk) and chat; replies come from a job, in order.
/end gives the report. "➕ word" buttons add the tutor's new words to the deck."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import deck_render, texts
from bot.callbacks import pattern
from bot.context import BotApplication, BotContext
from bot.learner import as_learner, require_identity
from bot.presses import Press, read_press
from bot.render import conversation as render
from bot.render import scenes as scene_render
from bot.replies import reply
from bot.text_router import handles_text
from core.conversation import lifecycle
from core.conversation.scenarios import talk_menu
from core.conversation.words import add_new_word
from core.vocabulary.suggesting import Checked


async def talk(update: Update, context: BotContext) -> None:
    """The scenes of the learner's level, their own scenes and more levels on buttons."""
    menu = scene_render.talk_menu(await as_learner(update, context, talk_menu))
    await reply(update, menu.text, menu.markup)


async def on_conversation_button(update: Update, context: BotContext) -> None:
    press = await read_press(update)
    if press is None:
        return
    handler = BUTTONS.get(press.callback.action)
    if handler is None:
        await press.query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await handler(update, context, press)


async def _start(update: Update, context: BotContext, press: Press) -> None:
    start = partial(
        lifecycle.start,
        scenario_slug=press.callback.arg if press.callback.action == "start" else None,
        ai_available=context.settings.ai_mode == "claude",
        chat_id=press.identity.chat_id,
    )
    conversation = await as_learner(update, context, start)
    await press.query.answer()
    opening = render.opening(conversation.turns[0])
    await context.bot.send_message(press.identity.chat_id, opening.text, parse_mode="HTML")


async def _add_word(update: Update, context: BotContext, press: Press) -> None:
    turn_id, _, index = press.callback.arg.partition(".")
    if not turn_id.isdigit() or not index.isdigit():
        await press.query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    add = partial(add_new_word, turn_id=int(turn_id), index=int(index))
    added = await as_learner(update, context, add)
    if isinstance(added, Checked):  # looks like a typo: the known words near it, or add it
        await press.query.answer()
        rendered = deck_render.did_you_mean(added)
        await reply(update, rendered.text, rendered.markup)
        return
    await press.query.answer(render.word_added(added.headword, added.created))


async def _retry(update: Update, context: BotContext, press: Press) -> None:
    if not press.callback.arg.isdigit():
        await press.query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await as_learner(
        update, context, partial(lifecycle.retry_turn, turn_id=int(press.callback.arg))
    )
    await press.query.answer("Trying again…")


ButtonHandler = Callable[[Update, BotContext, Press], Awaitable[None]]
BUTTONS: dict[str, ButtonHandler] = {
    "start": _start,
    "free": _start,
    "add": _add_word,
    "retry": _retry,
}


@handles_text("conversation")
async def on_message(update: Update, context: BotContext, conversation_id: int) -> bool:
    """German text for the running conversation, stored at once; the reply comes from a job."""
    chat_id = require_identity(update).chat_id
    text = update.effective_message.text if update.effective_message else None
    if not text:
        return False
    post = partial(
        lifecycle.post_chat_message, conversation_id=conversation_id, text=text, chat_id=chat_id
    )
    if await as_learner(update, context, post) is None:
        return False
    await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    return True


async def end(update: Update, context: BotContext) -> None:
    result = await as_learner(update, context, lifecycle.end_running)
    if result is None:
        await reply(update, render.NO_CONVERSATION)
        return
    await reply(update, render.report(result), render.report_markup(result))


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("talk", talk))
    application.add_handler(CommandHandler("end", end))
    application.add_handler(
        CallbackQueryHandler(on_conversation_button, pattern=pattern(render.FEATURE))
    )
