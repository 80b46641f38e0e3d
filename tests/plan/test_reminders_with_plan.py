"""The daily reminder says what today's plan has waiting and still goes exactly once; the
evening streak nudge goes only to learners who opted in and whose streak is at risk, once per
local day. The sweep runs at explicit instants (the frozen clock of core.reminders)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from functools import partial

from sqlalchemy import select

from bot.context import BotApplication
from core.clock import local_day_start, local_today, utcnow
from core.db import Database
from core.models import ReminderDelivery, Streak, User, XpEntry
from core.outbox import request_job
from core.progress.xp import XpReason
from core.reminders.schedule import next_nudge_at, reschedule
from core.reminders.sweep import SEND_REMINDER_JOB
from core.settings import Settings
from tests.fakes.telegram import FakeTelegram
from tests.helpers.worker import run_queued_jobs
from tests.helpers.zones import zone_where_it_is
from tests.reminders.support import _add_cards, reminders_sent, sweep_and_send

NUDGE_HEADING = "Don't break your streak"


def _evening_zone(now: datetime) -> str:
    """Between 21:00 and 23:00 now: after the nudge time, an hour to spare before midnight."""
    return zone_where_it_is(now, 21, 22)


async def _learner(
    db: Database,
    tg: FakeTelegram,
    *,
    time_zone: str,
    nudge: bool,
    reminders: bool,
    cards: str = "reviews",
    now: datetime,
    streak: int = 0,
    xp_today: int = 0,
) -> int:
    fake = tg.user(first_name="Lena")
    async with db.unit_of_work() as session:
        user = User(
            display_name=fake.first_name,
            telegram_user_id=fake.id,
            telegram_chat_id=fake.id,
            time_zone=time_zone,
            reminder_time=time(7),
            reminders_enabled=reminders,
            streak_nudge_enabled=nudge,
        )
        session.add(user)
        await session.flush()
        await _add_cards(session, user.id, cards, now)  # type: ignore[arg-type]
        await reschedule(session, user, now)
        today = local_today(time_zone, now)
        if streak:  # days closed up to yesterday, as the progress worker leaves them
            session.add(
                Streak(
                    user_id=user.id,
                    current=streak,
                    longest=streak,
                    freezes=0,
                    through_on=today - timedelta(days=1),
                    through_ends_at=local_day_start(time_zone, today),
                )
            )
        for source in range(xp_today // 2):  # reviews earlier today, 2 XP each
            session.add(
                XpEntry(
                    user_id=user.id,
                    amount=2,
                    reason=XpReason.REVIEW.value,
                    source_id=source + 1,
                    created_at=now - timedelta(minutes=5),
                )
            )
    return fake.id


def _nudges(tg: FakeTelegram, chat_id: int) -> int:
    return sum(
        1
        for call in tg.calls_to("sendMessage", ok=True)
        if call.chat_id == chat_id and NUDGE_HEADING in (call.text or "")
    )


async def test_the_reminder_names_what_is_waiting_with_a_button_each_and_goes_once(
    content: Database,
    telegram: FakeTelegram,
    bot_settings: Settings,
    polling_bot: BotApplication,
) -> None:
    now = utcnow()
    # After the 07:00 reminder time wherever the test runs (in UTC it failed after midnight).
    zone = zone_where_it_is(now, 9, 18)
    chat_id = await _learner(
        content, telegram, time_zone=zone, nudge=False, reminders=True, now=now
    )
    report = await sweep_and_send(content, bot_settings, now)
    assert report.enqueued == 1
    for _ in range(2):  # the next sweeps (and a rerun job) send nothing more
        await sweep_and_send(content, bot_settings, now + timedelta(minutes=1))
    assert reminders_sent(telegram)[chat_id] == 1

    message = telegram.last_message(chat_id)
    text = message.text or ""
    labels = [label for label, _ in message.buttons]
    grammar = labels[1].removeprefix("📘 ")
    assert f"2 reviews and {grammar} are waiting." in text
    assert labels[0] == "▶️ Review (2)" and labels[-1] == "📋 Today's plan" and len(labels) == 3

    user = telegram.user(chat_id)
    await telegram.press_button_text(user, "📋 Today's plan")
    await telegram.wait_for_call("sendMessage", chat_id=chat_id, ok=True, timeout=10)
    plan = telegram.last_message(chat_id).text or ""
    assert "Today's plan" in plan and "2 reviews due now" in plan


async def test_the_nudge_goes_only_when_opted_in_and_at_risk_once_per_local_day(
    content: Database, telegram: FakeTelegram, bot_settings: Settings
) -> None:
    db = content  # the grammar topics are part of what is waiting
    now = utcnow()
    learner = partial(_learner, db, telegram, time_zone=_evening_zone(now), now=now, streak=3)
    opted_in = await learner(nudge=True, reminders=False)
    not_opted_in = await learner(nudge=False, reminders=False)
    # At no risk: nothing due (the day is skipped), no streak to lose, the goal met already.
    nothing_due = await learner(nudge=True, reminders=False, cards="nothing")
    no_streak = await learner(nudge=True, reminders=False, streak=0)
    goal_met = await learner(nudge=True, reminders=False, xp_today=20)

    report = await sweep_and_send(db, bot_settings, now)
    assert (report.nudges_enqueued, report.nudges_not_at_risk) == (1, 3)
    assert report.enqueued == 0  # daily reminders are off for all of them
    for minutes in (1, 30, 60):  # later the same evening: decided already
        later = await sweep_and_send(db, bot_settings, now + timedelta(minutes=minutes))
        assert later.nudges_enqueued == 0
    assert (_nudges(telegram, opted_in), _nudges(telegram, not_opted_in)) == (1, 0)
    assert [_nudges(telegram, chat) for chat in (nothing_due, no_streak, goal_met)] == [0, 0, 0]

    message = telegram.last_message(opted_in)
    text = message.text or ""
    assert "3 days so far, and today's goal isn't met yet" in text
    assert "▱▱▱▱▱ 0/20 XP today" in text
    assert "2 reviews and " in text and "are waiting." in text
    assert message.buttons[0] == ("▶️ Review (2)", "v1:rv:start")
    assert message.buttons[-1] == ("📋 Today's plan", "v1:td:show")

    # The next local evening: one more, and only one.
    tomorrow = now + timedelta(days=1)
    assert (await sweep_and_send(db, bot_settings, tomorrow)).nudges_enqueued >= 1
    await sweep_and_send(db, bot_settings, tomorrow + timedelta(minutes=5))
    assert _nudges(telegram, opted_in) == 2

    async with db.unit_of_work() as session:
        kinds = (
            await session.scalars(
                select(ReminderDelivery.kind).where(
                    ReminderDelivery.user_id.in_(
                        select(User.id).where(User.telegram_chat_id == opted_in)
                    )
                )
            )
        ).all()
    assert kinds == ["nudge", "nudge"]


async def test_the_nudge_is_decided_at_its_local_time_and_not_before(
    db: Database, telegram: FakeTelegram, bot_settings: Settings
) -> None:
    """20:30 local: a sweep at 20:29 decides nothing, one at 20:30 nudges."""
    day = datetime(2026, 10, 20, tzinfo=UTC)
    before, at = day + timedelta(hours=20, minutes=29), day + timedelta(hours=20, minutes=30)
    await _learner(
        db,
        telegram,
        time_zone="UTC",
        nudge=True,
        reminders=False,
        now=day + timedelta(hours=8),
        streak=2,
    )
    async with db.unit_of_work() as session:
        # the schedule is kept in step with the setting: next_nudge_at is today's 20:30
        nudge_at = await session.scalar(select(User.next_nudge_at))
    assert nudge_at == at
    assert (await sweep_and_send(db, bot_settings, before)).nudges_picked == 0
    assert (await sweep_and_send(db, bot_settings, at)).nudges_picked == 1


def test_the_nudge_time_is_local_across_both_clock_changes() -> None:
    """20:30 in Berlin on the very days the clocks change (18:30 UTC in summer time, 19:30 UTC
    in winter time), and the day after a nudge is the next evening."""
    user = User(time_zone="Europe/Berlin", reminder_time=time(7))
    spring = datetime(2026, 3, 29, 10, tzinfo=UTC)  # clocks went forward at 02:00
    autumn = datetime(2026, 10, 25, 10, tzinfo=UTC)  # clocks went back at 03:00
    assert next_nudge_at(user, spring) == datetime(2026, 3, 29, 18, 30, tzinfo=UTC)
    assert next_nudge_at(user, autumn) == datetime(2026, 10, 25, 19, 30, tzinfo=UTC)
    after = next_nudge_at(user, autumn, after_day=autumn.date())
    assert after == datetime(2026, 10, 26, 19, 30, tzinfo=UTC)


async def test_an_opted_in_learner_without_a_schedule_gets_one_from_the_sweep(
    db: Database, telegram: FakeTelegram, bot_settings: Settings
) -> None:
    morning = datetime(2026, 10, 20, 8, tzinfo=UTC)
    fake = telegram.user(first_name="Lena")
    async with db.unit_of_work() as session:
        session.add(
            User(
                telegram_user_id=fake.id,
                telegram_chat_id=fake.id,
                time_zone="UTC",
                reminders_enabled=False,
                streak_nudge_enabled=True,
            )
        )
    report = await sweep_and_send(db, bot_settings, morning)
    assert report.scheduled == 1
    async with db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == fake.id))
        assert user is not None
        assert user.next_nudge_at == datetime(2026, 10, 20, 20, 30, tzinfo=UTC)


async def test_a_nudge_job_run_again_sends_nothing_again(
    content: Database, telegram: FakeTelegram, bot_settings: Settings
) -> None:
    now = utcnow()
    chat_id = await _learner(
        content,
        telegram,
        time_zone=_evening_zone(now),
        nudge=True,
        reminders=False,
        now=now,
        streak=5,
    )
    assert (await sweep_and_send(content, bot_settings, now)).nudges_enqueued == 1
    async with content.unit_of_work() as session:
        delivery = await session.scalar(
            select(ReminderDelivery).where(ReminderDelivery.kind == "nudge")
        )
        assert delivery is not None and delivery.status == "sent"
        # arq may run a job twice: the same send job again, under another id
        request_job(session, SEND_REMINDER_JOB, job_id="again", delivery_id=delivery.id)
    worker = await run_queued_jobs(bot_settings)
    assert worker.jobs_complete == 1  # it ran: "nothing to send"
    assert _nudges(telegram, chat_id) == 1
