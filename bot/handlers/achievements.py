"""/achievements: every achievement by category, unlocked ones ticked, the rest with progress."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import BotApplication, BotContext
from bot.learner import as_learner
from bot.render.achievements import achievements_pages
from bot.replies import reply
from core.achievements.board import achievement_board


async def show_achievements(update: Update, context: BotContext) -> None:
    board = await as_learner(update, context, achievement_board)
    for page in achievements_pages(board):
        await reply(update, page)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("achievements", show_achievements))
