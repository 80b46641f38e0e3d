"""Streaks by the learner's local day, as a pure function over closed days.

A closed day (core.progress.closing writes them) is one of:

- **met**: the day's XP reached the goal; the streak grows by one. Every 7th day of a run
  earns a freeze (at most `MAX_FREEZES` held).
- **skipped**: the goal was not met but nothing was due (no review card, no grammar topic):
  the streak neither grows nor breaks.
- **frozen**: the goal was not met, something was due, and a held freeze covered the day:
  the streak stays as it was, one freeze fewer.
- **broken**: as frozen, but no freeze was held: the streak starts again from 0.

`replay` folds `advance` over a learner's days; the stored `streaks` row is always what
replaying the stored days gives (`recompute` checks it from the ledger's XP).
`current` counts closed days only; today joins it once its goal is met (core.progress.views).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import ProgressDay, Streak
from core.ownership import mine
from core.progress.xp import xp_between

FREEZE_EVERY = 7
"""A freeze is earned on every 7th met day of a run (7, 14, 21...)."""
MAX_FREEZES = 2


class Outcome(StrEnum):
    MET = "met"
    SKIPPED = "skipped"
    FROZEN = "frozen"
    BROKEN = "broken"


@dataclass(frozen=True)
class StreakState:
    current: int = 0
    longest: int = 0
    freezes: int = 0


@dataclass(frozen=True)
class DayFacts:
    """What decides a day's outcome."""

    goal_met: bool
    anything_due: bool


def advance(state: StreakState, day: DayFacts) -> tuple[StreakState, Outcome]:
    """The streak after one more closed day, and what that day was."""
    if day.goal_met:
        current = state.current + 1
        earned = 1 if current % FREEZE_EVERY == 0 else 0
        return (
            StreakState(
                current=current,
                longest=max(state.longest, current),
                freezes=min(MAX_FREEZES, state.freezes + earned),
            ),
            Outcome.MET,
        )
    if not day.anything_due:
        return state, Outcome.SKIPPED
    if state.current > 0 and state.freezes > 0:
        return replace(state, freezes=state.freezes - 1), Outcome.FROZEN
    return replace(state, current=0), Outcome.BROKEN


def replay(days: Iterable[DayFacts], start: StreakState | None = None) -> StreakState:
    state = start or StreakState()
    for day in days:
        state, _ = advance(state, day)
    return state


async def streak_state(session: AsyncSession, user_id: int) -> StreakState:
    """The learner's streak over closed days (zeros before the first day closes)."""
    row = await session.scalar(select(Streak).where(mine(Streak, user_id)))
    if row is None:
        return StreakState()
    return StreakState(current=row.current, longest=row.longest, freezes=row.freezes)


async def closed_days(session: AsyncSession, user_id: int) -> list[ProgressDay]:
    rows = await session.scalars(
        select(ProgressDay).where(mine(ProgressDay, user_id)).order_by(ProgressDay.local_on)
    )
    return list(rows)


async def recompute(session: AsyncSession, user_id: int) -> StreakState:
    """The streak from scratch: each closed day's XP summed again from the ledger over the
    day's bounds, compared with its goal, and the days replayed."""
    facts = []
    for day in await closed_days(session, user_id):
        xp = await xp_between(session, user_id, day.starts_at, day.ends_at)
        facts.append(DayFacts(goal_met=xp >= day.goal, anything_due=day.anything_due))
    return replay(facts)


def first_open_day(through_on: date | None, created_on: date, today: date) -> date:
    """Where a learner's days start: the day after the last closed one, or for a learner
    without days yet, the day they joined but no earlier than yesterday (days before the
    streak existed are not judged)."""
    if through_on is not None:
        return date.fromordinal(through_on.toordinal() + 1)
    return max(created_on, date.fromordinal(today.toordinal() - 1))
