"""The daily safety net: every learner active in the last days is evaluated again, so an
unlock whose check job was lost (or whose criterion changed without an activity, e.g. cards
maturing) is caught within a day. Batches of learners, each batch in one transaction: one
statement finds the batch (keyset on the user id), one evaluates all of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from core.achievements.evaluation import evaluate_learners
from core.db import Database

ACTIVE_WITHIN = timedelta(days=2)
BATCH_SIZE = 500

# Active: XP earned, or a word added (which earns none), since `since`. Each learner is one
# probe into the (user_id, created_at) index of the ledger, then of the deck if needed.
_ACTIVE_LEARNERS = text(
    """
SELECT u.id FROM users u
WHERE u.id > :after
  AND (EXISTS (SELECT 1 FROM xp_ledger x WHERE x.user_id = u.id AND x.created_at >= :since)
       OR EXISTS (SELECT 1 FROM deck_words w WHERE w.user_id = u.id AND w.created_at >= :since))
ORDER BY u.id
LIMIT :batch_size
"""
)


@dataclass
class SafetyNetReport:
    learners: int = 0
    batches: int = 0
    unlocked: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"learners": self.learners, "batches": self.batches, "unlocked": self.unlocked}


async def active_learner_ids(
    session: AsyncSession, since: datetime, after: int, batch_size: int
) -> list[int]:
    rows = await session.scalars(
        _ACTIVE_LEARNERS, {"after": after, "since": since, "batch_size": batch_size}
    )
    return list(rows)


async def run_safety_net(
    db: Database,
    now: datetime,
    *,
    batch_size: int = BATCH_SIZE,
    active_within: timedelta = ACTIVE_WITHIN,
) -> SafetyNetReport:
    report, after = SafetyNetReport(), 0
    while True:
        async with db.unit_of_work() as session:
            ids = await active_learner_ids(session, now - active_within, after, batch_size)
            if not ids:
                return report
            unlocks = await evaluate_learners(session, ids, now)
        report.learners += len(ids)
        report.batches += 1
        report.unlocked += len(unlocks)
        after = ids[-1]
