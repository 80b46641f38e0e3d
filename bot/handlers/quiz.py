"""/quiz: 10 multiple-choice questions in one message, edited in place after every answer."""

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
from bot.identity import identity_of
from bot.keyboards import rows
from bot.replies import edit, reply
from core.accounts.service import find_or_create_telegram_learner
from core.quizzes import service
from core.quizzes.schemas import AnswerResult, QuizQuestion, QuizView

FEATURE = "qz"
STALE = "This button is out of date. Send /quiz for a new quiz."
LONG_OPTION = 18  # longer labels get a row each, so Telegram does not cut them off


def parse_ints(arg: str, count: int) -> list[int] | None:
    parts = arg.split(".")
    if len(parts) != count or not all(part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


# ---- what the learner sees ---------------------------------------------------------------


def _header(number: int, total: int, score: int) -> str:
    return f"🧩 <b>Quiz</b> · Frage {number} von {total} · ✅ {score}"


def _question_body(question: QuizQuestion) -> str:
    hint = " (die …)" if question.kind == "plural" else ""
    return f"🇩🇪 <b>{escape(question.prompt)}</b>\n{escape(question.instruction)}{hint}"


def verdict_line(result: AnswerResult) -> str:
    solution = escape(result.solution)
    verdict = "✅ <b>Richtig!</b>" if result.correct else "❌ <b>Leider nicht.</b>"
    line = f"{verdict} {solution}"
    if result.counted_as_review:
        line += "\n🧠 <i>Counted as a review of your card.</i>"
    if result.review is not None and result.review.leech:
        line = cards.leech_line(result.review.lemma) + line
    return line


def question_text(question: QuizQuestion, total: int, score: int) -> str:
    return f"{_header(question.index + 1, total, score)}\n\n{_question_body(question)}"


def question_keyboard(question: QuizQuestion, quiz_id: int, version: int) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            option, callback_data=pack(FEATURE, "a", f"{quiz_id}.{version}.{question.index}.{i}")
        )
        for i, option in enumerate(question.options)
    ]
    if question.kind == "article":
        width = 3
    else:
        width = 1 if any(len(option) > LONG_OPTION for option in question.options) else 2
    return InlineKeyboardMarkup(rows(buttons, width))


def _praise(score: int, total: int) -> str:
    if score == total:
        return "Perfekt! 🌟 Every single one."
    if score >= total * 0.8:
        return "Sehr gut! 💪 Great work."
    if score >= total * 0.5:
        return "Gut gemacht! Keep going. 👍"
    return "Übung macht den Meister — practice makes perfect. 🌱"


def final_text(view: QuizView, last: AnswerResult | None = None) -> str:
    lines = [
        f"🏁 <b>Quiz fertig!</b> {view.score} von {view.total} richtig.",
        _praise(view.score, view.total),
    ]
    if last is not None:
        lines.insert(0, verdict_line(last) + "\n")
    reviewed = [q for q in view.questions if q.counted_as_review]
    if reviewed:
        lines.append(f"\n🧠 {len(reviewed)} answer(s) counted as reviews of due cards.")
    revise = [q.solution for q in view.questions if not q.correct and q.solution]
    if revise:
        lines.append("\n<b>To revise:</b>\n" + "\n".join(f"• {escape(s)}" for s in revise))
    return "\n".join(lines)


def final_keyboard(quiz_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("🔁 New quiz", callback_data=pack(FEATURE, "new", str(quiz_id)))]]
    )


def render_start(view: QuizView) -> tuple[str, InlineKeyboardMarkup]:
    assert view.current is not None
    question = view.questions[view.current]
    intro = "Zehn Fragen! Ten questions: tap the answer you think is right.\n\n"
    text = intro + question_text(question, view.total, view.score)
    return text, question_keyboard(question, view.id, view.version)


def render_answer(result: AnswerResult, quiz_id: int) -> tuple[str, InlineKeyboardMarkup]:
    question = result.next_question
    assert question is not None
    text = f"{verdict_line(result)}\n\n{question_text(question, result.total, result.score)}"
    return text, question_keyboard(question, quiz_id, result.version)


# ---- handlers ------------------------------------------------------------------------------


async def _alert(query: CallbackQuery, message: str) -> None:
    await query.answer(message[:200], show_alert=True)


async def start_quiz(update: Update, context: BotContext) -> None:
    identity = identity_of(update)
    if identity is None:
        return
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        view, _ = await service.start_quiz(session, user)
    await reply(update, *render_start(view))


async def _new_quiz(update: Update, context: BotContext, query: CallbackQuery, arg: str) -> None:
    identity = identity_of(update)
    assert identity is not None
    after = parse_ints(arg, 1)
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        view, created = await service.start_quiz(session, user, after=after[0] if after else None)
    if not created:
        await _alert(query, "Your new quiz is already running — it's just below. 👇")
        return
    await query.answer()
    with contextlib.suppress(BadRequest):
        await query.edit_message_reply_markup(None)
    text, markup = render_start(view)
    await context.bot.send_message(
        identity.chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
    )


async def _answer(update: Update, context: BotContext, query: CallbackQuery, arg: str) -> None:
    identity = identity_of(update)
    assert identity is not None
    token = parse_ints(arg, 4)
    if token is None:
        await _alert(query, STALE)
        return
    quiz_id, version, question, choice = token
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        result = await service.answer_question(
            session, user, quiz_id, question=question, choice=choice, version=version
        )
        view = await service.get_quiz(session, user, quiz_id) if result.finished else None
    await query.answer("✅ Richtig!" if result.correct else "❌ Leider nicht")
    if view is not None:
        await edit(update, final_text(view, result), final_keyboard(quiz_id))
    else:
        await edit(update, *render_answer(result, quiz_id))


ACTIONS = {"a": _answer, "new": _new_quiz}


async def on_quiz_button(update: Update, context: BotContext) -> None:
    """Presses on an old version, a finished or replaced quiz, or another learner's quiz get
    a friendly alert; nothing changes."""
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
    application.add_handler(CommandHandler("quiz", start_quiz))
    application.add_handler(CallbackQueryHandler(on_quiz_button, pattern=pattern(FEATURE)))
