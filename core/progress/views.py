"""What the learner reads about their progress (GET /api/v1/progress, the bot's /streak)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.models import ProgressDay, User
from core.ownership import mine
from core.progress.goal import GoalProgress, goal_today
from core.progress.streaks import streak_state
from core.progress.xp import total_xp

DAYS_SHOWN = 7


class DayView(BaseModel):
    local_on: date
    xp: int
    goal: int
    outcome: Literal["met", "skipped", "frozen", "broken", "today", "not_counted"] = Field(
        description=(
            "met/skipped/frozen/broken for a closed day; `today` for today (still open); "
            "`not_counted` for a day before the streak started counting or not closed yet."
        )
    )


class StreakView(BaseModel):
    current: int = Field(description="Days in a row with the goal met, today included once met.")
    longest: int
    freezes: int = Field(description="Freezes held (at most 2); one covers a missed day.")


class ProgressView(BaseModel):
    xp_today: int
    goal: int = Field(description="The daily goal in XP.")
    goal_met: bool
    total_xp: int
    streak: StreakView
    last_days: list[DayView] = Field(description="The last 7 local days, oldest first.")

    @property
    def goal_progress(self) -> GoalProgress:
        return GoalProgress(self.xp_today, self.goal, self.goal_met, self.last_days[-1].local_on)


async def progress_view(
    session: AsyncSession, user: User, now: datetime | None = None
) -> ProgressView:
    now = now or utcnow()
    goal = await goal_today(session, user, now)
    stored = await streak_state(session, user.id)
    first = goal.local_on - timedelta(days=DAYS_SHOWN - 1)
    closed = {
        day.local_on: day
        for day in await session.scalars(
            select(ProgressDay).where(
                mine(ProgressDay, user.id),
                ProgressDay.local_on >= first,
                ProgressDay.local_on < goal.local_on,
            )
        )
    }
    days = []
    for offset in range(DAYS_SHOWN - 1):
        on = first + timedelta(days=offset)
        row = closed.get(on)
        if row is None:
            days.append(DayView(local_on=on, xp=0, goal=user.daily_goal, outcome="not_counted"))
        else:
            days.append(DayView(local_on=on, xp=row.xp, goal=row.goal, outcome=row.outcome))
    days.append(DayView(local_on=goal.local_on, xp=goal.xp_today, goal=goal.goal, outcome="today"))
    current = stored.current + (1 if goal.met else 0)
    return ProgressView(
        xp_today=goal.xp_today,
        goal=goal.goal,
        goal_met=goal.met,
        total_xp=await total_xp(session, user.id),
        streak=StreakView(
            current=current, longest=max(stored.longest, current), freezes=stored.freezes
        ),
        last_days=days,
    )
