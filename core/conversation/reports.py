"""The summary at the end of a conversation: mistakes by category, new words, XP, a word of
encouragement."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation.repository import turns_of
from core.conversation.schemas import ConversationReport
from core.conversation.xp import xp_earned
from core.models import Conversation
from core.tutor.schemas import Correction, NewWord


def encouragement(messages: int, mistakes: int) -> str:
    if messages == 0:
        return "Next time, write a few messages — that's where the learning happens."
    rate = mistakes / messages
    if rate == 0:
        return "Fehlerfrei! Not a single correction — time to try a harder scene."
    if rate < 0.5:
        return "Sehr gut! Most of your messages were spot on. Keep going!"
    return "Gut gemacht! Every correction is a step forward — review them and try again."


async def report(session: AsyncSession, conversation: Conversation) -> ConversationReport:
    all_turns = await turns_of(session, conversation)
    learner = [t for t in all_turns if t.role == "learner" and t.status == "answered"]
    corrections = [Correction.model_validate(c) for t in learner for c in t.corrections]
    words: dict[str, NewWord] = {}
    for t in all_turns:
        for w in t.new_words:
            word = NewWord.model_validate(w)
            words.setdefault(word.lemma, word)
    return ConversationReport(
        mistakes_by_category=dict(Counter(c.category for c in corrections)),
        corrections=corrections,
        new_words=list(words.values()),
        learner_messages=len(learner),
        encouragement=encouragement(len(learner), len(corrections)),
        xp_earned=await xp_earned(
            session, conversation.user_id, conversation.id, [t.id for t in learner]
        ),
    )
