from __future__ import annotations

from telegram import Update

from core.accounts.service import TelegramIdentity


def identity_of(update: Update) -> TelegramIdentity | None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or user.is_bot:
        return None
    return TelegramIdentity(
        user_id=user.id,
        chat_id=chat.id,
        first_name=user.first_name or "",
        username=user.username,
        language_code=user.language_code,
    )
