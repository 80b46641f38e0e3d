"""/grammar: topics by level (with "due" and "weak" shortcuts), a topic page, and drills of
every exercise kind in one message edited in place. Typed answers (fill in the blank, error
correction, translation) arrive through the text router; word order is built by tapping."""

from __future__ import annotations

import contextlib
from functools import partial

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CommandHandler

from bot.context import BotApplication, BotContext
from bot.learner import as_learner, require_identity
from bot.presses import (
    DrillPress,
    Press,
    alert_stale,
    drill_buttons,
    feature_buttons,
    run_press,
)
from bot.render import grammar as screens
from bot.render.message import Rendered
from bot.replies import edit, reply
from bot.text_router import handles_text
from core.ai_quota import AiAccess
from core.grammar import catalogue, drills
from core.grammar.generation import ask_for_exercises
from core.grammar.schemas import DrillSource, DrillView

# ---- sending ---------------------------------------------------------------------------------


async def _send(context: BotContext, chat_id: int, rendered: Rendered) -> int:
    sent = await context.bot.send_message(
        chat_id, rendered.text, parse_mode=ParseMode.HTML, reply_markup=rendered.markup
    )
    return sent.message_id


async def _start(
    update: Update, context: BotContext, source: DrillSource, topic: str | None = None
) -> None:
    """A new drill in a message of its own; the message is remembered for typed answers."""
    chat_id = require_identity(update).chat_id
    start = partial(drills.start_drill, source=source, topic=topic, chat_id=chat_id)
    view = await as_learner(update, context, start)
    message_id = await _send(context, chat_id, screens.drill(view))
    remember = partial(drills.set_message, drill_id=view.id, chat_id=chat_id, message_id=message_id)
    await as_learner(update, context, remember)


async def _in_place(context: BotContext, chat_id: int, view: DrillView) -> None:
    """Show the drill's next step in its own message (a new one if that cannot be edited)."""
    rendered = screens.drill(view)
    if view.chat_message_id is not None:
        with contextlib.suppress(BadRequest):
            await context.bot.edit_message_text(
                rendered.text,
                chat_id,
                view.chat_message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=rendered.markup,
            )
            return
    await _send(context, chat_id, rendered)


async def _show(update: Update, press: DrillPress, view: DrillView | None) -> None:
    if view is not None:
        await press.query.answer()
        rendered = screens.drill(view)
        await edit(update, rendered.text, rendered.markup)


# ---- browsing --------------------------------------------------------------------------------


async def browse(update: Update, context: BotContext) -> None:
    listing = await as_learner(update, context, catalogue.list_topics)
    rendered = screens.home(listing)
    await reply(update, rendered.text, rendered.markup)


async def on_home(update: Update, context: BotContext, press: Press) -> None:
    listing = await as_learner(update, context, catalogue.list_topics)
    await press.query.answer()
    rendered = screens.home(listing)
    await edit(update, rendered.text, rendered.markup)


async def on_level(update: Update, context: BotContext, press: Press) -> None:
    listing = await as_learner(update, context, catalogue.list_topics)
    await press.query.answer()
    rendered = screens.level(listing, press.callback.arg)
    await edit(update, rendered.text, rendered.markup)


async def on_topic(update: Update, context: BotContext, press: Press) -> None:
    ai_enabled = context.settings.ai_mode == "claude"
    show = partial(catalogue.topic_page, slug=press.callback.arg, ai_enabled=ai_enabled)
    page = await as_learner(update, context, show)
    await press.query.answer()
    for part in screens.topic_page(page):
        await _send(context, press.identity.chat_id, part)


async def on_practise(update: Update, context: BotContext, press: Press) -> None:
    await press.query.answer()
    await _start(update, context, "topic", press.callback.arg)


async def on_new_exercises(update: Update, context: BotContext, press: Press) -> None:
    """ "✨ New exercises": Claude writes some (a job), or the learner is told why not."""
    ask = partial(ask_for_exercises, slug=press.callback.arg, ai=AiAccess.of(context.settings))
    message = await as_learner(update, context, ask)
    await press.query.answer()
    await reply(update, f"✨ {message}")


async def on_due(update: Update, context: BotContext, press: Press) -> None:
    await press.query.answer()
    await _start(update, context, "due")


async def on_weak(update: Update, context: BotContext, press: Press) -> None:
    await press.query.answer()
    await _start(update, context, "weak")


async def on_mistakes(update: Update, context: BotContext, press: Press) -> None:
    """ "Practise this" under a conversation's summary."""
    await press.query.answer()
    await _start(update, context, "mistakes")


# ---- the drill's buttons ---------------------------------------------------------------------


def _index(press: DrillPress) -> int | None:
    numbers = press.numbers(1)
    return numbers[0] if numbers else None


async def on_choice(update: Update, context: BotContext, press: DrillPress) -> None:
    choice = _index(press)
    if choice is None:
        await alert_stale(press.query, press.kind)
        return
    call = partial(drills.answer, choice=choice)
    await _show(update, press, await run_press(update, context, press, call))


async def on_tap(update: Update, context: BotContext, press: DrillPress) -> None:
    token = _index(press)
    if token is None:
        await alert_stale(press.query, press.kind)
        return
    call = partial(drills.tap, token=token)
    await _show(update, press, await run_press(update, context, press, call))


async def on_untap(update: Update, context: BotContext, press: DrillPress) -> None:
    await _show(update, press, await run_press(update, context, press, drills.untap))


async def on_submit(update: Update, context: BotContext, press: DrillPress) -> None:
    await _show(update, press, await run_press(update, context, press, drills.submit_built))


async def on_next(update: Update, context: BotContext, press: DrillPress) -> None:
    await _show(update, press, await run_press(update, context, press, drills.next_exercise))


async def on_claim(update: Update, context: BotContext, press: DrillPress) -> None:
    await _show(update, press, await run_press(update, context, press, drills.claim_right))


async def on_stop(update: Update, context: BotContext, press: DrillPress) -> None:
    await _show(update, press, await run_press(update, context, press, drills.stop_drill))


@handles_text("grammar")
async def on_typed_answer(update: Update, context: BotContext, drill_id: int) -> bool:
    """A text message while the drill waits for a typed answer is that answer."""
    message = update.effective_message
    text = message.text if message is not None else None
    if not text:
        return False
    ai = AiAccess.of(context.settings)
    view = await as_learner(
        update, context, partial(drills.answer_typed, drill_id=drill_id, text=text, ai=ai)
    )
    if view is None:
        return False
    await _in_place(context, require_identity(update).chat_id, view)
    return True


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("grammar", browse))
    application.add_handler(
        feature_buttons(
            screens.FEATURE,
            {
                "home": on_home,
                "lvl": on_level,
                "t": on_topic,
                "p": on_practise,
                "gen": on_new_exercises,
                "due": on_due,
                "weak": on_weak,
                "conv": on_mistakes,
            },
        )
    )
    application.add_handler(
        drill_buttons(
            screens.KIND,
            {
                "c": on_choice,
                "t": on_tap,
                "bs": on_untap,
                "ok": on_submit,
                "next": on_next,
                "right": on_claim,
                "stop": on_stop,
            },
        )
    )
