from __future__ import annotations

import logging
from html import escape

from telegram.constants import ParseMode
from telegram.error import TelegramError

from core.models import DeckWord, User
from core.vocabulary.enrichment import enrich_deck_word as enrich
from core.vocabulary.text import with_article
from jobs.context import JobContext

log = logging.getLogger(__name__)


async def enrich_deck_word(ctx: JobContext, deck_word_id: int) -> str:
    """Fill a typed word's translation and example from the tutor; tell the learner in
    Telegram when something was found. Idempotent (a word no longer pending is skipped)."""
    async with ctx["db"].unit_of_work() as session:
        status = await enrich(session, ctx["tutor"], deck_word_id)
        word = await session.get(DeckWord, deck_word_id)
        user = await session.get(User, word.user_id) if word else None
    bot = ctx.get("telegram")
    if word is None or user is None or bot is None or not user.telegram_chat_id:
        return status
    headword = escape(with_article(word.lemma, word.gender))
    if status == "done":
        lines = [f"✨ <b>{headword}</b> — {escape(', '.join(word.translations))}"]
        if word.example_de:
            lines.append(f"<i>{escape(word.example_de)}</i>")
    elif status == "failed" and ctx["tutor"].name != "offline":  # offline, /add said so
        lines = [
            f"I couldn't find a translation for <b>{headword}</b>. Tell me what it means: "
            f"<code>/meaning {escape(word.lemma)} = …</code>"
        ]
    else:
        return status
    try:
        await bot.send_message(user.telegram_chat_id, "\n".join(lines), parse_mode=ParseMode.HTML)
    except TelegramError:
        log.info("could not tell learner %s about enriched word %s", user.id, deck_word_id)
    return status
