"""Whom a job may tell what, outside a conversation: the chat of a learner, a chat that
blocked the bot, and the notice about a word the tutor filled in.

A learner who blocks the bot is marked once, by whichever job first hears Telegram's 403:
reminders stop (the reason is shown in their settings) until they switch them on again."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import DeckWord, User

BLOCKED_REASON = "You blocked the bot"


async def chat_of(session: AsyncSession, user_id: int) -> int | None:
    """The learner's Telegram chat, if they have one."""
    user = await session.get(User, user_id)
    return user.telegram_chat_id if user else None


async def mark_chat_blocked(session: AsyncSession, chat_id: int) -> None:
    """Telegram refused to deliver to this chat (403): stop reminding, and say why."""
    await session.execute(
        update(User)
        .where(User.telegram_chat_id == chat_id)
        .values(reminders_enabled=False, reminders_disabled_reason=BLOCKED_REASON)
    )


class EnrichmentNotice(BaseModel):
    chat_id: int
    lemma: str
    gender: str | None
    found: bool
    translations: list[str]
    example_de: str | None


async def enrichment_notice(
    session: AsyncSession, deck_word_id: int, status: str, *, tutor_is_offline: bool
) -> EnrichmentNotice | None:
    """What to tell the learner after the tutor looked at a typed word: its meaning when one
    was found; that none was when Claude tried (the offline tutor's /add said so already)."""
    if status != "done" and not (status == "failed" and not tutor_is_offline):
        return None
    word = await session.get(DeckWord, deck_word_id)
    chat_id = await chat_of(session, word.user_id) if word else None
    if word is None or not chat_id:
        return None
    return EnrichmentNotice(
        chat_id=chat_id,
        lemma=word.lemma,
        gender=word.gender,
        found=status == "done",
        translations=list(word.translations),
        example_de=word.example_de,
    )
