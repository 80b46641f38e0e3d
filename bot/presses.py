"""Reading a button press: the query, who pressed, and the decoded callback data."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import CallbackQuery, Update

from bot import texts
from bot.callbacks import Callback, unpack
from bot.identity import identity_of
from core.accounts.service import TelegramIdentity


@dataclass(frozen=True)
class Press:
    query: CallbackQuery
    identity: TelegramIdentity
    callback: Callback


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
