"""Unlocks are unique per (learner, achievement): two evaluations at once unlock once and ask
for one notice; the notice reaches Telegram once, through the one sender; a learner without
Telegram is unlocked and not told; the daily safety net catches what no job checked."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select, update

from core.achievement_checks import request_achievement_check
from core.achievements.evaluation import Unlock, evaluate_learner
from core.achievements.sweep import run_safety_net
from core.db import Database
from core.models import LearnerAchievement, OutboxJob, XpEntry
from core.settings import Settings
from tests.achievements.history import NOW, History, make_learner
from tests.fakes.telegram import FakeTelegram
from tests.helpers.worker import run_queued_jobs, send_followups_now

# Reaches 4 achievements: words-in-deck-25 and -100, xp-1000, reviews-100.
REACHED = {"words-in-deck-25", "words-in-deck-100", "xp-1000", "reviews-100"}


async def _learner_with_history(db: Database, chat_id: int | None) -> int:
    async with db.unit_of_work() as session:
        history = History(await make_learner(session, chat_id=chat_id))
        await history.add(session, "words_in_deck", 100)
        await history.add(session, "xp_total", 1000)
        await history.add(session, "reviews_done", 100)
    return history.user_id


async def _notice_jobs(db: Database, user_id: int) -> list[OutboxJob]:
    async with db.unit_of_work() as session:
        rows = await session.scalars(
            select(OutboxJob).where(OutboxJob.name == "send_achievement_notice")
        )
        return [row for row in rows if row.kwargs["user_id"] == user_id]


async def _evaluate(db: Database, user_id: int) -> list[Unlock]:
    async with db.unit_of_work() as session:
        return await evaluate_learner(session, user_id, NOW)


async def test_two_evaluations_at_once_unlock_once_and_ask_for_one_notice(
    content: Database, telegram: FakeTelegram
) -> None:
    user_id = await _learner_with_history(content, telegram.user().id)
    first, second = await asyncio.gather(_evaluate(content, user_id), _evaluate(content, user_id))
    slugs = [u.badge.slug for u in first + second]
    assert sorted(slugs) == sorted(REACHED)
    async with content.unit_of_work() as session:
        rows = await session.scalar(
            select(func.count()).where(LearnerAchievement.user_id == user_id)
        )
    assert rows == len(REACHED)
    jobs = await _notice_jobs(content, user_id)
    assert len(jobs) == 1
    assert sorted(jobs[0].kwargs["unlock_ids"]) == sorted(u.id for u in first + second)


async def test_the_second_evaluation_waits_for_the_first_and_inserts_nothing(
    content: Database, telegram: FakeTelegram
) -> None:
    """The race made certain: the first evaluation holds its uncommitted rows while the
    second runs; the second blocks on the unique index and, after the commit, gets nothing."""
    user_id = await _learner_with_history(content, telegram.user().id)
    async with content.unit_of_work() as session:
        held = await evaluate_learner(session, user_id, NOW)
        racing = asyncio.create_task(_evaluate(content, user_id))
        await asyncio.sleep(0.2)  # give it time to reach the lock; the result holds either way
        assert not racing.done()
    assert await racing == []
    assert {u.badge.slug for u in held} == REACHED
    assert len(await _notice_jobs(content, user_id)) == 1


async def test_the_notice_arrives_once_through_the_sender(
    content: Database, telegram: FakeTelegram, bot_settings: Settings
) -> None:
    chat = telegram.user(first_name="Lena")
    user_id = await _learner_with_history(content, chat.id)
    async with content.unit_of_work() as session:
        await request_achievement_check(session, user_id)
        await request_achievement_check(session, user_id)  # once per transaction
    async with content.unit_of_work() as session:
        await request_achievement_check(session, user_id)  # a second activity: the same check
    assert await send_followups_now(content) == 1
    await run_queued_jobs(bot_settings)
    await run_queued_jobs(bot_settings)  # the notice, if the first run did not take it
    sent = telegram.calls_to("sendMessage", chat_id=chat.id, ok=True)
    assert len(sent) == 1
    text = telegram.last_message(chat.id).text or ""
    assert text.startswith("🏆 4 achievements unlocked:")
    for line in (
        "• Wortschatzsucher — Have 25 words in your vocabulary deck.",
        "• Wortsammler — Have 100 words in your vocabulary deck.",
        "• Punktesammler — Earn 1,000 XP in total.",
        "• Wiederholungstäter — Complete 100 flashcard reviews.",
    ):
        assert line in text, text
    async with content.unit_of_work() as session:
        notified = await session.scalars(
            select(LearnerAchievement.notified_at).where(LearnerAchievement.user_id == user_id)
        )
        assert all(at is not None for at in notified)


async def test_one_unlock_reads_as_one_sentence(
    content: Database, telegram: FakeTelegram, bot_settings: Settings
) -> None:
    chat = telegram.user(first_name="Jonas")
    async with content.unit_of_work() as session:
        history = History(await make_learner(session, chat_id=chat.id))
        await history.add(session, "conversations_completed", 1)
        await request_achievement_check(session, history.user_id)
    await send_followups_now(content)
    await run_queued_jobs(bot_settings)
    await run_queued_jobs(bot_settings)
    assert telegram.last_message(chat.id).text == (
        "🏆 Achievement unlocked: Eisbrecher — Complete your first conversation scenario."
        "\n\n/achievements shows all of them."
    )


async def test_a_learner_without_telegram_is_unlocked_but_not_told(
    content: Database, telegram: FakeTelegram, bot_settings: Settings
) -> None:
    user_id = await _learner_with_history(content, None)
    async with content.unit_of_work() as session:
        await request_achievement_check(session, user_id)
    await send_followups_now(content)
    await run_queued_jobs(bot_settings)
    async with content.unit_of_work() as session:
        rows = list(
            await session.scalars(
                select(LearnerAchievement).where(LearnerAchievement.user_id == user_id)
            )
        )
    assert len(rows) == len(REACHED)
    assert all(row.notified_at is None for row in rows)
    assert await _notice_jobs(content, user_id) == []
    assert telegram.calls_to("sendMessage") == []


async def test_a_blocked_chat_leaves_the_unlocks_unannounced(
    content: Database, telegram: FakeTelegram, bot_settings: Settings
) -> None:
    chat = telegram.user(first_name="Mia")
    user_id = await _learner_with_history(content, chat.id)
    telegram.block(chat.id)
    async with content.unit_of_work() as session:
        await request_achievement_check(session, user_id)
    await send_followups_now(content)
    await run_queued_jobs(bot_settings)
    await run_queued_jobs(bot_settings)
    async with content.unit_of_work() as session:
        notified = list(
            await session.scalars(
                select(LearnerAchievement.notified_at).where(LearnerAchievement.user_id == user_id)
            )
        )
    assert len(notified) == len(REACHED) and all(at is None for at in notified)


async def test_the_daily_safety_net_evaluates_recently_active_learners_in_batches(
    content: Database,
) -> None:
    active, idle = [], []
    async with content.unit_of_work() as session:
        for _ in range(5):
            history = History(await make_learner(session))
            await history.add(session, "xp_total", 1000)  # earned at NOW
            active.append(history.user_id)
        history = History(await make_learner(session))
        await history.add(session, "words_in_deck", 25)  # added at the server's now
        active.append(history.user_id)
        for _ in range(2):
            history = History(await make_learner(session))
            await history.add(session, "xp_total", 1000)
            idle.append(history.user_id)
        await session.execute(
            update(XpEntry)
            .where(XpEntry.user_id.in_(idle))
            .values(created_at=NOW - timedelta(days=1, hours=1))
        )
    # At NOW + 1 day, looking two days back: the awards at NOW count, those 2 days and an hour
    # before are too old; the words were added at the server's now (later still).
    report = await run_safety_net(content, NOW + timedelta(days=1), batch_size=2)
    assert report.learners == 6 and report.batches == 3
    async with content.unit_of_work() as session:
        unlocked = set(await session.scalars(select(LearnerAchievement.user_id).distinct()))
    assert unlocked == set(active)
