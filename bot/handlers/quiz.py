"""/quiz: 10 multiple-choice questions in one message, edited in place after every answer."""

from __future__ import annotations

from functools import partial
from html import escape
from typing import Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from bot import cards, texts
from bot.callbacks import pack_drill
from bot.context import BotApplication, BotContext
from bot.keyboards import rows
from bot.learner import as_learner
from bot.presses import DrillPress, alert_stale, continue_below, drill_buttons, run_press
from bot.replies import edit, reply
from core.quizzes import answering, lifecycle
from core.quizzes.answering import AnsweredQuiz
from core.quizzes.schemas import AnswerResult, QuizQuestion, QuizView

KIND: Final = "quiz"
LONG_OPTION = 18  # longer labels get a row each, so Telegram does not cut them off


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
    if result.reason:
        line += f"\n💡 {escape(result.reason, quote=False)}"
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
            option, callback_data=pack_drill(KIND, "a", quiz_id, version, f"{question.index}.{i}")
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
        lines.append(
            "\n🧠 1 answer counted as a review of a due card."
            if len(reviewed) == 1
            else f"\n🧠 {len(reviewed)} answers counted as reviews of due cards."
        )
    revise = [q.solution for q in view.questions if not q.correct and q.solution]
    if revise:
        lines.append("\n<b>To revise:</b>\n" + "\n".join(f"• {escape(s)}" for s in revise))
    return "\n".join(lines)


def final_keyboard(view: QuizView) -> InlineKeyboardMarkup:
    data = pack_drill(KIND, "new", view.id, view.version)
    return InlineKeyboardMarkup([[InlineKeyboardButton("🔁 New quiz", callback_data=data)]])


def render_start(view: QuizView) -> tuple[str, InlineKeyboardMarkup]:
    assert view.current is not None
    question = view.questions[view.current]
    intro = "Zehn Fragen! Ten questions: tap the answer you think is right.\n\n"
    text = intro + question_text(question, view.total, view.score)
    return text, question_keyboard(question, view.id, view.version)


def render_answered(answered: AnsweredQuiz, quiz_id: int) -> tuple[str, InlineKeyboardMarkup]:
    """The verdict, then the next question or (after the last) the final score."""
    result = answered.result
    if answered.final is not None:
        return final_text(answered.final, result), final_keyboard(answered.final)
    question = result.next_question
    assert question is not None
    text = f"{verdict_line(result)}\n\n{question_text(question, result.total, result.score)}"
    return text, question_keyboard(question, quiz_id, result.version)


# ---- handlers ------------------------------------------------------------------------------


async def start_quiz(update: Update, context: BotContext) -> None:
    view, _ = await as_learner(update, context, lambda s, u: lifecycle.start_quiz(s, u))
    await reply(update, *render_start(view))


async def on_new_quiz(update: Update, context: BotContext, press: DrillPress) -> None:
    """The "New quiz" button; pressed twice, the second press finds the new quiz running."""
    after = press.session_id
    view, created = await as_learner(
        update, context, lambda s, u: lifecycle.start_quiz(s, u, after=after)
    )
    if not created:
        await press.query.answer(texts.NEW_QUIZ_RUNNING, show_alert=True)
        return
    await continue_below(context, press, *render_start(view))


async def on_answer(update: Update, context: BotContext, press: DrillPress) -> None:
    numbers = press.numbers(2)
    if numbers is None:
        await alert_stale(press.query, press.kind)
        return
    answer = partial(answering.answer_press, question=numbers[0], choice=numbers[1])
    answered = await run_press(update, context, press, answer)
    if answered is not None:
        await press.query.answer("✅ Richtig!" if answered.result.correct else "❌ Leider nicht")
        await edit(update, *render_answered(answered, press.session_id))


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("quiz", start_quiz))
    application.add_handler(drill_buttons(KIND, {"a": on_answer, "new": on_new_quiz}))
