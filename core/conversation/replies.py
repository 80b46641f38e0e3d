"""The reply runner: answer every waiting message of a conversation, oldest first.

claim → choose the tutor → converse → record. The Claude call happens outside any
transaction: each step opens its own short unit of work from the `Database` it is given.
What the learner is told goes out through the outbox: recording an answer (or a failure)
requests a `send_conversation_reply` job in the same transaction, so a recorded reply is
delivered even if this worker dies right after, and a failed delivery is retried alone.

Claude errors (429/529/timeouts) give the message back and raise `TutorUnavailable` for the
job to retry with the server's hint; on the last try the offline tutor answers, so a learner
always gets a reply. Past the daily AI allowance the offline tutor answers, with a note. A
bug marks the message failed (kept, retryable) and the learner is told so."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ai_quota import record_usage
from core.conversation.adaptation import level_note
from core.conversation.schemas import ReplyNotice
from core.conversation.turns import claim_next_turn, mark_failed, record_reply, release_turn
from core.conversation.usage import ai_turns_today
from core.conversation.views import learner_turn_view_of
from core.db import Database
from core.models import Conversation, ConversationTurn, User
from core.observability.logs import bind_learner
from core.outbox import request_job
from core.tutor.base import TurnContext, TurnOutcome, Tutor, TutorUnavailable
from core.tutor.offline import OfflineTutor

log = logging.getLogger(__name__)

MAX_TRIES = 4
LIMIT_NOTE = (
    "(You've used today's AI conversation turns; the offline tutor answers until tomorrow.)"
)
BUSY_NOTE = "(Claude is busy right now, so the offline tutor answered this one.)"
FAILED_ERROR = "The tutor could not answer this message."

EARLIER_NOTICES = 10
NoticeKind = Literal["answered", "failed"]
NOTICE_KINDS: tuple[NoticeKind, ...] = ("answered", "failed")

OnThinking = Callable[[int], Awaitable[None]]
"""Called with the chat id while the tutor works on a message (a "typing…" indicator)."""


@dataclass(frozen=True)
class _Claim:
    turn_id: int
    user_id: int
    chat_id: int | None
    context: TurnContext
    tutor: Tutor
    note: str


def _choose_tutor(conversation: Conversation, tutor: Tutor, over_limit: bool) -> tuple[Tutor, str]:
    """The tutor for this message and the note to add to its reply."""
    if conversation.mode != "auto" or tutor.name == "offline":
        return OfflineTutor(), ""
    if over_limit:
        return OfflineTutor(), LIMIT_NOTE
    return tutor, ""


async def _claim(
    session: AsyncSession, conversation_id: int, tutor: Tutor, ai_turns_per_day: int
) -> _Claim | None:
    claimed = await claim_next_turn(session, conversation_id)
    if claimed is None:
        return None
    conversation, turn, context = claimed
    bind_learner(conversation.user_id)
    user = await session.get(User, conversation.user_id)
    assert user is not None
    over_limit = await ai_turns_today(session, user) >= ai_turns_per_day
    chosen, note = _choose_tutor(conversation, tutor, over_limit)
    adapted = await level_note(session, conversation, context.sustained_level)
    note = "\n\n".join(n for n in (note, adapted) if n)
    return _Claim(turn.id, user.id, conversation.chat_id, context, chosen, note)


def notice_job_id(learner_turn_id: int, kind: NoticeKind) -> str:
    return f"conversation-reply:{learner_turn_id}:{kind}"


def _tell_learner(session: AsyncSession, claim: _Claim, kind: NoticeKind) -> None:
    if claim.chat_id is not None:
        request_job(
            session,
            "send_conversation_reply",
            job_id=notice_job_id(claim.turn_id, kind),
            turn_id=claim.turn_id,
        )


async def _record(db: Database, claim: _Claim, outcome: TurnOutcome, note: str) -> bool:
    if note:
        outcome.reply = outcome.reply.model_copy(
            update={"reply": f"{outcome.reply.reply}\n\n{note}"}
        )
    async with db.unit_of_work() as session:
        recorded = await record_reply(session, claim.turn_id, outcome)
        if recorded is not None:
            _tell_learner(session, claim, "answered")
    return recorded is not None


async def _when_busy(
    db: Database, conversation_id: int, claim: _Claim, exc: TutorUnavailable, attempt: int
) -> TurnOutcome | None:
    """Claude is busy: give the message back for a later try, or on the last try let the
    offline tutor answer (None when another worker took the message meanwhile)."""
    async with db.unit_of_work() as session:
        await record_usage(session, claim.user_id, claim.turn_id, exc.usage)
        await release_turn(session, claim.turn_id)
    if attempt < MAX_TRIES:
        raise exc
    async with db.unit_of_work() as session:
        if await claim_next_turn(session, conversation_id) is None:
            return None
    return await OfflineTutor().converse(claim.context)


async def answer_waiting_messages(
    db: Database,
    conversation_id: int,
    tutor: Tutor,
    *,
    ai_turns_per_day: int,
    attempt: int = 1,
    on_thinking: OnThinking | None = None,
) -> int:
    """Answer every waiting message, oldest first; returns how many were answered. Raises
    `TutorUnavailable` (the message given back) when the job should try again later."""
    answered = 0
    while True:
        async with db.unit_of_work() as session:
            claim = await _claim(session, conversation_id, tutor, ai_turns_per_day)
        if claim is None:
            return answered
        if claim.chat_id is not None and on_thinking is not None:
            await on_thinking(claim.chat_id)
        note = claim.note
        try:
            outcome = await claim.tutor.converse(claim.context)
        except TutorUnavailable as exc:
            fallback = await _when_busy(db, conversation_id, claim, exc, attempt)
            if fallback is None:
                return answered
            outcome, note = fallback, BUSY_NOTE
        except Exception:
            log.exception("tutor failed on turn %s", claim.turn_id)
            async with db.unit_of_work() as session:
                if await mark_failed(session, claim.turn_id, FAILED_ERROR) is not None:
                    _tell_learner(session, claim, "failed")
            return answered
        if await _record(db, claim, outcome, note):
            answered += 1


async def reply_notice(session: AsyncSession, learner_turn_id: int) -> ReplyNotice | None:
    """What to send about a learner's message now: its answer or its failure; None when it
    has neither (a retry is under way) or the conversation has no chat."""
    turn = await session.get(ConversationTurn, learner_turn_id)
    if turn is None or turn.status not in NOTICE_KINDS:
        return None
    conversation = await session.get(Conversation, turn.conversation_id)
    if conversation is None or conversation.chat_id is None:
        return None
    bind_learner(conversation.user_id)
    earlier = await session.scalars(
        select(ConversationTurn.id)
        .where(
            ConversationTurn.conversation_id == turn.conversation_id,
            ConversationTurn.role == "learner",
            ConversationTurn.position < turn.position,
            ConversationTurn.status.in_(NOTICE_KINDS),
        )
        .order_by(ConversationTurn.position.desc())
        .limit(EARLIER_NOTICES)
    )
    return ReplyNotice(
        chat_id=conversation.chat_id,
        kind="answered" if turn.status == "answered" else "failed",
        turn=await learner_turn_view_of(session, turn),
        earlier_turn_ids=list(earlier),
    )
