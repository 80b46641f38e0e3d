from __future__ import annotations

import logging

from telegram.error import Forbidden

from core.accounts.service import get_user
from core.errors import NotFound
from jobs.context import JobContext

log = logging.getLogger(__name__)


async def send_telegram_text(ctx: JobContext, user_id: int, text: str) -> bool:
    """Send a plain message to a learner's Telegram chat, if they have one."""
    bot = ctx.get("telegram")
    if bot is None:
        return False
    async with ctx["db"].unit_of_work() as session:
        try:
            user = await get_user(session, user_id)
        except NotFound:
            return False
        chat_id = user.telegram_chat_id
    if chat_id is None:
        return False
    try:
        await bot.send_message(chat_id=chat_id, text=text)
    except Forbidden:
        log.info("learner %s blocked the bot; message dropped", user_id)
        return False
    return True
