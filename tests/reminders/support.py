"""Learners made straight in the database (hundreds at once), and the sweep + burst worker
driven at an explicit simulated time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database
from core.models import Card, DeckWord, ReminderDelivery, User
from core.reminders.schedule import local_day_of, reminder_instant, reschedule
from core.reminders.sweep import SweepReport, run_sweep
from core.reviews.scheduling import Phase
from core.settings import Settings
from tests.fakes.telegram import FakeTelegram
from tests.helpers.worker import run_queued_jobs

# reviews: review cards due; new: only new cards; nothing: cards due years from now;
# off: reviews due but reminders off; no_chat: reviews due but no Telegram chat.
Kind = Literal["reviews", "new", "nothing", "off", "no_chat"]
FAR_AHEAD = timedelta(days=5 * 365)
"""How far after `as_of` the cards of a learner with nothing due fall due: relative, so a
test run on the real clock still finds nothing due whatever year it runs in."""


@dataclass(frozen=True)
class SimLearner:
    user_id: int
    chat_id: int
    kind: Kind
    time_zone: str
    reminder_time: time

    @property
    def eligible(self) -> bool:
        return self.kind in ("reviews", "new")

    def instant(self, day: date) -> datetime:
        return reminder_instant(self.time_zone, self.reminder_time, day)

    def expected_days(self, start: datetime, end: datetime) -> list[date]:
        """Local days whose reminder falls in the simulation: from the local day at `start`
        (a reminder already past that day is caught up) up to `end`."""
        if not self.eligible:
            return []
        day, days = local_day_of(start, self.time_zone), []
        while self.instant(day) <= end:
            days.append(day)
            day += timedelta(days=1)
        return days


async def _add_cards(session: AsyncSession, user_id: int, kind: Kind, as_of: datetime) -> None:
    word = DeckWord(user_id=user_id, lemma="Haus", lemma_key="haus", pos="noun", source="typed")
    session.add(word)
    await session.flush()
    if kind == "new":
        session.add(
            Card(
                user_id=user_id,
                deck_word_id=word.id,
                kind="recognition",
                phase=int(Phase.NEW),
                due_at=as_of,
            )
        )
        return
    due = as_of + FAR_AHEAD if kind == "nothing" else as_of - timedelta(days=1)
    for card_kind in ("recognition", "recall"):
        session.add(
            Card(
                user_id=user_id,
                deck_word_id=word.id,
                kind=card_kind,
                phase=int(Phase.REVIEW),
                due_at=due,
                stability=3.0,
                difficulty=5.0,
                last_review_at=as_of - timedelta(days=4),
                reps=2,
            )
        )


async def add_learner(
    session: AsyncSession,
    tg: FakeTelegram,
    *,
    kind: Kind,
    time_zone: str,
    reminder_time: time,
    as_of: datetime,
) -> SimLearner:
    fake = tg.user(first_name="Lena")
    user = User(
        display_name=fake.first_name,
        telegram_user_id=fake.id,
        telegram_chat_id=None if kind == "no_chat" else fake.id,
        time_zone=time_zone,
        reminder_time=reminder_time,
        reminders_enabled=kind != "off",
    )
    session.add(user)
    await session.flush()
    await _add_cards(session, user.id, kind, as_of)
    await reschedule(session, user, as_of)
    return SimLearner(user.id, fake.id, kind, time_zone, reminder_time)


async def sweep_and_send(db: Database, settings: Settings, now: datetime) -> SweepReport:
    """One cron tick at simulated `now`, then the worker drains what it enqueued."""
    report = await run_sweep(db, now)
    if report.enqueued or report.requeued or report.nudges_enqueued:
        await run_queued_jobs(settings)
    return report


def reminders_sent(tg: FakeTelegram, *, since: int = 0) -> Counter[int]:
    """Reminder messages Telegram accepted, per chat."""
    return Counter(
        call.chat_id
        for call in tg.calls_to("sendMessage", ok=True, since=since)
        if call.chat_id is not None and "Zeit zum Wiederholen" in (call.text or "")
    )


async def deliveries(db: Database) -> list[ReminderDelivery]:
    async with db.unit_of_work() as session:
        return list(
            (await session.scalars(select(ReminderDelivery).order_by(ReminderDelivery.id))).all()
        )
