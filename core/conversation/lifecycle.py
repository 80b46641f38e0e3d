"""A conversation from start to end, as the API and the bot drive it. A learner's message is
stored first and a job produces the reply (core.conversation.replies), strictly in order."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.conversation.learner_scenes import opening_line, own_scene
from core.conversation.reports import report
from core.conversation.repository import (
    active_conversation,
    answered_count,
    get_conversation,
    next_position,
    own_learner_turn,
)
from core.conversation.scenarios import current_scenario
from core.conversation.schemas import ConversationReport, ConversationView, LearnerTurnView
from core.conversation.views import conversation_view, learner_turn_view_of
from core.errors import Conflict, Invalid
from core.models import Conversation, ConversationTurn, User
from core.outbox import request_job
from core.ownership import mine
from core.progress.goal import note_finished_session
from core.progress.xp import XpReason, award
from core.study.sessions import abandon_active
from core.tutor.offline import free_talk_opening

MAX_MESSAGE_LENGTH = 1000
MESSAGES_FOR_FINISHING = 3
"""Answered messages a scene needs before ending it pays the finishing XP."""
OFFLINE_NOTE = (
    "🤖 Offline tutor: I follow the scene's script and check grammar with rules. "
    "The AI tutor, when it is on, talks about anything."
)
OFFLINE_SCENE_NOTE = (
    "🤖 Offline tutor: in your own scene I chat around your key words and check grammar "
    "with rules. The AI tutor, when it is on, plays the scene in full."
)


async def start(
    session: AsyncSession,
    user: User,
    *,
    scenario_slug: str | None = None,
    scene_id: int | None = None,
    offline: bool = False,
    ai_available: bool = True,
    chat_id: int | None = None,
) -> ConversationView:
    """Begin a scene, one of the learner's own scenes (`scene_id`) or free talk; any
    conversation still open is ended first. The tutor's opening line is the first turn."""
    if scenario_slug and scene_id:
        raise Invalid("Choose a scenario or one of your scenes, not both.")
    scenario = await current_scenario(session, scenario_slug) if scenario_slug else None
    own = await own_scene(session, user, scene_id) if scene_id else None
    await session.execute(
        update(Conversation)
        .where(mine(Conversation, user), Conversation.status == "active")
        .values(status="ended", ended_at=utcnow())
    )
    # A scene form left open would take the learner's text once this conversation ends.
    await abandon_active(session, user, "scene", utcnow())
    conversation = Conversation(
        user_id=user.id,
        scenario_id=scenario.id if scenario else None,
        learner_scene_id=own.id if own else None,
        level=own.level if own else user.cefr_level,
        mode="offline" if offline else "auto",
        chat_id=chat_id,
        script_step=0,
    )
    session.add(conversation)
    await session.flush()
    if scenario is not None:
        first = scenario.turns[0]["tutor"] if scenario.turns else ""
        opening = f"{scenario.opening_line}\n{first}".strip()
    elif own is not None:
        opening = opening_line(own)
    else:
        opening = free_talk_opening(user.cefr_level)
        conversation.script_step = 1
    offline_tutor = offline or not ai_available
    if offline_tutor:
        note = OFFLINE_SCENE_NOTE if own is not None else OFFLINE_NOTE
        opening = f"{opening}\n\n{note}"
    session.add(
        ConversationTurn(
            conversation_id=conversation.id,
            user_id=user.id,
            position=1,
            role="tutor",
            text=opening,
            status="done",
            tutor="offline" if offline_tutor else "claude",
        )
    )
    await session.flush()
    return await conversation_view(session, conversation)


def _request_reply(session: AsyncSession, turn: ConversationTurn, job_id: str) -> None:
    request_job(
        session, "reply_to_conversation", job_id=job_id, conversation_id=turn.conversation_id
    )


async def post_message(
    session: AsyncSession, user: User, conversation_id: int, text: str
) -> LearnerTurnView:
    """Store the learner's message (before any AI call) and ask for a reply job."""
    text = text.strip()
    if not text:
        raise Invalid("Write something in German first.")
    if len(text) > MAX_MESSAGE_LENGTH:
        raise Invalid("That message is too long; keep it under 1,000 characters.")
    conversation = await get_conversation(session, user, conversation_id, lock=True)
    if conversation.status != "active":
        raise Conflict("This conversation has ended; start a new one.")
    turn = ConversationTurn(
        conversation_id=conversation.id,
        user_id=user.id,
        position=await next_position(session, conversation.id),
        role="learner",
        text=text,
        status="pending",
    )
    session.add(turn)
    await session.flush()
    _request_reply(session, turn, f"reply:{turn.id}")
    return LearnerTurnView(
        id=turn.id,
        role="learner",
        text=turn.text,
        status="pending",
        reply_to_id=None,
        corrections=[],
        new_words=[],
        level_estimate=None,
        tutor=None,
        error=None,
        created_at=turn.created_at,
    )


async def post_chat_message(
    session: AsyncSession, user: User, conversation_id: int, text: str, chat_id: int
) -> LearnerTurnView | None:
    """A message typed in a chat for the running conversation; None when it is not running
    (any more), so the text can go elsewhere. Replies go to the chat the learner wrote in."""
    conversation = await active_conversation(session, user)
    if conversation is None or conversation.id != conversation_id:
        return None
    conversation.chat_id = chat_id
    return await post_message(session, user, conversation.id, text)


async def retry_turn(
    session: AsyncSession, user: User, turn_id: int, conversation_id: int | None = None
) -> LearnerTurnView:
    """Ask again for a reply to a message whose reply failed; the message itself was kept."""
    turn = await own_learner_turn(session, user, turn_id, conversation_id, lock=True)
    if turn.status != "failed":
        raise Conflict("That message is not waiting for a retry.")
    turn.status = "pending"
    turn.error = None
    _request_reply(session, turn, f"reply:{turn.id}:retry:{int(utcnow().timestamp())}")
    await session.flush()
    return await learner_turn_view_of(session, turn)


async def end(session: AsyncSession, user: User, conversation_id: int) -> ConversationReport:
    """End the conversation and give its report (the same report when asked again)."""
    conversation = await get_conversation(session, user, conversation_id, lock=True)
    if conversation.status == "ended" and conversation.report is not None:
        return ConversationReport.model_validate(conversation.report)
    conversation.status = "ended"
    conversation.ended_at = utcnow()
    note_finished_session(session)
    if await answered_count(session, conversation.id) >= MESSAGES_FOR_FINISHING:
        await award(session, user.id, XpReason.CONVERSATION_FINISHED, conversation.id)
    result = await report(session, conversation)
    conversation.report = result.model_dump(mode="json")
    await session.flush()
    return result


async def end_running(session: AsyncSession, user: User) -> ConversationReport | None:
    """End whatever conversation is running (the bot's /end); None when there is none."""
    conversation = await active_conversation(session, user)
    return await end(session, user, conversation.id) if conversation else None
