"""/today: today's plan in one message, one button per item that starts it (the buttons are
the ones /review, /grammar and /talk use). Reminders open it with their "Today's plan"."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import BotApplication, BotContext
from bot.learner import as_learner
from bot.presses import Press, feature_buttons
from bot.render import plan as render
from bot.replies import reply
from core.plan.service import daily_plan


async def show_today(update: Update, context: BotContext) -> None:
    plan = await as_learner(update, context, daily_plan)
    rendered = render.today(plan)
    await reply(update, rendered.text, rendered.markup)


async def on_show(update: Update, context: BotContext, press: Press) -> None:
    await press.query.answer()
    await show_today(update, context)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("today", show_today))
    application.add_handler(feature_buttons(render.FEATURE, {"show": on_show}))
