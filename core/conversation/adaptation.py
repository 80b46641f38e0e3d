"""The tutor adapts to how the learner actually writes: when the per-turn level estimates stay
above (or below) the learner's set level for several messages, the tutor writes at that level,
and the learner is told once per conversation."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.german import CEFR_LEVELS, CefrLevel, level_rank
from core.models import Conversation, ConversationTurn

ADAPT_AFTER = 4
NOTE_MARK = "Your German sounds like"
NOTE_UP = f"({NOTE_MARK} {{level}} — want harder conversations? Raise your level in /settings.)"
NOTE_DOWN = (
    f"({NOTE_MARK} {{level}} in these messages, so I'll keep my German simpler. "
    "You can change your level in /settings.)"
)


def level_shift(level: str, estimates: list[str | None]) -> CefrLevel | None:
    """The level the last `ADAPT_AFTER` estimates (newest first) agree the learner writes at,
    when all of them lie on the same side of the set level; None otherwise."""
    recent = estimates[:ADAPT_AFTER]
    if level not in CEFR_LEVELS or len(recent) < ADAPT_AFTER:
        return None
    if any(e not in CEFR_LEVELS for e in recent):
        return None
    ranks = [CEFR_LEVELS.index(e) for e in recent if e in CEFR_LEVELS]
    own = CEFR_LEVELS.index(level)
    if min(ranks) > own:
        return CEFR_LEVELS[min(ranks)]
    if max(ranks) < own:
        return CEFR_LEVELS[max(ranks)]
    return None


async def sustained_level(session: AsyncSession, conversation: Conversation) -> CefrLevel | None:
    estimates = (
        await session.scalars(
            select(ConversationTurn.level_estimate)
            .where(
                ConversationTurn.conversation_id == conversation.id,
                ConversationTurn.role == "learner",
                ConversationTurn.status == "answered",
            )
            .order_by(ConversationTurn.position.desc())
            .limit(ADAPT_AFTER)
        )
    ).all()
    return level_shift(conversation.level, list(estimates))


async def level_note(
    session: AsyncSession, conversation: Conversation, level: CefrLevel | None
) -> str:
    """What to tell the learner about the adapted level: once per conversation."""
    if level is None:
        return ""
    told = await session.scalar(
        select(
            exists().where(
                ConversationTurn.conversation_id == conversation.id,
                ConversationTurn.role == "tutor",
                ConversationTurn.text.contains(NOTE_MARK),
            )
        )
    )
    if told:
        return ""
    up = level_rank(level) > CEFR_LEVELS.index(conversation.level)
    return (NOTE_UP if up else NOTE_DOWN).format(level=level)
