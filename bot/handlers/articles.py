"""/articles: der, die or das? One message, three buttons, a running score, a Stop button.
Due article cards come first and their answers are FSRS reviews; the rest is practice."""

from __future__ import annotations

import contextlib
from html import escape

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import cards
from bot.callbacks import pack, pattern, unpack
from bot.context import BotApplication, BotContext
from bot.handlers.quiz import parse_ints
from bot.identity import identity_of
from bot.replies import edit, reply
from core.accounts.service import find_or_create_telegram_learner
from core.german import ARTICLES
from core.quizzes import articles
from core.quizzes.schemas import ArticleDrillView, ArticleVerdict

FEATURE = "ar"
STALE = "This button is out of date. Send /articles for a new round."


# ---- what the learner sees ---------------------------------------------------------------


def verdict_line(verdict: ArticleVerdict) -> str:
    noun = escape(f"{verdict.article} {verdict.lemma}")
    line = f"✅ richtig: {noun}" if verdict.correct else f"❌ {noun} (not {escape(verdict.chosen)})"
    line += " · 🧠 review saved" if verdict.counted_as_review else ""
    return (cards.leech_line(verdict.lemma) if verdict.leech else "") + line


def _score(view: ArticleDrillView) -> str:
    return f"✅ {view.right} · ❌ {view.wrong}"


def _intro(view: ArticleDrillView) -> str:
    due = (
        f"{view.due_cards} of them are due article cards: those answers count as reviews. 🧠\n"
        if view.due_cards
        else ""
    )
    return f"Tap the right article for each noun. {view.total} nouns this round.\n{due}\n"


def drill_text(view: ArticleDrillView, intro: bool = False) -> str:
    if view.current is None:
        return final_text(view)
    header = f"🎯 <b>der, die oder das?</b> · {view.position + 1} von {view.total} · {_score(view)}"
    last = f"{verdict_line(view.last)}\n\n" if view.last is not None else ""
    return f"{_intro(view) if intro else ''}{last}{header}\n\n🇩🇪 <b>{escape(view.current)}</b>"


def drill_keyboard(view: ArticleDrillView) -> InlineKeyboardMarkup:
    if view.current is None:
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        "🔁 New round", callback_data=pack(FEATURE, "new", str(view.id))
                    )
                ]
            ]
        )
    token = f"{view.id}.{view.version}"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    article, callback_data=pack(FEATURE, "a", f"{token}.{article}")
                )
                for article in ARTICLES
            ],
            [InlineKeyboardButton("⏹ Stop", callback_data=pack(FEATURE, "stop", str(view.id)))],
        ]
    )


def final_text(view: ArticleDrillView) -> str:
    answered = view.right + view.wrong
    lines = [f"{verdict_line(view.last)}\n"] if view.last is not None else []
    stopped = " (stopped)" if view.position < view.total else ""
    lines.append(f"🏁 <b>Fertig!</b> {view.right} von {answered} richtig{stopped}.")
    if answered and view.wrong == 0:
        lines.append("Fehlerfrei — not a single mistake! 🌟")
    if view.mistakes:
        lines.append("\n<b>To revise:</b> " + ", ".join(escape(m) for m in view.mistakes))
    return "\n".join(lines)


# ---- handlers ------------------------------------------------------------------------------


async def _alert(query: CallbackQuery, message: str) -> None:
    await query.answer(message[:200], show_alert=True)


async def start_drill(update: Update, context: BotContext) -> None:
    identity = identity_of(update)
    if identity is None:
        return
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        view, _ = await articles.start_drill(session, user)
    await reply(update, drill_text(view, intro=True), drill_keyboard(view))


async def _new_round(update: Update, context: BotContext, query: CallbackQuery, arg: str) -> None:
    identity = identity_of(update)
    assert identity is not None
    after = parse_ints(arg, 1)
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        view, created = await articles.start_drill(session, user, after=after[0] if after else None)
    if not created:
        await _alert(query, "Your new round is already running — it's just below. 👇")
        return
    await query.answer()
    with contextlib.suppress(BadRequest):
        await query.edit_message_reply_markup(None)
    await context.bot.send_message(
        identity.chat_id,
        drill_text(view, intro=True),
        parse_mode=ParseMode.HTML,
        reply_markup=drill_keyboard(view),
    )


async def _answer(update: Update, context: BotContext, query: CallbackQuery, arg: str) -> None:
    identity = identity_of(update)
    assert identity is not None
    numbers, _, article = arg.rpartition(".")
    token = parse_ints(numbers, 2)
    if token is None or article not in ARTICLES:
        await _alert(query, STALE)
        return
    drill_id, version = token
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        view = await articles.answer_article(
            session, user, drill_id, article=article, version=version
        )
    await query.answer()
    await edit(update, drill_text(view), drill_keyboard(view))


async def _stop(update: Update, context: BotContext, query: CallbackQuery, arg: str) -> None:
    identity = identity_of(update)
    assert identity is not None
    token = parse_ints(arg, 1)
    if token is None:
        await _alert(query, STALE)
        return
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        view = await articles.stop_drill(session, user, token[0])
    await query.answer("Stopped")
    await edit(update, final_text(view), drill_keyboard(view))


ACTIONS = {"a": _answer, "new": _new_round, "stop": _stop}


async def on_articles_button(update: Update, context: BotContext) -> None:
    """Stale, doubled or foreign presses get a friendly alert; nothing changes."""
    query = update.callback_query
    assert query is not None
    callback = unpack(query.data)
    action = ACTIONS.get(callback.action) if callback is not None else None
    if identity_of(update) is None or callback is None or action is None:
        await _alert(query, STALE)
        return
    # An AppError (stale version, finished session...) reaches the bot's one error
    # handler, which answers the press with its message.
    await action(update, context, query, callback.arg)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("articles", start_drill))
    application.add_handler(CallbackQueryHandler(on_articles_button, pattern=pattern(FEATURE)))
