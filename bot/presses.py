"""Reading a button press: the query, who pressed, and the decoded callback data.

Drill buttons (study sessions) are read by one reader: a malformed, foreign-shaped or stale
press gets the kind's one stale alert (bot.texts.STALE_DRILL) and changes nothing."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from bot import texts
from bot.callbacks import Callback, drill_pattern, pattern, unpack, unpack_drill
from bot.context import BotContext
from bot.identity import identity_of
from bot.learner import as_learner
from core.accounts.service import TelegramIdentity
from core.models import User
from core.study.kinds import StudyKindName
from core.study.sessions import Stale

T = TypeVar("T")


@dataclass(frozen=True)
class Press:
    query: CallbackQuery
    identity: TelegramIdentity
    callback: Callback


@dataclass(frozen=True)
class DrillPress:
    """A press on a drill's button: which session, at which version, and the action's arg."""

    query: CallbackQuery
    identity: TelegramIdentity
    kind: StudyKindName
    action: str
    session_id: int
    version: int
    arg: str

    def numbers(self, count: int) -> list[int] | None:
        """The arg as `count` dot-separated numbers (a quiz's "question.choice"), or None."""
        parts = self.arg.split(".")
        if len(parts) != count or not all(p.isascii() and p.isdecimal() for p in parts):
            return None
        return [int(part) for part in parts]


PressHandler = Callable[[Update, BotContext, DrillPress], Awaitable[None]]
ButtonHandler = Callable[[Update, BotContext, Press], Awaitable[None]]
PressCall = Callable[[AsyncSession, User, int, int], Awaitable[T | Stale]]
"""A core press function: (session, learner, session id, version) → its screen, or Stale."""


async def read_press(update: Update) -> Press | None:
    """The press in this update, or None after telling the learner the button is stale."""
    query = update.callback_query
    if query is None:
        return None
    identity = identity_of(update)
    callback = unpack(query.data)
    if identity is None or callback is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return None
    return Press(query, identity, callback)


async def alert_stale(query: CallbackQuery, kind: StudyKindName) -> None:
    await query.answer(texts.STALE_DRILL[kind], show_alert=True)


async def read_drill_press(
    update: Update, kind: StudyKindName, actions: Mapping[str, object]
) -> DrillPress | None:
    """The drill press in this update, or None after the kind's stale alert."""
    query = update.callback_query
    if query is None:
        return None
    identity = identity_of(update)
    callback = unpack_drill(kind, query.data)
    if identity is None or callback is None or callback.action not in actions:
        await alert_stale(query, kind)
        return None
    return DrillPress(
        query, identity, kind, callback.action, callback.session_id, callback.version, callback.arg
    )


async def run_press(
    update: Update, context: BotContext, press: DrillPress, call: PressCall[T]
) -> T | None:
    """The press's one core call, `call(session, learner, session id, version)`, in one unit
    of work; a Stale outcome gets the stale alert and None."""
    outcome = await as_learner(
        update, context, lambda session, user: call(session, user, press.session_id, press.version)
    )
    if isinstance(outcome, Stale):
        await alert_stale(press.query, press.kind)
        return None
    return outcome


async def continue_below(
    context: BotContext, press: DrillPress, text: str, markup: InlineKeyboardMarkup
) -> None:
    """A new run from a finished one's button: the old message loses its buttons and the new
    run gets a message of its own below it."""
    await press.query.answer()
    with contextlib.suppress(BadRequest):
        await press.query.edit_message_reply_markup(None)
    await context.bot.send_message(
        press.identity.chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
    )


def drill_buttons(
    kind: StudyKindName, actions: Mapping[str, PressHandler]
) -> CallbackQueryHandler[BotContext, None]:
    """One handler for all of a drill's buttons: read the press, then its action's handler."""

    async def on_press(update: Update, context: BotContext) -> None:
        press = await read_drill_press(update, kind, actions)
        if press is not None:
            await actions[press.action](update, context, press)

    return CallbackQueryHandler(on_press, pattern=drill_pattern(kind))


def feature_buttons(
    feature: str, actions: Mapping[str, ButtonHandler]
) -> CallbackQueryHandler[BotContext, None]:
    """One handler for a feature's non-drill buttons (settings, onboarding, ...): read the
    press, answer an unknown action as stale, else run its action's handler."""

    async def on_press(update: Update, context: BotContext) -> None:
        press = await read_press(update)
        if press is None:
            return
        if press.callback.action not in actions:
            await press.query.answer(texts.STALE_BUTTON, show_alert=True)
            return
        await actions[press.callback.action](update, context, press)

    return CallbackQueryHandler(on_press, pattern=pattern(feature))
