"""One way to read a learner's rows.

Every learner-owned table has a `user_id`. Queries for a learner start from
`owned(Model, user)` (or add `mine(Model, user)` to a statement that selects columns or counts),
and a single row by id comes from `get_owned`, which answers another learner's id exactly like
an id that does not exist: NotFound, never Forbidden, so ids of others are not even confirmed.
tests/api/test_ownership_walk.py checks every per-learner route of the API this way."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound
from core.models import (
    AiUsage,
    Card,
    Conversation,
    ConversationTurn,
    DeckImport,
    DeckWord,
    DeletedDeckWord,
    ExerciseGeneration,
    GrammarAttempt,
    GrammarMastery,
    LeagueMembership,
    LearnerAchievement,
    LearnerError,
    LearnerScene,
    LinkCode,
    ProgressDay,
    RefreshToken,
    ReminderDelivery,
    ReviewLog,
    Streak,
    StudySession,
    User,
    WordList,
    XpEntry,
)

Row = TypeVar(
    "Row",
    AiUsage,
    Card,
    Conversation,
    ConversationTurn,
    DeckImport,
    DeckWord,
    DeletedDeckWord,
    ExerciseGeneration,
    GrammarAttempt,
    GrammarMastery,
    LearnerAchievement,
    LeagueMembership,
    LearnerError,
    LearnerScene,
    LinkCode,
    RefreshToken,
    ReminderDelivery,
    ReviewLog,
    StudySession,
    WordList,
    XpEntry,
)
"""The learner-owned tables with their own id: each has a `user_id`, and is read for a
learner only from here."""

Owned = TypeVar(
    "Owned",
    AiUsage,
    Card,
    Conversation,
    ConversationTurn,
    DeckImport,
    DeckWord,
    DeletedDeckWord,
    ExerciseGeneration,
    GrammarAttempt,
    GrammarMastery,
    LearnerAchievement,
    LeagueMembership,
    LearnerError,
    LearnerScene,
    LinkCode,
    ProgressDay,
    RefreshToken,
    ReminderDelivery,
    ReviewLog,
    Streak,
    StudySession,
    WordList,
    XpEntry,
)
"""Every learner-owned table: the ones above and those keyed by the learner (and a day)."""


def mine(model: type[Owned], user: User | int) -> ColumnElement[bool]:
    """The condition that keeps a query to this learner's rows (a job may pass the id)."""
    return model.user_id == (user if isinstance(user, int) else user.id)


def owned(model: type[Owned], user: User) -> Select[Owned]:
    """SELECT of this learner's rows of `model`, to narrow further."""
    return select(model).where(mine(model, user))


async def get_owned(
    session: AsyncSession,
    model: type[Row],
    row_id: int,
    user: User,
    *,
    missing: str,
    lock: bool = False,
) -> Row:
    """The learner's row with this id; `missing` is the message when there is none for them."""
    statement = owned(model, user).where(model.id == row_id)
    if lock:
        statement = statement.with_for_update()
    row = await session.scalar(statement)
    if row is None:
        raise NotFound(missing)
    return row
