"""The numbers boards rank by, computed from PostgreSQL (the ledger, the cards).

Weekly XP ranks ties by who got there first: the Redis score packs both into one float,
XP × 2^20 plus the seconds left in the week at the learner's last award (a week has 604,800
seconds < 2^20), so Redis orders exactly as the final standing does and the XP reads back."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.leagues.weeks import week_end, week_start
from core.models import Card, User, XpEntry
from core.reviews.scheduling import Phase

TIE_SPAN = 2**20


@dataclass(frozen=True)
class WeeklyXp:
    xp: int
    last_award_at: datetime

    def score(self, week: date) -> float:
        """The Redis score: more XP first; at equal XP, the earlier last award first."""
        seconds_left = int((week_end(week) - self.last_award_at).total_seconds())
        return float(self.xp * TIE_SPAN + min(max(seconds_left, 0), TIE_SPAN - 1))


def standing_key(score: float, user_id: int) -> tuple[float, int]:
    """Sort key of a group's standing, live and final alike: score descending (more XP, then
    the earlier last award), and the rare exact tie by the older account."""
    return (-score, user_id)


def xp_of_score(score: float) -> int:
    return int(score) // TIE_SPAN


async def weekly_xp(
    session: AsyncSession,
    week: date,
    user_ids: Collection[int] | None = None,
    *,
    listed_only: bool = False,
) -> dict[int, WeeklyXp]:
    """XP earned in the week by these learners (everyone when None; only those in the
    leagues with `listed_only`), from the ledger; a learner with none is absent."""
    statement = (
        select(XpEntry.user_id, func.sum(XpEntry.amount), func.max(XpEntry.created_at))
        .where(XpEntry.created_at >= week_start(week), XpEntry.created_at < week_end(week))
        .group_by(XpEntry.user_id)
    )
    if user_ids is not None:
        statement = statement.where(XpEntry.user_id.in_(list(user_ids)))
    if listed_only:
        statement = statement.join(User, User.id == XpEntry.user_id).where(
            User.leagues_left_at.is_(None)
        )
    rows = await session.execute(statement)
    return {
        user_id: WeeklyXp(int(total), last) for user_id, total, last in rows if total and total > 0
    }


async def words_learned(
    session: AsyncSession, user_ids: Collection[int] | None = None, *, listed_only: bool = False
) -> dict[int, int]:
    """Words learned per learner: deck words with a card that graduated to FSRS's review
    phase (remembered across days), not suspended. Learners with none are absent."""
    statement = (
        select(Card.user_id, func.count(distinct(Card.deck_word_id)))
        .where(Card.phase == int(Phase.REVIEW), Card.suspended_at.is_(None))
        .group_by(Card.user_id)
    )
    if user_ids is not None:
        statement = statement.where(Card.user_id.in_(list(user_ids)))
    if listed_only:
        statement = statement.join(User, User.id == Card.user_id).where(
            User.leagues_left_at.is_(None)
        )
    rows = await session.execute(statement)
    return {user_id: int(count) for user_id, count in rows}
