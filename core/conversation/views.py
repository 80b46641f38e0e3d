"""What a learner reads back: a conversation with its turns, one message with its reply,
the list of past conversations."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation.repository import (
    get_conversation,
    own_learner_turn,
    reply_to,
    turns_of,
)
from core.conversation.scenarios import scenario_of, scenario_summary
from core.conversation.schemas import (
    ConversationReport,
    ConversationView,
    LearnerTurnView,
    TurnView,
)
from core.db import Database
from core.models import Conversation, ConversationTurn, User
from core.ownership import owned
from core.tutor.schemas import Correction, NewWord


def turn_view(turn: ConversationTurn) -> TurnView:
    return TurnView(
        id=turn.id,
        role=turn.role,
        text=turn.text,
        status=turn.status,
        reply_to_id=turn.reply_to_id,
        corrections=[Correction.model_validate(c) for c in turn.corrections],
        new_words=[NewWord.model_validate(w) for w in turn.new_words],
        level_estimate=turn.level_estimate,
        tutor=turn.tutor,
        error=turn.error,
        created_at=turn.created_at,
    )


async def learner_turn_view_of(session: AsyncSession, turn: ConversationTurn) -> LearnerTurnView:
    reply = await reply_to(session, turn.id)
    return LearnerTurnView(
        **turn_view(turn).model_dump(), reply=turn_view(reply) if reply else None
    )


async def learner_turn_view(
    session: AsyncSession, user: User, turn_id: int, conversation_id: int | None = None
) -> LearnerTurnView:
    turn = await own_learner_turn(session, user, turn_id, conversation_id)
    return await learner_turn_view_of(session, turn)


async def wait_for_reply(
    db: Database, user: User, turn_id: int, conversation_id: int, wait: float
) -> LearnerTurnView:
    """The message once its reply exists or it failed, or as it is after `wait` seconds.
    Each look is its own short transaction; none stays open while waiting."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while True:
        async with db.unit_of_work() as session:
            view = await learner_turn_view(session, user, turn_id, conversation_id)
        if view.reply is not None or view.status == "failed" or loop.time() >= deadline:
            return view
        await asyncio.sleep(0.25)


async def conversation_view(
    session: AsyncSession, conversation: Conversation, *, with_turns: bool = True
) -> ConversationView:
    scenario = await scenario_of(session, conversation.scenario_id)
    return ConversationView(
        id=conversation.id,
        scenario=scenario_summary(scenario) if scenario else None,
        level=conversation.level,
        mode=conversation.mode,
        status=conversation.status,
        created_at=conversation.created_at,
        ended_at=conversation.ended_at,
        turns=[turn_view(t) for t in await turns_of(session, conversation)] if with_turns else [],
        report=ConversationReport.model_validate(conversation.report)
        if conversation.report
        else None,
    )


async def conversation_detail(
    session: AsyncSession, user: User, conversation_id: int
) -> ConversationView:
    return await conversation_view(session, await get_conversation(session, user, conversation_id))


async def history(session: AsyncSession, user: User, limit: int = 50) -> list[ConversationView]:
    conversations = await session.scalars(
        owned(Conversation, user)
        .order_by(Conversation.created_at.desc(), Conversation.id.desc())
        .limit(limit)
    )
    return [await conversation_view(session, c, with_turns=False) for c in conversations]
