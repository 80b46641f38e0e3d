"""Reading a learner's conversations and turns: the one place ownership is checked."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound
from core.models import Conversation, ConversationTurn, User
from core.ownership import get_owned, owned


async def get_conversation(
    session: AsyncSession, user: User, conversation_id: int, *, lock: bool = False
) -> Conversation:
    return await get_owned(
        session, Conversation, conversation_id, user, missing="No such conversation.", lock=lock
    )


async def active_conversation(session: AsyncSession, user: User) -> Conversation | None:
    return await session.scalar(
        owned(Conversation, user)
        .where(Conversation.status == "active")
        .order_by(Conversation.id.desc())
        .limit(1)
    )


async def own_learner_turn(
    session: AsyncSession,
    user: User,
    turn_id: int,
    conversation_id: int | None = None,
    *,
    lock: bool = False,
) -> ConversationTurn:
    """One of the learner's own messages (in that conversation, when it is given)."""
    missing = "No such message of yours."
    turn = await get_owned(session, ConversationTurn, turn_id, user, missing=missing, lock=lock)
    if turn.role != "learner" or conversation_id not in (None, turn.conversation_id):
        raise NotFound(missing)
    return turn


async def reply_to(session: AsyncSession, learner_turn_id: int) -> ConversationTurn | None:
    return await session.scalar(
        select(ConversationTurn).where(ConversationTurn.reply_to_id == learner_turn_id)
    )


async def next_position(session: AsyncSession, conversation_id: int) -> int:
    current = await session.scalar(
        select(func.max(ConversationTurn.position)).where(
            ConversationTurn.conversation_id == conversation_id
        )
    )
    return int(current or 0) + 1


async def answered_count(session: AsyncSession, conversation_id: int) -> int:
    count = await session.scalar(
        select(func.count()).where(
            ConversationTurn.conversation_id == conversation_id,
            ConversationTurn.role == "learner",
            ConversationTurn.status == "answered",
        )
    )
    return int(count or 0)


def ordered(turns: list[ConversationTurn]) -> list[ConversationTurn]:
    """Conversation order: each tutor reply right after the learner message it answers."""
    by_id = {t.id: t for t in turns}

    def key(turn: ConversationTurn) -> tuple[int, int]:
        if turn.reply_to_id is not None and turn.reply_to_id in by_id:
            return by_id[turn.reply_to_id].position, 1
        return turn.position, 0

    return sorted(turns, key=key)


async def turns_of(session: AsyncSession, conversation: Conversation) -> list[ConversationTurn]:
    rows = await session.scalars(
        select(ConversationTurn).where(ConversationTurn.conversation_id == conversation.id)
    )
    return ordered(list(rows))
