"""/review: one message per run, edited in place: front → answer → rating → next card.
Recall cards also accept the learner's next text message as the typed answer."""

from __future__ import annotations

import contextlib
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import cards, texts
from bot.callbacks import pattern
from bot.context import BotApplication, BotContext
from bot.identity import identity_of
from bot.presses import read_press
from bot.replies import edit, reply
from bot.text_router import handles_text
from core.accounts.service import find_or_create_telegram_learner
from core.clock import utcnow
from core.models import Card, StudySession, User
from core.reviews import sessions
from core.reviews.service import card_face, word_facts

FEATURE = cards.FEATURE


async def _next_due_at(session: AsyncSession, user: User) -> datetime | None:
    return await session.scalar(
        select(func.min(Card.due_at)).where(Card.user_id == user.id, Card.suspended_at.is_(None))
    )


async def _render(
    session: AsyncSession, user: User, step: sessions.ReviewStep, now: datetime, prefix: str = ""
) -> tuple[str, InlineKeyboardMarkup]:
    run = step.session
    if step.card is None:
        text = prefix + cards.finished(step.done, await _next_due_at(session, user), now)
        return text, cards.undo_keyboard(run.id) if step.done else InlineKeyboardMarkup([])
    face = await card_face(session, user, step.card, now)
    if run.payload.get("revealed"):
        return prefix + cards.back(face, step.done, step.total), cards.rating_keyboard(
            face, run.id, run.version, now
        )
    return prefix + cards.front(face, step.done, step.total), cards.front_keyboard(
        face, run.id, run.version
    )


def _prefix(step: sessions.ReviewStep, lemma: str | None) -> str:
    """What the learner needs to hear about the card they just answered."""
    result = step.result
    if result is None:
        return ""
    leech = cards.leech_line(lemma or result.expected) if result.leech else ""
    line = cards.verdict_line(result)
    return leech + (line + "\n\n" if line else "")


async def start_review(update: Update, context: BotContext) -> None:
    identity = identity_of(update)
    if identity is None:
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    now = utcnow()
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        step = await sessions.start_review(session, user, identity.chat_id, now)
        text, markup = await _render(session, user, step, now)
    message = await context.bot.send_message(
        identity.chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
    )
    async with context.db.unit_of_work() as session:
        run = await session.get(StudySession, step.session.id)
        if run is not None:
            await sessions.set_message(session, run, identity.chat_id, message.message_id)


async def on_review_button(update: Update, context: BotContext) -> None:
    press = await read_press(update)
    if press is None:
        return
    query, identity, callback = press.query, press.identity, press.callback
    if callback.action == "start":
        await start_review(update, context)
        return
    now = utcnow()
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        if callback.action == "undo":
            step = await sessions.undo(session, user, int(callback.arg or 0))
            prefix = "↩️ Undone. Here it is again:\n\n"
        else:
            token = cards.parse_token(callback.arg)
            if token is None:
                await query.answer(texts.STALE_BUTTON, show_alert=True)
                return
            run_id, version, arg = token
            if callback.action == "show":
                step = await sessions.reveal(session, user, run_id, version)
                prefix = ""
            elif callback.action in ("rate", "art"):
                rating = int(arg) if callback.action == "rate" and arg.isdigit() else None
                typed = arg if callback.action == "art" else None
                if rating is None and typed is None:
                    await query.answer(texts.STALE_BUTTON, show_alert=True)
                    return
                lemma = await _lemma(session, await sessions.shown_card(session, user, run_id))
                step = await sessions.answer(
                    session, user, run_id, version, rating=rating, typed=typed, now=now
                )
                prefix = _prefix(step, lemma)
            else:
                await query.answer(texts.STALE_BUTTON, show_alert=True)
                return
        text, markup = await _render(session, user, step, now, prefix)
    await query.answer()
    await edit(update, text, markup)


async def _lemma(session: AsyncSession, card: Card | None) -> str | None:
    if card is None:
        return None
    return (await word_facts(session, card.deck_word_id)).lemma


@handles_text("review")
async def on_typed_answer(update: Update, context: BotContext, run_id: int) -> bool:
    """A text message while a recall card waits for its answer is that answer."""
    identity = identity_of(update)
    message = update.effective_message
    if identity is None or message is None or not message.text:
        return False
    now = utcnow()
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        run = await sessions.active_review(session, user)
        card = await sessions.current_card(session, run) if run else None
        if run is None or card is None or card.kind != "recall" or run.payload.get("revealed"):
            return False
        old_message_id = run.message_id
        lemma = await _lemma(session, card)
        step = await sessions.answer(
            session, user, run.id, run.version, typed=message.text, now=now
        )
        text, markup = await _render(session, user, step, now, _prefix(step, lemma))
    if old_message_id is not None:
        with contextlib.suppress(BadRequest):
            await context.bot.edit_message_reply_markup(identity.chat_id, old_message_id)
    sent = await reply(update, text, markup)
    if sent is not None:
        async with context.db.unit_of_work() as session:
            fresh = await session.get(StudySession, step.session.id)
            if fresh is not None:
                await sessions.set_message(session, fresh, identity.chat_id, sent.message_id)
    return True


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("review", start_review))
    application.add_handler(CallbackQueryHandler(on_review_button, pattern=pattern(FEATURE)))
