"""/league (the weekly league table, the leaderboards, leaving and joining) and /name."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import BotApplication, BotContext
from bot.league_screens import (
    FEATURE,
    board_keyboard,
    board_text,
    league_keyboard,
    league_text,
    name_text,
)
from bot.learner import as_learner
from bot.presses import Press, feature_buttons
from bot.replies import edit, reply
from core.leagues import service


async def show_league(update: Update, context: BotContext) -> None:
    table = await as_learner(
        update, context, lambda s, u: service.league_table(s, context.redis, u)
    )
    await reply(update, league_text(table), league_keyboard(table))


async def on_table(update: Update, context: BotContext, press: Press) -> None:
    """« My league, Leave and Join: the table, after the change."""
    change = {"table": service.league_table, "leave": service.leave, "join": service.join}
    action = change[press.callback.action]
    table = await as_learner(update, context, lambda s, u: action(s, context.redis, u))
    notes = {"leave": "You've left the leagues", "join": "Welcome back to the leagues"}
    await press.query.answer(notes.get(press.callback.action))
    await edit(update, league_text(table), league_keyboard(table))


async def on_board(update: Update, context: BotContext, press: Press) -> None:
    board = await as_learner(
        update,
        context,
        lambda s, u: service.leaderboard(s, context.redis, u, press.callback.arg),
    )
    await press.query.answer()
    await edit(update, board_text(board), board_keyboard(board))


async def set_name(update: Update, context: BotContext) -> None:
    """/name Anna sets the name; /name alone says which name others see."""
    message = update.effective_message
    words = (message.text or "").split(maxsplit=1) if message else []
    wanted = words[1] if len(words) == 2 else ""
    if wanted:
        set_it = service.set_display_name
        name = await as_learner(update, context, lambda s, u: set_it(s, u, wanted))
    else:
        name = await as_learner(update, context, service.shown_name)
    await reply(update, name_text(name, changed=bool(wanted)))


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("league", show_league))
    application.add_handler(CommandHandler("name", set_name))
    application.add_handler(
        feature_buttons(
            FEATURE,
            {"table": on_table, "leave": on_table, "join": on_table, "board": on_board},
        )
    )
