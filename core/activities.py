"""Which running activity a learner's typed text belongs to.

Every activity that waits for text is a row that is active from its start to its end: a
study session of a text-taking kind (a review run; grammar drills later) or a conversation.
Starting one registers it, finishing or abandoning it unregisters it, so nothing else has
to be kept in step. The most recently started activity gets the text first; when it ends,
the one before it gets text again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import Conversation, StudySession, User
from core.ownership import mine
from core.study.kinds import KINDS, StudyKindName

ActivityKind = StudyKindName | Literal["conversation"]

TEXT_STUDY_KINDS: tuple[StudyKindName, ...] = tuple(
    kind.name for kind in KINDS.values() if kind.takes_text
)
"""Study-session kinds that may take a typed answer."""


@dataclass(frozen=True)
class WaitingActivity:
    kind: ActivityKind
    id: int
    started_at: datetime


async def waiting_for_text(session: AsyncSession, user: User) -> list[WaitingActivity]:
    """The learner's running activities that may take text, most recently started first."""
    studies = select(
        StudySession.kind.label("kind"),
        StudySession.id.label("id"),
        StudySession.created_at.label("started_at"),
    ).where(
        mine(StudySession, user),
        StudySession.status == "active",
        StudySession.kind.in_(TEXT_STUDY_KINDS),
    )
    conversations = select(
        literal("conversation").label("kind"),
        Conversation.id.label("id"),
        Conversation.created_at.label("started_at"),
    ).where(mine(Conversation, user), Conversation.status == "active")
    rows = union_all(studies, conversations).subquery()
    result = await session.execute(
        select(rows.c.kind, rows.c.id, rows.c.started_at).order_by(
            rows.c.started_at.desc(), rows.c.id.desc()
        )
    )
    return [WaitingActivity(kind, id_, started_at) for kind, id_, started_at in result.all()]
