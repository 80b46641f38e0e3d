"""Every achievement with the learner's progress toward it: the API list and /achievements."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.achievements.criteria import CRITERION_KINDS, UNITS, parameters, progress_sql
from core.achievements.schemas import AchievementProgress
from core.clock import utcnow
from core.errors import Invalid
from core.models import Achievement, LearnerAchievement, User
from core.ownership import mine

CATEGORY_ORDER = ("conversation", "vocabulary", "grammar", "streaks", "consistency")
"""How the content's categories are listed; a category not named here comes after them."""

_PROGRESS = text(f"{progress_sql('users u')}\nWHERE u.id = :user_id")


async def progress_values(
    session: AsyncSession, user_id: int, now: datetime | None = None
) -> dict[str, int]:
    """The learner's current value of every criterion kind."""
    now = now or utcnow()
    row = (await session.execute(_PROGRESS, {"user_id": user_id, **parameters(now)})).one()
    return {kind: int(getattr(row, kind)) for kind in CRITERION_KINDS}


def _category_rank(category: str) -> int:
    return CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else len(CATEGORY_ORDER)


async def achievement_board(
    session: AsyncSession, user: User, *, category: str | None = None
) -> list[AchievementProgress]:
    """Every achievement in the content (retired ones only when unlocked), by category, then
    kind and threshold, with the learner's progress and when it was unlocked."""
    statement = (
        select(Achievement, LearnerAchievement.unlocked_at)
        .outerjoin(
            LearnerAchievement,
            and_(
                LearnerAchievement.achievement_id == Achievement.id,
                mine(LearnerAchievement, user),
            ),
        )
        .where(Achievement.retired_at.is_(None) | LearnerAchievement.id.is_not(None))
    )
    if category is not None:
        statement = statement.where(Achievement.category == category)
    rows = (await session.execute(statement)).all()
    if category is not None and not rows:
        known = await session.scalars(
            select(Achievement.category).where(Achievement.retired_at.is_(None)).distinct()
        )
        raise Invalid(
            f"There is no achievement category {category!r}; "
            f"the categories are {', '.join(sorted(known))}."
        )
    values = await progress_values(session, user.id)
    board = [
        AchievementProgress(
            slug=a.slug,
            name=a.name,
            description=a.description,
            tier=a.tier,
            category=a.category,
            criterion_kind=a.criterion_kind,
            threshold=a.threshold,
            progress=values.get(a.criterion_kind, 0),
            unit=UNITS.get(a.criterion_kind, ""),
            unlocked_at=unlocked_at,
        )
        for a, unlocked_at in rows
    ]
    order: dict[str, int] = {kind: i for i, kind in enumerate(CRITERION_KINDS)}
    board.sort(
        key=lambda p: (
            _category_rank(p.category),
            p.category,
            order.get(p.criterion_kind, len(order)),
            p.threshold,
            p.slug,
        )
    )
    return board
