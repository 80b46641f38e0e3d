"""The goal line under a finished session ("▰▰▰▱▱ 30/50 XP today", "🎯 Daily goal reached!").

`as_learner` keeps it when its core call finished a study session or a conversation; the
handler's next `reply`/`edit` (bot.replies) puts it under the session's last screen, so a drill
stays one message. If the handler showed its screen some other way, the later handler group
(bot.handlers.progress) sends it as a message of its own. Kept per update in a context
variable: PTB runs an update's handlers in one task, one after the other."""

from __future__ import annotations

from contextvars import ContextVar

from telegram import Update

from bot.render.progress import after_session
from core.progress.goal import SessionEnd

_pending: ContextVar[tuple[int, SessionEnd] | None] = ContextVar("session_end", default=None)


def remember(update: Update, ended: SessionEnd) -> None:
    _pending.set((update.update_id, ended))


def take(update: Update) -> str | None:
    """The goal line for this update, once (None when no session ended in it)."""
    pending = _pending.get()
    if pending is None:
        return None
    _pending.set(None)
    update_id, ended = pending
    if update_id != update.update_id:
        return None
    return after_session(ended.progress, ended.goal_just_reached)


def under(update: Update, text: str) -> str:
    line = take(update)
    return f"{text}\n\n{line}" if line else text
