"""The tutor's new words, one tap from the learner's deck."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation.repository import get_conversation
from core.conversation.schemas import AddedWord
from core.errors import NotFound
from core.german_text import with_article
from core.models import ConversationTurn, User
from core.ownership import get_owned
from core.vocabulary.adding import add_typed_word
from core.vocabulary.deck import deck_word_views
from core.vocabulary.meanings import set_translation
from core.vocabulary.suggesting import Checked, check_typed, looks_like_a_typo


async def add_new_word(
    session: AsyncSession,
    user: User,
    turn_id: int,
    index: int,
    *,
    conversation_id: int | None = None,
    force: bool = False,
) -> AddedWord | Checked:
    """Put one of a tutor reply's new words into the learner's deck (with its translation).
    A word that looks like a typo of a known word (the tutor misspelled it) is not added
    unless `force`d: its check comes back, with the known words it is near."""
    if conversation_id is not None:
        await get_conversation(session, user, conversation_id)
    missing = "That word is no longer available."
    turn = await get_owned(session, ConversationTurn, turn_id, user, missing=missing)
    in_conversation = conversation_id in (None, turn.conversation_id)
    if not in_conversation or not 0 <= index < len(turn.new_words):
        raise NotFound(missing)
    word = turn.new_words[index]
    text = f"{word.get('article') or ''} {word['lemma']}".strip()
    if not force:
        checked = await check_typed(session, text)
        if looks_like_a_typo(checked):
            return checked
    added, created = await add_typed_word(session, user, text, tags=["conversation"])
    if created and not added.translations and word.get("translation"):
        await set_translation(session, user, added.lemma, [word["translation"]])
    [view] = await deck_word_views(session, user, [added])
    return AddedWord(
        word=view,
        created=created,
        headword=with_article(added.lemma, added.gender if added.gender != "pl" else None),
    )
