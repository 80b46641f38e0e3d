from __future__ import annotations

from functools import partial

from bot.render.vocabulary import enrichment
from core.notifications import enrichment_notice
from core.vocabulary.enrichment import enrich_deck_word as enrich
from jobs.context import JobContext
from jobs.telegram_sender import telegram_sender
from jobs.transactions import in_transaction


async def enrich_deck_word(ctx: JobContext, deck_word_id: int) -> str:
    """Fill a typed word's translation and example from the tutor; tell the learner in
    Telegram when something was found. Idempotent (a word no longer pending is skipped)."""
    tutor = ctx["tutor"]
    status = await in_transaction(ctx, partial(enrich, tutor=tutor, deck_word_id=deck_word_id))
    sender = telegram_sender(ctx)
    if sender is None:
        return status
    tell = partial(
        enrichment_notice,
        deck_word_id=deck_word_id,
        status=status,
        tutor_is_offline=tutor.name == "offline",
    )
    notice = await in_transaction(ctx, tell)
    if notice is not None:
        await sender.send(notice.chat_id, enrichment(notice), what=f"word {deck_word_id} notice")
    return status
