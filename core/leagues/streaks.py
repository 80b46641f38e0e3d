"""Current streaks for the streak board, from core.progress (the one streak engine).

The board ranks by `streak_state(...).current`: the run of closed local days, as the
`streaks` row keeps it (core.progress.closing updates it when a learner's day ends). A whole
board reads those rows in one query; one learner reads them through `streak_state`."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import Streak, User
from core.progress.streaks import streak_state


async def current_streaks(
    session: AsyncSession, user_ids: Collection[int] | None, *, listed_only: bool = False
) -> dict[int, int]:
    """Current streak per learner (learners with none are absent)."""
    if user_ids is not None and len(user_ids) == 1 and not listed_only:
        (user_id,) = user_ids
        current = (await streak_state(session, user_id)).current
        return {user_id: current} if current > 0 else {}
    statement = select(Streak.user_id, Streak.current).where(Streak.current > 0)
    if user_ids is not None:
        statement = statement.where(Streak.user_id.in_(list(user_ids)))
    if listed_only:
        statement = statement.join(User, User.id == Streak.user_id).where(
            User.leagues_left_at.is_(None)
        )
    rows = await session.execute(statement)
    return {user_id: current for user_id, current in rows}
