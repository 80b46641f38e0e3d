"""Fill in a typed word's missing facts from the tutor, without overwriting the learner's.

A noun's gender and plural come from german-nouns (Wiktionary data, `core.lexicon`) when it
knows the noun, ahead of the tutor's analysis (Claude's word is a guess; the data is checked),
so a word typed lowercase without its article that is also a word of its own ("link") and
that the tutor finds to be a noun gets a checked plural, and with it the typed plural card
when the learner has that kind on. ("leuchtturm" is taken for the noun when it is added.)

Verbs get no forms here, so a typed verb that is not in the catalogue has no verb-forms card:
nothing in the lock file has them. german-nouns holds nouns only; simplemma lemmatises and
HanTa (not a dependency) tags and lemmatises, neither conjugates; the offline checker's verb
table (core.tutor.checker.data) lists Präteritum forms but no Partizip II or auxiliary; and a
model's forms, unchecked, should not become a graded card. A typed verb that is in the
catalogue ("gehen") is added as the catalogue word, with its forms."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.german_text import lemma_key
from core.lexicon import noun_facts_async
from core.models import DeckWord, User
from core.observability.logs import bind_learner
from core.tutor.base import Tutor
from core.vocabulary.cards import ensure_cards


async def enrich_deck_word(session: AsyncSession, tutor: Tutor, deck_word_id: int) -> str:
    """Idempotent: a word that is no longer pending is left alone. Returns the new status."""
    word = await session.get(DeckWord, deck_word_id, with_for_update=True)
    if word is None or word.enrichment != "pending":
        return word.enrichment if word else "gone"
    bind_learner(word.user_id)
    analysis = await tutor.analyse_word(word.lemma)
    if word.pos == "unknown" and analysis.pos != "unknown":
        word.pos = analysis.pos
        word.lemma_key = lemma_key(word.lemma, word.pos)
    if word.pos == "noun" and not (word.gender and word.plural):
        facts = await noun_facts_async(word.lemma[:1].upper() + word.lemma[1:])
        if facts is not None:
            word.gender = word.gender or facts.gender
            word.plural = word.plural or facts.plural
    word.gender = word.gender or analysis.gender
    word.plural = word.plural or analysis.plural
    if not word.translations and analysis.translations:
        word.translations = list(analysis.translations)
    word.example_de = word.example_de or analysis.example_de
    word.example_en = word.example_en or analysis.example_en
    word.enrichment = "done" if word.translations else "failed"
    await session.flush()
    # The facts found may allow more cards: an article, a plural (when the learner wants it).
    learner_kinds = await session.scalar(select(User.card_kinds).where(User.id == word.user_id))
    await ensure_cards(session, word, learner_kinds=learner_kinds or [])
    return word.enrichment
