"""The worker's side of a turn: claim the earliest unanswered message, then record the
tutor's answer (with the learner's errors, XP and usage) or the failure. Each step is short
and idempotent, so a job that runs twice or dies half-way changes nothing twice."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.ai_quota import record_usage
from core.clock import utcnow
from core.conversation.adaptation import sustained_level
from core.conversation.learner_scenes import SCENE_GREETING, learner_scene_brief
from core.conversation.repository import answered_count, next_position, ordered
from core.conversation.scenarios import scenario_brief, scenario_of
from core.models import Conversation, ConversationTurn, LearnerError, LearnerScene
from core.progress.xp import XpReason, award
from core.signals import notify
from core.tutor.base import TurnContext, TurnOutcome

SUMMARY_EVERY = 6
STALE_CLAIM = timedelta(minutes=3)
HISTORY_TURNS = 40
Role = Literal["learner", "tutor"]
# Notified with the learner turn's id when the transaction that answered it (or marked it
# failed) commits: the long-poll (core.conversation.views.wait_for_reply) wakes on it.
TURN_SETTLED = "conversation_turn_settled"


async def _history(
    session: AsyncSession, conversation: Conversation, before: ConversationTurn
) -> tuple[tuple[Role, str], ...]:
    """The turns before `before`. In a learner's own scene the opening line (which repeats
    the learner's description) is given as its greeting only."""
    own_scene = conversation.learner_scene_id is not None
    turns = (
        await session.scalars(
            select(ConversationTurn)
            .where(ConversationTurn.conversation_id == conversation.id)
            .order_by(ConversationTurn.position.desc())
            .limit(HISTORY_TURNS)
        )
    ).all()
    in_order = ordered(list(turns))
    cut = in_order.index(before)
    return tuple(
        (
            "learner" if t.role == "learner" else "tutor",
            SCENE_GREETING if own_scene and t.position == 1 and t.role == "tutor" else t.text,
        )
        for t in in_order[:cut]
        if t.role == "tutor" or t.status == "answered"
    )


async def claim_next_turn(
    session: AsyncSession, conversation_id: int, now: datetime | None = None
) -> tuple[Conversation, ConversationTurn, TurnContext] | None:
    """The earliest unanswered learner message, claimed for this worker; None when there is
    nothing to do or another worker is answering this conversation right now."""
    now = now or utcnow()
    conversation = await session.get(Conversation, conversation_id, with_for_update=True)
    if conversation is None:
        return None
    waiting = (
        await session.scalars(
            select(ConversationTurn)
            .where(
                ConversationTurn.conversation_id == conversation_id,
                ConversationTurn.role == "learner",
                ConversationTurn.status.in_(("pending", "processing")),
            )
            .order_by(ConversationTurn.position)
        )
    ).all()
    if not waiting:
        return None
    turn = waiting[0]
    if turn.status == "processing" and turn.claimed_at and now - turn.claimed_at < STALE_CLAIM:
        return None
    turn.status = "processing"
    turn.claimed_at = now
    scenario = await scenario_of(session, conversation.scenario_id)
    own = (
        await session.get(LearnerScene, conversation.learner_scene_id)
        if conversation.learner_scene_id
        else None
    )
    learner_turns = await answered_count(session, conversation_id)
    context = TurnContext(
        level=conversation.level,
        scenario=await scenario_brief(session, scenario) if scenario else None,
        summary=conversation.summary,
        history=await _history(session, conversation, turn),
        message=turn.text,
        script_step=conversation.script_step,
        refresh_summary=bool(learner_turns) and (learner_turns + 1) % SUMMARY_EVERY == 0,
        sustained_level=await sustained_level(session, conversation),
        learner_scene=await learner_scene_brief(session, own) if own else None,
    )
    await session.flush()
    return conversation, turn, context


async def release_turn(session: AsyncSession, turn_id: int) -> None:
    """Give a claimed message back (the AI was busy): the retried job claims it again."""
    await session.execute(
        update(ConversationTurn)
        .where(ConversationTurn.id == turn_id, ConversationTurn.status == "processing")
        .values(status="pending", claimed_at=None)
    )


async def record_reply(
    session: AsyncSession, learner_turn_id: int, outcome: TurnOutcome
) -> ConversationTurn | None:
    """Store the tutor's answer, the learner's errors and XP. Idempotent per message."""
    turn = await session.get(ConversationTurn, learner_turn_id, with_for_update=True)
    if turn is None or turn.status == "answered":
        return None
    conversation = await session.get(Conversation, turn.conversation_id, with_for_update=True)
    assert conversation is not None
    reply = outcome.reply
    tutor_turn = ConversationTurn(
        conversation_id=turn.conversation_id,
        user_id=turn.user_id,
        position=await next_position(session, turn.conversation_id),
        role="tutor",
        text=reply.reply,
        status="done",
        reply_to_id=turn.id,
        new_words=[w.model_dump() for w in reply.new_words],
        tutor=outcome.tutor,
    )
    session.add(tutor_turn)
    turn.status = "answered"
    turn.corrections = [c.model_dump() for c in reply.corrections]
    turn.level_estimate = reply.level_estimate
    turn.tutor = outcome.tutor
    turn.error = None
    turn.vetting = dict(outcome.vetting)
    conversation.script_step = outcome.script_step
    if outcome.summary:
        conversation.summary = outcome.summary
        conversation.summary_turns += 1
    for correction in reply.corrections:
        session.add(
            LearnerError(
                user_id=turn.user_id,
                turn_id=turn.id,
                category=correction.category,
                topic_slug=correction.topic_slug,
                original=correction.original,
                corrected=correction.corrected,
                explanation=correction.explanation,
            )
        )
    await award(session, turn.user_id, XpReason.CONVERSATION_MESSAGE, turn.id)
    await session.flush()
    await record_usage(session, turn.user_id, turn.id, outcome.usage)
    await notify(session, TURN_SETTLED, str(turn.id))
    return tutor_turn


async def mark_failed(session: AsyncSession, turn_id: int, error: str) -> ConversationTurn | None:
    turn = await session.get(ConversationTurn, turn_id, with_for_update=True)
    if turn is None or turn.status == "answered":
        return None
    turn.status = "failed"
    turn.error = error[:300]
    await session.flush()
    await notify(session, TURN_SETTLED, str(turn.id))
    return turn
