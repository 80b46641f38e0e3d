"""/placement: the adaptive placement test in one message edited in place; fill-in answers
arrive through the text router. Its result sets the learner's level."""

from __future__ import annotations

import contextlib
from functools import partial

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CommandHandler

from bot.context import BotApplication, BotContext
from bot.keyboards import PLACEMENT_OFFER
from bot.learner import as_learner, require_identity
from bot.presses import DrillPress, Press, alert_stale, drill_buttons, feature_buttons, run_press
from bot.render import grammar as screens
from bot.replies import edit
from bot.text_router import handles_text
from core.grammar import placement
from core.grammar.schemas import PlacementView


async def _send(context: BotContext, chat_id: int, view: PlacementView) -> int:
    rendered = screens.placement(view)
    sent = await context.bot.send_message(
        chat_id, rendered.text, parse_mode=ParseMode.HTML, reply_markup=rendered.markup
    )
    return sent.message_id


async def start(update: Update, context: BotContext) -> None:
    chat_id = require_identity(update).chat_id
    view = await as_learner(update, context, partial(placement.start_placement, chat_id=chat_id))
    message_id = await _send(context, chat_id, view)
    remember = partial(
        placement.set_message, test_id=view.id, chat_id=chat_id, message_id=message_id
    )
    await as_learner(update, context, remember)


async def on_offer(update: Update, context: BotContext, press: Press) -> None:
    """ "Take the placement test" (offered when onboarding is done): the test, in a new message."""
    await press.query.answer()
    await start(update, context)


async def on_choice(update: Update, context: BotContext, press: DrillPress) -> None:
    numbers = press.numbers(1)
    if numbers is None:
        await alert_stale(press.query, press.kind)
        return
    call = partial(placement.answer_placement, choice=numbers[0])
    view = await run_press(update, context, press, call)
    if view is not None:
        await press.query.answer()
        rendered = screens.placement(view)
        await edit(update, rendered.text, rendered.markup)


@handles_text("placement")
async def on_typed_answer(update: Update, context: BotContext, test_id: int) -> bool:
    message = update.effective_message
    text = message.text if message is not None else None
    if not text:
        return False
    answer = partial(placement.answer_typed, test_id=test_id, text=text)
    view = await as_learner(update, context, answer)
    if view is None:
        return False
    chat_id = require_identity(update).chat_id
    rendered = screens.placement(view)
    if view.chat_message_id is not None:
        with contextlib.suppress(BadRequest):
            await context.bot.edit_message_text(
                rendered.text,
                chat_id,
                view.chat_message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=rendered.markup,
            )
            return True
    await _send(context, chat_id, view)
    return True


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("placement", start))
    application.add_handler(drill_buttons("placement", {"c": on_choice}))
    application.add_handler(feature_buttons(PLACEMENT_OFFER, {"go": on_offer}))
