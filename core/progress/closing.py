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
from typing import Any, Protocol

from sqlalchemy import Date, cast, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import local_day_start, local_today, utcnow
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

# Something was due on a day when a review card fell due before the day ended and had not
# been reviewed before it began (still due now, or reviewed since then: the review log keeps
# the due time the card had), or a grammar topic is still due from before the day's end. A
# topic practised that day has no such record (its schedule keeps only the latest state), so
# it counts as not due: the rule errs towards skipping a day, never towards breaking one.
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
                          AND g.due_at < w.ends_at)
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


class _Learner(Protocol):
    user_id: int
    current: int
    longest: int
    freezes: int
    through_on: date
    through_ends_at: datetime
    time_zone: str
    daily_goal: int


def windows_of(learner: _Learner, now: datetime) -> list[_Window]:
    """The learner's ended days not closed yet, each starting where the one before ended."""
    zone = learner.time_zone
    last = local_today(zone, now) - timedelta(days=1)
    windows: list[_Window] = []
    day, starts_at = learner.through_on, learner.through_ends_at
    while day < last and len(windows) < MAX_DAYS_PER_RUN:
        day += timedelta(days=1)
        ends_at = max(starts_at, local_day_start(zone, day + timedelta(days=1)))
        windows.append(_Window(learner.user_id, day, starts_at, ends_at))
        starts_at = ends_at
    return windows


def _arrays(windows: list[_Window]) -> dict[str, Any]:
    return {
        "users": [w.user_id for w in windows],
        "days": [w.local_on for w in windows],
        "starts": [w.starts_at for w in windows],
        "ends": [w.ends_at for w in windows],
    }


_INSERT_DAYS = text(
    """
    INSERT INTO progress_days (user_id, local_on, time_zone, starts_at, ends_at, xp, goal,
                               goal_met, anything_due, outcome, streak_after, freezes_after)
    SELECT * FROM unnest(CAST(:users AS bigint[]), CAST(:days AS date[]),
                         CAST(:zones AS varchar[]), CAST(:starts AS timestamptz[]),
                         CAST(:ends AS timestamptz[]), CAST(:xp AS integer[]),
                         CAST(:goals AS integer[]), CAST(:met AS boolean[]),
                         CAST(:due AS boolean[]), CAST(:outcomes AS varchar[]),
                         CAST(:streaks AS integer[]), CAST(:freezes AS integer[]))
    """
)

_UPDATE_STREAKS = text(
    """
    UPDATE streaks AS s
    SET current = n.current, longest = n.longest, freezes = n.freezes,
        through_on = n.through_on, through_ends_at = n.through_ends_at, updated_at = :now
    FROM unnest(CAST(:users AS bigint[]), CAST(:currents AS integer[]),
                CAST(:longests AS integer[]), CAST(:freezes AS integer[]),
                CAST(:days AS date[]), CAST(:ends AS timestamptz[]))
         AS n(user_id, current, longest, freezes, through_on, through_ends_at)
    WHERE s.user_id = n.user_id
    """
)


_DAY_COLUMNS = (
    "users",
    "days",
    "zones",
    "starts",
    "ends",
    "xp",
    "goals",
    "met",
    "due",
    "outcomes",
    "streaks",
    "freezes",
)


async def close_batch(
    session: AsyncSession, now: datetime, report: ClosingReport, *, after: int, limit: int
) -> tuple[int, int]:
    """Close the ended days of up to `limit` learners with ids above `after`; returns how many
    learners were looked at and the last id (the next batch starts above it). Six statements
    whatever the batch size: the learners (locked), the XP and what was due per day, the days
    written, the streaks updated (plus the outbox rows of any freeze notices)."""
    local_now = func.timezone(User.time_zone, now)
    learners: list[_Learner] = list(
        (
            await session.execute(
                select(
                    Streak.user_id,
                    Streak.current,
                    Streak.longest,
                    Streak.freezes,
                    Streak.through_on,
                    Streak.through_ends_at,
                    User.time_zone,
                    User.daily_goal,
                )
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
    )
    if not learners:
        return 0, after
    windows = [window for learner in learners for window in windows_of(learner, now)]
    if windows:
        await _close(session, now, report, learners, windows)
    return len(learners), learners[-1].user_id


async def _close(
    session: AsyncSession,
    now: datetime,
    report: ClosingReport,
    learners: list[_Learner],
    windows: list[_Window],
) -> None:
    arrays = _arrays(windows)
    xp = {(u, d): int(v) for u, d, v in (await session.execute(_XP_BY_WINDOW, arrays)).all()}
    due = {(u, d): bool(v) for u, d, v in (await session.execute(_DUE_BY_WINDOW, arrays))}
    by_user: dict[int, list[_Window]] = {}
    for window in windows:
        by_user.setdefault(window.user_id, []).append(window)
    days: dict[str, list[Any]] = {key: [] for key in _DAY_COLUMNS}
    streaks: dict[str, list[Any]] = {
        key: [] for key in ("users", "currents", "longests", "freezes", "days", "ends")
    }
    for learner in learners:
        mine = by_user.get(learner.user_id)
        if not mine:
            continue
        state = StreakState(learner.current, learner.longest, learner.freezes)
        frozen_on: date | None = None
        for window in mine:
            key = (window.user_id, window.local_on)
            facts = DayFacts(goal_met=xp[key] >= learner.daily_goal, anything_due=due[key])
            state, outcome = advance(state, facts)
            report.outcomes[outcome.value] += 1
            if outcome is Outcome.FROZEN:
                frozen_on = window.local_on
            for name, value in (
                ("users", window.user_id),
                ("days", window.local_on),
                ("zones", learner.time_zone),
                ("starts", window.starts_at),
                ("ends", window.ends_at),
                ("xp", xp[key]),
                ("goals", learner.daily_goal),
                ("met", facts.goal_met),
                ("due", facts.anything_due),
                ("outcomes", outcome.value),
                ("streaks", state.current),
                ("freezes", state.freezes),
            ):
                days[name].append(value)
        for name, value in (
            ("users", learner.user_id),
            ("currents", state.current),
            ("longests", state.longest),
            ("freezes", state.freezes),
            ("days", mine[-1].local_on),
            ("ends", mine[-1].ends_at),
        ):
            streaks[name].append(value)
        if frozen_on is not None:
            # Told once per learner and run: after a long outage, the latest save only.
            request_job(
                session,
                "send_freeze_notice",
                job_id=f"freeze:{learner.user_id}:{frozen_on.isoformat()}",
                user_id=learner.user_id,
                local_on=frozen_on.isoformat(),
            )
    await session.execute(_INSERT_DAYS, days)
    await session.execute(_UPDATE_STREAKS, {**streaks, "now": now})
    report.days += len(days["users"])
    report.learners += len(streaks["users"])


@dataclass(frozen=True)
class FreezeNotice:
    chat_id: int
    streak: int


async def claim_freeze_notice(
    session: AsyncSession, user_id: int, local_on: date
) -> FreezeNotice | None:
    """The notice of the freeze that covered `local_on`, claimed for sending (None when it
    was claimed already, no freeze covered the day, or the learner has no chat)."""
    claimed = (
        await session.execute(
            update(ProgressDay)
            .where(
                ProgressDay.user_id == user_id,
                ProgressDay.local_on == local_on,
                ProgressDay.outcome == Outcome.FROZEN.value,
                ProgressDay.told_at.is_(None),
                ProgressDay.user_id == User.id,
                User.telegram_chat_id.is_not(None),
            )
            .values(told_at=utcnow())
            .returning(ProgressDay.streak_after, User.telegram_chat_id)
        )
    ).one_or_none()
    if claimed is None:
        return None
    return FreezeNotice(chat_id=claimed.telegram_chat_id, streak=claimed.streak_after)


async def release_freeze_notice(session: AsyncSession, user_id: int, local_on: date) -> None:
    """Give a claimed notice back after a send that will be retried."""
    await session.execute(
        update(ProgressDay)
        .where(ProgressDay.user_id == user_id, ProgressDay.local_on == local_on)
        .values(told_at=None)
    )


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
