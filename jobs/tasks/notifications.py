from __future__ import annotations

from functools import partial

from bot.render.message import Rendered
from core.notifications import chat_of
from jobs.context import JobContext
from jobs.telegram_sender import telegram_sender
from jobs.transactions import in_transaction


async def send_telegram_text(ctx: JobContext, user_id: int, text: str) -> bool:
    """Send a plain message to a learner's Telegram chat, if they have one."""
    sender = telegram_sender(ctx)
    if sender is None:
        return False
    chat_id = await in_transaction(ctx, partial(chat_of, user_id=user_id))
    if chat_id is None:
        return False
    result = await sender.send(chat_id, Rendered(text, html=False), what=f"notice to {user_id}")
    return result.status == "sent"
