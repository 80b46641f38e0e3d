from __future__ import annotations

from functools import partial

from bot.render.accounts import password_reset_code
from core.accounts.passwords import issue_password_reset_code
from jobs.context import JobContext
from jobs.telegram_sender import telegram_sender
from jobs.transactions import in_transaction


async def send_password_reset_code(ctx: JobContext, user_id: int) -> bool:
    """Make a reset code and send it to the learner's chat. The code is made here, not when
    it was requested, so it is never stored in plain text (the queued job holds only the id);
    a retried job sends a new code, which replaces the one before."""
    sender = telegram_sender(ctx)
    if sender is None:
        return False
    issued = await in_transaction(ctx, partial(issue_password_reset_code, user_id=user_id))
    if issued is None:
        return False
    result = await sender.send(
        issued.chat_id,
        password_reset_code(issued.code, issued.minutes),
        what=f"password reset code to {user_id}",
    )
    return result.status == "sent"
