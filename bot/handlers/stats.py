"""/stats: five charts of the learner's progress as photos (a first-day learner gets a hint)."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import CommandHandler

from bot import stats_render
from bot.context import BotApplication, BotContext
from bot.learner import as_learner, require_identity
from bot.replies import reply
from core.stats.charts import render_charts
from core.stats.data import learner_stats
from core.stats.schemas import CHARTS


async def show_stats(update: Update, context: BotContext) -> None:
    stats = await as_learner(update, context, learner_stats)
    if stats.is_empty:
        await reply(update, stats_render.NOTHING_YET)
        return
    chat_id = require_identity(update).chat_id
    await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
    pictures = await render_charts(stats)
    for chart in CHARTS:
        await context.bot.send_photo(
            chat_id,
            InputFile(pictures[chart], filename=f"{chart}.png"),
            caption=stats_render.caption(stats, chart),
        )


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("stats", show_stats))
