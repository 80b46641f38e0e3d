"""What a learner reads back: a conversation with its turns, one message with its reply,
the list of past conversations."""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation.learner_scenes import scene_view
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
from core.conversation.turns import TURN_SETTLED
from core.db import Database
from core.models import Conversation, ConversationTurn, LearnerScene, User
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


def _settled(view: LearnerTurnView) -> bool:
    return view.reply is not None or view.status == "failed"


async def wait_for_reply(
    db: Database, user: User, turn_id: int, conversation_id: int, wait: float
) -> LearnerTurnView:
    """The message once its reply exists or it failed, or as it is after `wait` seconds.

    One read, then (if the reply is still to come) a wait for the signal the worker sends
    when it commits the reply, then one more read. No connection is held while waiting: the
    reads are short transactions of their own, the signal arrives on the process's one
    listening connection. A lost signal ends the wait by its timeout."""

    async def read() -> LearnerTurnView:
        async with db.unit_of_work() as session:
            return await learner_turn_view(session, user, turn_id, conversation_id)

    if wait <= 0:
        return await read()
    async with db.signals.wait_for(TURN_SETTLED, str(turn_id)) as settled:
        view = await read()
        if _settled(view):
            return view
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(settled.wait(), wait)
    return await read()


async def conversation_view(
    session: AsyncSession, conversation: Conversation, *, with_turns: bool = True
) -> ConversationView:
    scenario = await scenario_of(session, conversation.scenario_id)
    own = (
        await session.get(LearnerScene, conversation.learner_scene_id)
        if conversation.learner_scene_id
        else None
    )
    return ConversationView(
        id=conversation.id,
        scenario=scenario_summary(scenario) if scenario else None,
        scene=scene_view(own) if own else None,
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
