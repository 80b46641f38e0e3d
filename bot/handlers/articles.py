"""/articles: der, die or das? One message, three buttons, a running score, a Stop button.
Due article cards come first and their answers are FSRS reviews; the rest is practice."""

from __future__ import annotations

from functools import partial
from html import escape
from typing import Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from bot import cards, texts
from bot.callbacks import pack_drill
from bot.context import BotApplication, BotContext
from bot.learner import as_learner
from bot.presses import DrillPress, alert_stale, continue_below, drill_buttons, run_press
from bot.replies import edit, reply
from core.german import ARTICLES
from core.quizzes import articles
from core.quizzes.schemas import ArticleDrillView, ArticleVerdict

KIND: Final = "articles"


# ---- what the learner sees ---------------------------------------------------------------


def verdict_line(verdict: ArticleVerdict) -> str:
    noun = escape(f"{verdict.article} {verdict.lemma}")
    line = f"✅ richtig: {noun}" if verdict.correct else f"❌ {noun} (not {escape(verdict.chosen)})"
    line += " · 🧠 review saved" if verdict.counted_as_review else ""
    if verdict.translation:
        line += f"\n🇬🇧 {escape(verdict.translation)}"
    if verdict.rule:
        line += f"\n💡 {escape(verdict.rule, quote=False)}"
    return (cards.leech_line(verdict.lemma) if verdict.leech else "") + line


def _score(view: ArticleDrillView) -> str:
    return f"✅ {view.right} · ❌ {view.wrong}"


def _intro(view: ArticleDrillView) -> str:
    if view.due_cards == 1:
        due = "1 of them is a due article card: that answer counts as a review. 🧠\n"
    elif view.due_cards:
        due = (
            f"{view.due_cards} of them are due article cards: those answers count as reviews. 🧠\n"
        )
    else:
        due = ""
    return f"Tap the right article for each noun. {view.total} nouns this round.\n{due}\n"


def drill_text(view: ArticleDrillView, intro: bool = False) -> str:
    if view.current is None:
        return final_text(view)
    header = f"🎯 <b>der, die oder das?</b> · {view.position + 1} von {view.total} · {_score(view)}"
    last = f"{verdict_line(view.last)}\n\n" if view.last is not None else ""
    return f"{_intro(view) if intro else ''}{last}{header}\n\n🇩🇪 <b>{escape(view.current)}</b>"


def drill_keyboard(view: ArticleDrillView) -> InlineKeyboardMarkup:
    def button(label: str, action: str, arg: str = "") -> InlineKeyboardButton:
        return InlineKeyboardButton(
            label, callback_data=pack_drill(KIND, action, view.id, view.version, arg)
        )

    if view.current is None:
        return InlineKeyboardMarkup([[button("🔁 New round", "new")]])
    answers = [button(article, "a", article) for article in ARTICLES]
    return InlineKeyboardMarkup([answers, [button("⏹ Stop", "stop")]])


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


async def start_drill(update: Update, context: BotContext) -> None:
    view, _ = await as_learner(update, context, lambda s, u: articles.start_drill(s, u))
    await reply(update, drill_text(view, intro=True), drill_keyboard(view))


async def on_new_round(update: Update, context: BotContext, press: DrillPress) -> None:
    """The "New round" button; pressed twice, the second press finds the new round running."""
    after = press.session_id
    view, created = await as_learner(
        update, context, lambda s, u: articles.start_drill(s, u, after=after)
    )
    if not created:
        await press.query.answer(texts.NEW_ROUND_RUNNING, show_alert=True)
        return
    await continue_below(context, press, drill_text(view, intro=True), drill_keyboard(view))


async def on_answer(update: Update, context: BotContext, press: DrillPress) -> None:
    if press.arg not in ARTICLES:
        await alert_stale(press.query, press.kind)
        return
    answer = partial(articles.answer_article, article=press.arg)
    view = await run_press(update, context, press, answer)
    if view is not None:
        await press.query.answer()
        await edit(update, drill_text(view), drill_keyboard(view))


async def on_stop(update: Update, context: BotContext, press: DrillPress) -> None:
    view = await run_press(update, context, press, articles.stop_drill)
    if view is not None:
        await press.query.answer("Stopped")
        await edit(update, final_text(view), drill_keyboard(view))


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("articles", start_drill))
    application.add_handler(
        drill_buttons(KIND, {"a": on_answer, "new": on_new_round, "stop": on_stop})
    )
