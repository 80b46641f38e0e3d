"""The summary at the end of a conversation: mistakes by category (exactly the corrections the
learner was shown), new words, XP, and a word of encouragement that matches those numbers."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation.repository import turns_of
from core.conversation.schemas import ConversationReport
from core.models import Conversation
from core.progress.xp import XpReason, xp_for_sources
from core.tutor.schemas import Correction, NewWord


def encouragement(messages: int, with_mistakes: int, mistakes: int) -> str:
    """A word of encouragement that says what happened: the praise follows the share of
    messages that needed no correction, and the numbers are the ones the report shows."""
    if messages == 0:
        return "Next time, write a few messages — that's where the learning happens."
    clean = messages - with_mistakes
    if with_mistakes == 0:
        return (
            f"Fehlerfrei! {_count(messages, 'message')} without a single correction — "
            "time to try a harder scene."
        )
    fixed = f"{_count(mistakes, 'correction')} in {_count(with_mistakes, 'message')}"
    if clean * 4 >= messages * 3:
        return f"Sehr gut! {clean} of your {messages} messages were spot on ({fixed}). Keep going!"
    if clean * 2 >= messages:
        return f"Gut! {clean} of your {messages} messages needed no correction ({fixed})."
    return (
        f"Weiter so! {with_mistakes} of your {messages} messages had something to fix "
        f"({_count(mistakes, 'correction')}) — review them below and try the scene again."
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


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
        messages_with_mistakes=sum(1 for t in learner if t.corrections),
        encouragement=encouragement(
            len(learner), sum(1 for t in learner if t.corrections), len(corrections)
        ),
        xp_earned=await xp_for_sources(
            session,
            conversation.user_id,
            {
                XpReason.CONVERSATION_MESSAGE: [t.id for t in learner],
                XpReason.CONVERSATION_FINISHED: [conversation.id],
            },
        ),
    )
