"""Words from a text the learner pastes or forwards, and /words: next words to learn.
Each comes with a ➕ button that adds it to the deck."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import texts
from bot.callbacks import pattern
from bot.context import BotApplication, BotContext
from bot.learner import as_learner
from bot.presses import read_press
from bot.render import word_finder as render
from bot.replies import reply
from core.vocabulary.detect import (
    MAX_TEXT_CHARS,
    add_suggested_word,
    detect_words_view,
    recommendations_view,
)

MIN_PASTED_WORDS = 6
"""A text this long (or any forwarded text) that no activity waits for is read for new words;
shorter ones get the usual hint, so a stray "ok danke" is not mistaken for an article."""


def looks_like_a_text(update: Update) -> bool:
    message = update.effective_message
    if message is None or not message.text:
        return False
    return message.forward_origin is not None or len(message.text.split()) >= MIN_PASTED_WORDS


async def offer_words_from_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None and message.text
    text = message.text[:MAX_TEXT_CHARS]
    words = await as_learner(update, context, lambda s, u: detect_words_view(s, u, text))
    if not words:
        await reply(update, render.NOTHING_NEW_IN_TEXT)
        return
    await reply(update, *render.word_offer(words, render.FROM_TEXT_TITLE))


async def next_words(update: Update, context: BotContext) -> None:
    """/words — recommended next words."""
    words = await as_learner(update, context, recommendations_view)
    if not words:
        await reply(update, render.NO_NEXT_WORDS)
        return
    await reply(update, *render.word_offer(words, render.NEXT_WORDS_TITLE))


def _without_button(markup: InlineKeyboardMarkup | None, data: str) -> InlineKeyboardMarkup | None:
    if markup is None:
        return None
    rows = [
        [button for button in row if button.callback_data != data] for row in markup.inline_keyboard
    ]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


async def on_add_button(update: Update, context: BotContext) -> None:
    """➕: add the word, then take its button off and say so under the list."""
    press = await read_press(update)
    if press is None:
        return
    arg = press.callback.arg
    vocabulary_id = int(arg[1:]) if arg[:1] == "v" and arg[1:].isdecimal() else None
    word_text = arg[1:] if arg[:1] == "t" else None
    if press.callback.action != "add" or (vocabulary_id is None and not word_text):
        await press.query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    headword, created = await as_learner(
        update,
        context,
        lambda s, u: add_suggested_word(s, u, vocabulary_id=vocabulary_id, text=word_text),
    )
    await press.query.answer(f"Added {headword}" if created else f"{headword}: already there")
    message = press.query.message
    if not isinstance(message, Message):  # too old for Telegram to show: nothing to edit
        return
    await press.query.edit_message_text(
        f"{message.text_html}\n{render.added_line(headword, created)}",
        parse_mode=ParseMode.HTML,
        reply_markup=_without_button(message.reply_markup, str(press.query.data)),
    )


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("words", next_words))
    application.add_handler(CallbackQueryHandler(on_add_button, pattern=pattern(render.FEATURE)))
