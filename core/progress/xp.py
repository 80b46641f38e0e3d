"""XP: one ledger (`xp_ledger`), one table of amounts, one way to pay.

Every award is a row keyed by (learner, reason, source id); paying the same event again
(a retried job, a replayed webhook update, a double press) hits that key and pays nothing.

What pays, and the source id that makes it unique:

=======================  ====  ==============================================================
reason                   XP    source_id
=======================  ====  ==============================================================
review                   2     review_logs.id (every FSRS review, also one a quiz answer made)
grammar_answer           3     grammar_attempts.id
quiz_answer              2     study_sessions.id * 100 + question index, only when the answer
                               was practice (an answer that reviewed a card pays as `review`)
article_answer           1     study_sessions.id * 100 + question index (article drill)
conversation_message     5     conversation_turns.id of the learner's message
conversation_finished    20    conversations.id (a scene with at least 3 answered messages)
placement_finished       15    study_sessions.id of the placement test
review_undone            -2    review_logs.id of the undone review (takes its XP back; the
                               ledger is append-only, so closed days stay as they were)
=======================  ====  ==============================================================

A study session holds at most `SOURCE_SLOTS` questions, so session id * 100 + index never
collides between sessions. The daily goal (core.progress.goal) is counted in these XP.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    CursorResult,
    DateTime,
    Insert,
    Integer,
    String,
    false,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.achievement_checks import FOLLOWUP_DELAY, achievement_check
from core.clock import utcnow
from core.models import XpEntry
from core.outbox import Requested, request_coalesced
from core.ownership import mine


class XpReason(StrEnum):
    REVIEW = "review"
    GRAMMAR_ANSWER = "grammar_answer"
    QUIZ_ANSWER = "quiz_answer"
    ARTICLE_ANSWER = "article_answer"
    CONVERSATION_MESSAGE = "conversation_message"
    CONVERSATION_FINISHED = "conversation_finished"
    PLACEMENT_FINISHED = "placement_finished"
    REVIEW_UNDONE = "review_undone"


XP_AMOUNTS: dict[XpReason, int] = {
    XpReason.REVIEW: 2,
    XpReason.GRAMMAR_ANSWER: 3,
    XpReason.QUIZ_ANSWER: 2,
    XpReason.ARTICLE_ANSWER: 1,
    XpReason.CONVERSATION_MESSAGE: 5,
    XpReason.CONVERSATION_FINISHED: 20,
    XpReason.PLACEMENT_FINISHED: 15,
    XpReason.REVIEW_UNDONE: -2,
}

SOURCE_SLOTS = 100
"""Questions per study session at most, for the session id * 100 + index source ids."""


def question_source(study_session_id: int, index: int) -> int:
    """The source id of one answered question of a quiz or drill."""
    if not 0 <= index < SOURCE_SLOTS:
        raise ValueError(f"question index {index} outside 0..{SOURCE_SLOTS - 1}")
    return study_session_id * SOURCE_SLOTS + index


def award_statement(
    user_id: int, reason: XpReason, source_id: int, at: datetime | None = None
) -> Insert:
    """The INSERT that pays once (to run alone or to fold into a larger statement; whoever
    runs it without `award` calls `after_award`, or folds `award_followups` in)."""
    return (
        insert(XpEntry)
        .values(
            user_id=user_id,
            amount=XP_AMOUNTS[reason],
            reason=reason.value,
            source_id=source_id,
            created_at=at or utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["user_id", "reason", "source_id"])
    )


def award_for_returned(
    user_id: int | ColumnElement[int],
    reason: XpReason,
    source_id: ColumnElement[int],
    at: datetime | ColumnElement[datetime],
) -> Insert:
    """The paying INSERT for an id another statement returns (a CTE's column), so a review
    is logged and paid in one statement; the learner and the time may be bound parameters."""
    return (
        insert(XpEntry)
        .from_select(
            ["user_id", "amount", "reason", "source_id", "created_at"],
            select(
                user_id if isinstance(user_id, ColumnElement) else literal(user_id, BigInteger),
                literal(XP_AMOUNTS[reason], Integer),
                literal(reason.value, String),
                source_id,
                at if isinstance(at, ColumnElement) else literal(at, DateTime(timezone=True)),
            ),
        )
        .on_conflict_do_nothing(index_elements=["user_id", "reason", "source_id"])
    )


async def award(session: AsyncSession, user_id: int, reason: XpReason, source_id: int) -> None:
    """Pay the XP for one event; the same event again pays nothing."""
    paid = await session.execute(award_statement(user_id, reason, source_id))
    if not isinstance(paid, CursorResult) or paid.rowcount != 0:
        await after_award(session, user_id)


def award_followups(user_id: int) -> list[Requested]:
    """What follows paid XP once the transaction commits: the learner's league standing and
    boards (core.leagues) are recomputed from the ledger, and their achievements are checked
    (core.achievements)."""
    return [("refresh_league_standing", {"user_id": user_id}), achievement_check(user_id)]


async def after_award(session: AsyncSession, user_id: int) -> None:
    """Request `award_followups` coalesced: due FOLLOWUP_DELAY from now and sent by the relay,
    only while none is pending for the learner, so a run of answers asks once and no answer
    does work after its commit; one statement per transaction per learner at most. A review
    folds the same rows into its own statement instead (core.outbox.coalesced_requests)."""
    await request_coalesced(session, award_followups(user_id), FOLLOWUP_DELAY)


async def total_xp(session: AsyncSession, user_id: int) -> int:
    total = await session.scalar(
        select(func.coalesce(func.sum(XpEntry.amount), 0)).where(mine(XpEntry, user_id))
    )
    return int(total or 0)


async def xp_between(session: AsyncSession, user_id: int, start: datetime, end: datetime) -> int:
    total = await session.scalar(
        select(func.coalesce(func.sum(XpEntry.amount), 0)).where(
            mine(XpEntry, user_id), XpEntry.created_at >= start, XpEntry.created_at < end
        )
    )
    return int(total or 0)


async def xp_for_sources(
    session: AsyncSession, user_id: int, sources: dict[XpReason, list[int]]
) -> int:
    """The XP paid for these events (e.g. one conversation's messages and its finish)."""
    condition = or_(
        false(),
        *(
            (XpEntry.reason == reason.value) & XpEntry.source_id.in_(ids)
            for reason, ids in sources.items()
            if ids
        ),
    )
    total = await session.scalar(
        select(func.coalesce(func.sum(XpEntry.amount), 0)).where(mine(XpEntry, user_id), condition)
    )
    return int(total or 0)
