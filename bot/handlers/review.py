"""/review: one message per run, edited in place: front → answer → rating → next card.
Recall cards also accept the learner's next text message as the typed answer."""

from __future__ import annotations

import contextlib
from functools import partial

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import cards
from bot.context import BotApplication, BotContext
from bot.learner import as_learner, require_identity
from bot.presses import DrillPress, alert_stale, drill_buttons, run_press
from bot.replies import edit, reply
from bot.text_router import handles_text
from core.reviews import runs, service
from core.reviews.runs import ReviewScreen

RATINGS = {"1": 1, "2": 2, "3": 3, "4": 4}
ARTICLES = ("der", "die", "das")


async def _remember(update: Update, context: BotContext, run_id: int, sent: Message) -> None:
    """The run lives in the message just sent: stored in a second, small transaction."""
    await as_learner(
        update,
        context,
        lambda session, user: runs.set_message(
            session, user, run_id, sent.chat_id, sent.message_id
        ),
    )


async def _show(update: Update, press: DrillPress, screen: ReviewScreen | None) -> None:
    if screen is not None:
        await press.query.answer()
        await edit(update, *cards.review_screen(screen))


async def start_review(
    update: Update, context: BotContext, *, new_only: bool = False, list_id: int | None = None
) -> None:
    chat_id = require_identity(update).chat_id
    start = partial(runs.start_review, chat_id=chat_id, new_only=new_only, list_id=list_id)
    screen = await as_learner(update, context, start)
    text, markup = cards.review_screen(screen)
    sent = await context.bot.send_message(
        chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
    )
    await _remember(update, context, screen.run_id, sent)


async def on_review_now(update: Update, context: BotContext) -> None:
    """The "Review now" button on reminders and in /deck."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    await start_review(update, context)


async def on_learn_new(update: Update, context: BotContext) -> None:
    """The "Learn new words" button on /today and reminders: today's new words only."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    await start_review(update, context, new_only=True)


async def on_study_list(update: Update, context: BotContext) -> None:
    """ "Study this list" in /deck: a run of that list's words only."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    await query.answer()
    await start_review(update, context, list_id=int(query.data.rsplit(":", 1)[1]))


async def on_show(update: Update, context: BotContext, press: DrillPress) -> None:
    await _show(update, press, await run_press(update, context, press, runs.reveal))


async def on_answer(update: Update, context: BotContext, press: DrillPress) -> None:
    """A rating button ("rate", 1-4) or an article button ("art", der/die/das)."""
    rating = RATINGS.get(press.arg) if press.action == "rate" else None
    typed = press.arg if press.action == "art" and press.arg in ARTICLES else None
    if rating is None and typed is None:
        await alert_stale(press.query, press.kind)
        return
    answer = partial(runs.answer, rating=rating, typed=typed)
    await _show(update, press, await run_press(update, context, press, answer))


async def on_undo(update: Update, context: BotContext, press: DrillPress) -> None:
    await _show(update, press, await run_press(update, context, press, runs.undo))


async def on_i_was_right(update: Update, context: BotContext, press: DrillPress) -> None:
    """ "I was right" under a typed answer that was not taken as right: it counts as Good."""
    if not press.arg.isdecimal():
        await alert_stale(press.query, press.kind)
        return
    override = partial(runs.override, review_id=int(press.arg))
    await _show(update, press, await run_press(update, context, press, override))


async def undo_command(update: Update, context: BotContext) -> None:
    """/undo: take back the last review (any run, any message), as if it never happened."""
    lemma = await as_learner(update, context, runs.undo_last)
    await reply(update, cards.undone_text(lemma))


@handles_text("review")
async def on_typed_answer(update: Update, context: BotContext, run_id: int) -> bool:
    """A text message while a recall card waits for its answer is that answer."""
    message = update.effective_message
    text = message.text if message is not None else None
    if not text:
        return False
    typed = await as_learner(update, context, lambda s, u: runs.answer_typed(s, u, run_id, text))
    if typed is None:
        return False
    if typed.previous_message_id is not None:
        with contextlib.suppress(BadRequest):
            await context.bot.edit_message_reply_markup(
                require_identity(update).chat_id, typed.previous_message_id
            )
    sent = await reply(update, *cards.review_screen(typed.screen))
    if sent is not None:
        await _remember(update, context, run_id, sent)
    return True


async def unpause_command(update: Update, context: BotContext) -> None:
    """/unpause Wort: a card paused as a leech comes back in reviews."""
    word = " ".join(context.args or [])
    lemma = await as_learner(
        update, context, lambda session, user: service.unpause_leeches(session, user, word)
    )
    await reply(update, cards.unpaused_text(lemma))


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("review", start_review))
    application.add_handler(CommandHandler("undo", undo_command))
    application.add_handler(CommandHandler("unpause", unpause_command))
    application.add_handler(CallbackQueryHandler(on_review_now, pattern=cards.REVIEW_START_PATTERN))
    application.add_handler(
        CallbackQueryHandler(on_learn_new, pattern=cards.NEW_WORDS_START_PATTERN)
    )
    application.add_handler(CallbackQueryHandler(on_study_list, pattern=cards.LIST_START_PATTERN))
    application.add_handler(
        drill_buttons(
            "review",
            {
                "show": on_show,
                "rate": on_answer,
                "art": on_answer,
                "undo": on_undo,
                "right": on_i_was_right,
            },
        )
    )
