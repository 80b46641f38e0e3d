"""The sweep: every minute, record at most one delivery per learner, kind and local day for
the learners whose reminder (or evening streak nudge) is due, and queue its send job after the
commit. Both kinds go through the same rows, states and send job (core.reminders.deliveries)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Final

from sqlalchemy import ColumnElement, Select, and_, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import local_today
from core.db import Database
from core.grammar.mastery import due_topic_count
from core.models import ReminderDelivery, User
from core.outbox import request_job
from core.plan.service import daily_plan, streak_at_risk
from core.reminders.deliveries import (
    DEFAULT_STUCK_AFTER,
    UNSENT,
    set_final,
    settle_uncertain_attempt,
)
from core.reminders.schedule import local_day_of, next_nudge_at, next_reminder_at, reschedule
from core.reminders.schemas import DeliveryKind
from core.reviews.service import due_summary

SEND_REMINDER_JOB: Final = "send_reminder"
DEFAULT_BATCH_SIZE = 500
NOTE_MISSED_DAY = "Not sent: could not be delivered on its day."


@dataclass
class SweepReport:
    """What one sweep did, for the cron's log line and for tests."""

    picked: int = 0
    enqueued: int = 0
    already_recorded: int = 0
    nothing_due: int = 0
    stale: int = 0
    scheduled: int = 0
    requeued: int = 0
    expired: int = 0
    maybe_sent: int = 0
    nudges_picked: int = 0
    nudges_enqueued: int = 0
    nudges_not_at_risk: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def delivery_job_id(delivery_id: int, attempt: int) -> str:
    """arq refuses a second job with the same id while one is queued or running, so a row is
    never in the queue twice for the same attempt."""
    return f"reminder:{delivery_id}:{attempt}"


def requeue_job_id(delivery_id: int, attempt: int, now: datetime) -> str:
    """A job id of its own for each requeue: the dead worker's job keeps its id in arq until
    its lock expires (the job timeout, minutes), and a requeue under that id would be
    refused, leaving the reminder that late."""
    return f"{delivery_job_id(delivery_id, attempt)}:requeue:{int(now.timestamp())}"


def _eligible() -> ColumnElement[bool]:
    # Spelled exactly like the predicate of ix_users_next_reminder_at, so PostgreSQL uses it
    # (`reminders_enabled IS true` would not match it).
    return and_(User.reminders_enabled, User.telegram_chat_id.is_not(None))


def due_learners_query(now: datetime, limit: int) -> Select[User]:
    """Learners whose reminder is due, oldest first: one range scan of the partial index.

    SKIP LOCKED lets several sweeps (workers) run at once, each taking different learners.
    """
    return (
        select(User)
        .where(_eligible(), User.next_reminder_at <= now)
        .order_by(User.next_reminder_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )


def _nudge_eligible() -> ColumnElement[bool]:
    # Spelled exactly like the predicate of ix_users_next_nudge_at.
    return and_(User.streak_nudge_enabled, User.telegram_chat_id.is_not(None))


def due_nudges_query(now: datetime, limit: int) -> Select[User]:
    """Opted-in learners whose evening nudge is to be decided: the nudge's partial index."""
    return (
        select(User)
        .where(_nudge_eligible(), User.next_nudge_at <= now)
        .order_by(User.next_nudge_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )


def _unscheduled_learners_query(limit: int, *, nudge: bool = False) -> Select[User]:
    # One query per kind, each on its own partial index (an OR of both would not use them).
    eligible, column = (
        (_nudge_eligible(), User.next_nudge_at) if nudge else (_eligible(), User.next_reminder_at)
    )
    return (
        select(User)
        .where(eligible, column.is_(None))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )


async def _record_delivery(
    session: AsyncSession,
    user: User,
    day: date,
    due_count: int,
    report: SweepReport,
    kind: DeliveryKind = "daily",
) -> None:
    delivery_id = await session.scalar(
        insert(ReminderDelivery)
        .values(
            user_id=user.id,
            local_on=day,
            kind=kind,
            due_count=due_count,
            status="pending",
            attempts=0,
        )
        .on_conflict_do_nothing(
            index_elements=[
                ReminderDelivery.user_id,
                ReminderDelivery.local_on,
                ReminderDelivery.kind,
            ]
        )
        .returning(ReminderDelivery.id)
    )
    if delivery_id is None:
        report.already_recorded += 1  # the unique key: this day was already taken care of
        return
    request_job(
        session, SEND_REMINDER_JOB, job_id=delivery_job_id(delivery_id, 0), delivery_id=delivery_id
    )
    if kind == "daily":
        report.enqueued += 1
    else:
        report.nudges_enqueued += 1


async def _decide(session: AsyncSession, user: User, now: datetime, report: SweepReport) -> None:
    """Remind the learner for the day their due reminder belongs to, if that day is still
    today and something is due; in every case move their next reminder on."""
    assert user.next_reminder_at is not None
    day = local_day_of(user.next_reminder_at, user.time_zone)
    today = local_today(user.time_zone, now)
    if day != today:
        report.stale += 1  # the sweep ran after that day ended: no reminder for a past day
    else:
        summary = await due_summary(session, user, now)
        if summary.total > 0 or await due_topic_count(session, user, now) > 0:
            await _record_delivery(session, user, day, summary.total, report)
        else:
            report.nothing_due += 1
    user.next_reminder_at = next_reminder_at(user, now, after_day=day if day <= today else None)


async def sweep_batch(
    session: AsyncSession, now: datetime, report: SweepReport, *, limit: int = DEFAULT_BATCH_SIZE
) -> int:
    """One batch of due learners, locked until the caller commits. Returns how many."""
    users = (await session.scalars(due_learners_query(now, limit))).all()
    for user in users:
        await _decide(session, user, now, report)
    report.picked += len(users)
    return len(users)


async def _decide_nudge(
    session: AsyncSession, user: User, now: datetime, report: SweepReport
) -> None:
    """Nudge the learner on the evening their decision belongs to if their streak is at risk
    then; in every case move the decision on to the next evening."""
    assert user.next_nudge_at is not None
    day = local_day_of(user.next_nudge_at, user.time_zone)
    today = local_today(user.time_zone, now)
    if day != today:
        report.stale += 1
    else:
        plan = await daily_plan(session, user, now)
        if streak_at_risk(plan):
            due = plan.reviews_due + plan.new_words_left
            await _record_delivery(session, user, day, due, report, kind="nudge")
        else:
            report.nudges_not_at_risk += 1
    user.next_nudge_at = next_nudge_at(user, now, after_day=day if day <= today else None)


async def nudge_batch(
    session: AsyncSession, now: datetime, report: SweepReport, *, limit: int = DEFAULT_BATCH_SIZE
) -> int:
    """One batch of opted-in learners whose evening nudge is due, locked until the commit."""
    users = (await session.scalars(due_nudges_query(now, limit))).all()
    for user in users:
        await _decide_nudge(session, user, now, report)
    report.nudges_picked += len(users)
    return len(users)


async def schedule_unscheduled(
    session: AsyncSession, now: datetime, report: SweepReport, *, limit: int = DEFAULT_BATCH_SIZE
) -> int:
    """Learners who can get reminders (or nudges) but have no next_reminder_at (next_nudge_at)
    yet: a safety net for accounts made before reminders existed or by a path that forgot to
    reschedule."""
    taken = 0
    for nudge in (False, True):
        users = (await session.scalars(_unscheduled_learners_query(limit, nudge=nudge))).all()
        for user in users:
            await reschedule(session, user, now)  # sets both: the second query skips them
        report.scheduled += len(users)
        taken = max(taken, len(users))
    return taken


async def requeue_stuck_deliveries(
    session: AsyncSession,
    now: datetime,
    report: SweepReport,
    *,
    stuck_after: timedelta = DEFAULT_STUCK_AFTER,
    limit: int = DEFAULT_BATCH_SIZE,
) -> int:
    """Deliveries pending or claimed for longer than `stuck_after` (their worker died, or the
    job was lost between commit and enqueue) are queued again if it is still their local day,
    and given up otherwise; a claimed one whose message may have arrived is settled first
    (core.reminders.deliveries). Returns how many rows were looked at."""
    rows = (
        await session.execute(
            select(ReminderDelivery, User.time_zone)
            .join(User, User.id == ReminderDelivery.user_id)
            .where(
                ReminderDelivery.status.in_(UNSENT),
                ReminderDelivery.updated_at < func.now() - stuck_after,
            )
            .order_by(ReminderDelivery.updated_at)
            .limit(limit)
            .with_for_update(of=ReminderDelivery, skip_locked=True)
        )
    ).all()
    for delivery, time_zone in rows:
        if delivery.local_on != local_today(time_zone, now):
            await set_final(session, delivery.id, "failed", NOTE_MISSED_DAY)
            report.expired += 1
        elif await settle_uncertain_attempt(session, delivery.id, now, stuck_after=stuck_after):
            report.maybe_sent += 1
        else:
            # Back to pending (the claimant is presumed dead); touching updated_at means the
            # next sweep leaves it alone for another `stuck_after`.
            await session.execute(
                update(ReminderDelivery)
                .where(ReminderDelivery.id == delivery.id)
                .values(status="pending", updated_at=func.now(), sending_at=None)
            )
            request_job(
                session,
                SEND_REMINDER_JOB,
                job_id=requeue_job_id(delivery.id, delivery.attempts, now),
                delivery_id=delivery.id,
            )
            report.requeued += 1
    return len(rows)


async def run_sweep(
    db: Database,
    now: datetime,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    stuck_after: timedelta = DEFAULT_STUCK_AFTER,
) -> SweepReport:
    """The whole sweep, one transaction per batch so locks are short and jobs go out early.

    Safe to run on several workers at once: each batch locks its learners (SKIP LOCKED) and
    the unique (user_id, local_on, kind) key allows one delivery per learner, kind and local
    day anyway.
    """
    report = SweepReport()
    for step in (schedule_unscheduled, sweep_batch, nudge_batch):
        while True:
            async with db.unit_of_work() as session:
                taken = await step(session, now, report, limit=batch_size)
            if taken < batch_size:
                break
    while True:
        async with db.unit_of_work() as session:
            seen = await requeue_stuck_deliveries(
                session, now, report, stuck_after=stuck_after, limit=batch_size
            )
        if seen < batch_size:
            break
    return report
