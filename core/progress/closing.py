"""Closing learners' local days: the worker's cron that writes `progress_days` and moves the
streak (applying a freeze where a day was missed), for every learner whose day has ended.

Each learner's days are a chain: a day starts where the one before ended and ends at the
next local midnight in the learner's zone at closing time (never before it started). So a
learner who moves west gets one longer day, one who moves east may get an empty day (which
is skipped), and DST days are 23 or 25 hours: nothing is counted twice, no day breaks a
streak because the clock moved.

Set-based, one transaction per batch of learners (locked with SKIP LOCKED, so two workers
running the cron at once close each day once; the primary key (user_id, local_on) would
refuse a second copy anyway): a handful of statements per batch, whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, cast, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import local_day_start, local_today
from core.db import Database
from core.models import ProgressDay, Streak, User
from core.outbox import request_job
from core.progress.streaks import DayFacts, Outcome, StreakState, advance

DEFAULT_BATCH_SIZE = 1000
MAX_DAYS_PER_RUN = 400
"""A learner's days closed in one run at most (a worker down for more than a year catches up
over several runs)."""


@dataclass
class ClosingReport:
    learners: int = 0
    days: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: {o.value: 0 for o in Outcome})

    def as_dict(self) -> dict[str, int]:
        return {"learners": self.learners, "days": self.days, **self.outcomes}


@dataclass(frozen=True)
class _Window:
    user_id: int
    local_on: date
    starts_at: datetime
    ends_at: datetime


_START_STREAKS = text(
    """
    INSERT INTO streaks (user_id, current, longest, freezes, through_on, through_ends_at)
    SELECT u.id, 0, 0, 0, d.today - 2, ((d.today - 1)::timestamp AT TIME ZONE u.time_zone)
    FROM users u
    CROSS JOIN LATERAL (
        SELECT (CAST(:now AS timestamptz) AT TIME ZONE u.time_zone)::date AS today
    ) d
    WHERE NOT EXISTS (SELECT 1 FROM streaks s WHERE s.user_id = u.id)
    ON CONFLICT (user_id) DO NOTHING
    """
)

_XP_BY_WINDOW = text(
    """
    SELECT w.user_id, w.local_on, COALESCE(SUM(x.amount), 0) AS xp
    FROM unnest(CAST(:users AS bigint[]), CAST(:days AS date[]),
                CAST(:starts AS timestamptz[]), CAST(:ends AS timestamptz[]))
         AS w(user_id, local_on, starts_at, ends_at)
    LEFT JOIN xp_ledger x
           ON x.user_id = w.user_id AND x.created_at >= w.starts_at AND x.created_at < w.ends_at
    GROUP BY w.user_id, w.local_on
    """
)

# Something was due on a day when a review card or a grammar topic fell due before the day
# ended and had not been reviewed before it began (still due now, or reviewed since then:
# the review log keeps the due time the card had).
_DUE_BY_WINDOW = text(
    """
    SELECT w.user_id, w.local_on,
           w.ends_at > w.starts_at AND (
             EXISTS (SELECT 1 FROM cards c
                     WHERE c.user_id = w.user_id AND c.suspended_at IS NULL
                       AND c.phase <> 0 AND c.due_at < w.ends_at)
             OR EXISTS (SELECT 1 FROM review_logs r
                        WHERE r.user_id = w.user_id AND r.reviewed_at >= w.starts_at
                          AND (r.memory_before ->> 'phase')::int <> 0
                          AND (r.memory_before ->> 'due_at')::timestamptz < w.ends_at)
             OR EXISTS (SELECT 1 FROM grammar_mastery g
                        JOIN grammar_topics t ON t.id = g.topic_id
                        WHERE g.user_id = w.user_id AND t.retired_at IS NULL
                          AND (g.due_at < w.ends_at OR g.last_review_at >= w.starts_at))
           ) AS anything_due
    FROM unnest(CAST(:users AS bigint[]), CAST(:days AS date[]),
                CAST(:starts AS timestamptz[]), CAST(:ends AS timestamptz[]))
         AS w(user_id, local_on, starts_at, ends_at)
    """
)


async def start_streaks(session: AsyncSession, now: datetime) -> None:
    """A streak row for every learner without one, its first open day being yesterday (days
    before the streak existed are not judged)."""
    await session.execute(_START_STREAKS, {"now": now})


def windows_of(row: Streak, time_zone: str, now: datetime) -> list[_Window]:
    """The learner's ended days not closed yet, each starting where the one before ended."""
    last = local_today(time_zone, now) - timedelta(days=1)
    windows: list[_Window] = []
    day, starts_at = row.through_on, row.through_ends_at
    while day < last and len(windows) < MAX_DAYS_PER_RUN:
        day += timedelta(days=1)
        ends_at = max(starts_at, local_day_start(time_zone, day + timedelta(days=1)))
        windows.append(_Window(row.user_id, day, starts_at, ends_at))
        starts_at = ends_at
    return windows


def _arrays(windows: list[_Window]) -> dict[str, Any]:
    return {
        "users": [w.user_id for w in windows],
        "days": [w.local_on for w in windows],
        "starts": [w.starts_at for w in windows],
        "ends": [w.ends_at for w in windows],
    }


async def close_batch(
    session: AsyncSession, now: datetime, report: ClosingReport, *, after: int, limit: int
) -> tuple[int, int]:
    """Close the ended days of up to `limit` learners with ids above `after`; returns how many
    learners were looked at and the last id (the next batch starts above it)."""
    local_now = func.timezone(User.time_zone, now)
    rows = (
        await session.execute(
            select(Streak, User.time_zone, User.daily_goal)
            .join(User, User.id == Streak.user_id)
            .where(
                Streak.user_id > after,
                Streak.through_on < cast(local_now, Date) - 1,
            )
            .order_by(Streak.user_id)
            .limit(limit)
            .with_for_update(of=Streak, skip_locked=True)
        )
    ).all()
    if not rows:
        return 0, after
    windows: list[_Window] = []
    for streak, time_zone, _ in rows:
        windows.extend(windows_of(streak, time_zone, now))
    if windows:
        arrays = _arrays(windows)
        xp = {(u, d): int(v) for u, d, v in (await session.execute(_XP_BY_WINDOW, arrays)).all()}
        due = {(u, d): bool(v) for u, d, v in (await session.execute(_DUE_BY_WINDOW, arrays))}
        by_user: dict[int, list[_Window]] = {}
        for window in windows:
            by_user.setdefault(window.user_id, []).append(window)
        days: list[dict[str, Any]] = []
        streaks: list[dict[str, Any]] = []
        for streak, time_zone, goal in rows:
            mine = by_user.get(streak.user_id, [])
            if not mine:
                continue
            state = StreakState(streak.current, streak.longest, streak.freezes)
            frozen_on: date | None = None
            for window in mine:
                key = (window.user_id, window.local_on)
                facts = DayFacts(goal_met=xp[key] >= goal, anything_due=due[key])
                state, outcome = advance(state, facts)
                report.outcomes[outcome.value] += 1
                if outcome is Outcome.FROZEN:
                    frozen_on = window.local_on
                days.append(
                    {
                        "user_id": window.user_id,
                        "local_on": window.local_on,
                        "time_zone": time_zone,
                        "starts_at": window.starts_at,
                        "ends_at": window.ends_at,
                        "xp": xp[key],
                        "goal": goal,
                        "goal_met": facts.goal_met,
                        "anything_due": facts.anything_due,
                        "outcome": outcome.value,
                        "streak_after": state.current,
                        "freezes_after": state.freezes,
                    }
                )
            streaks.append(
                {
                    "user_id": streak.user_id,
                    "current": state.current,
                    "longest": state.longest,
                    "freezes": state.freezes,
                    "through_on": mine[-1].local_on,
                    "through_ends_at": mine[-1].ends_at,
                }
            )
            if frozen_on is not None:
                # Told once per learner and run: after a long outage, the latest save only.
                request_job(
                    session,
                    "send_freeze_notice",
                    job_id=f"freeze:{streak.user_id}:{frozen_on.isoformat()}",
                    user_id=streak.user_id,
                    local_on=frozen_on.isoformat(),
                )
        await session.execute(insert(ProgressDay), days)
        await session.execute(update(Streak), streaks)
        report.days += len(days)
        report.learners += len(streaks)
    return len(rows), rows[-1][0].user_id


@dataclass(frozen=True)
class FreezeNotice:
    chat_id: int
    streak: int


async def freeze_notice(session: AsyncSession, user_id: int, local_on: date) -> FreezeNotice | None:
    """What to tell the learner about the freeze that covered `local_on` (None without a chat
    or when no freeze covered it)."""
    row = (
        await session.execute(
            select(ProgressDay.streak_after, User.telegram_chat_id)
            .join(User, User.id == ProgressDay.user_id)
            .where(
                ProgressDay.user_id == user_id,
                ProgressDay.local_on == local_on,
                ProgressDay.outcome == Outcome.FROZEN.value,
            )
        )
    ).one_or_none()
    if row is None or row.telegram_chat_id is None:
        return None
    return FreezeNotice(chat_id=row.telegram_chat_id, streak=row.streak_after)


async def close_ended_days(
    db: Database, now: datetime, *, batch_size: int = DEFAULT_BATCH_SIZE
) -> ClosingReport:
    """The cron: every learner's ended local days closed, one transaction per batch."""
    report = ClosingReport()
    async with db.unit_of_work() as session:
        await start_streaks(session, now)
    after = 0
    while True:
        async with db.unit_of_work() as session:
            seen, after = await close_batch(session, now, report, after=after, limit=batch_size)
        if seen < batch_size:
            return report
