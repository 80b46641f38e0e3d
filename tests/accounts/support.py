"""A learner with data in every corner (PostgreSQL rows of every kind, Redis entries), and
the generic census of what remains of a learner: every table with a `user_id` column (found
through the one metadata, so a new table is counted without touching this file), queued jobs
and stored Telegram updates naming them, and every Redis key or sorted-set member."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

import httpx
from redis.asyncio import Redis
from sqlalchemy import func, or_, select, update

from core import clock
from core.accounts.export import learner_tables
from core.accounts.throttle import _digest
from core.db import Database
from core.models import (
    Achievement,
    AiUsage,
    Exercise,
    ExerciseGeneration,
    GrammarTopic,
    LearnerAchievement,
    OutboxJob,
    ProgressDay,
    Streak,
    TelegramUpdate,
    User,
)
from core.settings import Settings
from tests.helpers.learners import Learner, login, register_learner
from tests.helpers.worker import run_queued_jobs, send_followups_now

_chats = itertools.count(7_300_000_001)
GRAMMAR_TOPIC = "subordinate-clauses-weil-dass-wenn"


@dataclass
class BusyLearner:
    learner: Learner
    chat_id: int


def _right_answer(exercise: Exercise) -> dict[str, object]:
    if exercise.kind == "multiple_choice":
        return {"choice": (exercise.options or []).index(exercise.answer)}
    if exercise.kind == "word_order":
        tokens = list(exercise.tokens or [])
        order: list[int] = []
        for word in exercise.answer.rstrip(".!?").split():
            order.append(next(i for i, t in enumerate(tokens) if t == word and i not in order))
        return {"tokens": order}
    return {"text": exercise.answer}


async def busy_learner(
    api: httpx.AsyncClient, db: Database, redis: Redis, settings: Settings, email: str
) -> BusyLearner:
    """Register and use every feature once: deck, list, reviews, a grammar drill, a
    conversation, then the jobs (XP, streak, league seat and boards, achievements); plus a
    linked Telegram chat, an AI usage row, an exercise generation, a queued job naming the
    learner, a stored Telegram update, a failed login and the chat's flood-limit key."""
    learner = await register_learner(api, email=email, display_name=email.split("@")[0])
    chat_id = next(_chats)
    added = await learner.post("/api/v1/vocabulary/deck", json={"slug": "haus-noun"})
    assert added.status_code in (200, 201), added.text
    word = added.json()["word"]
    listed = await learner.post("/api/v1/vocabulary/lists", json={"name": "Zuhause"})
    assert listed.status_code == 201, listed.text
    put = await learner.post(
        f"/api/v1/vocabulary/lists/{listed.json()['id']}/words",
        json={"deck_word_ids": [word["id"]]},
    )
    assert put.status_code in (200, 201), put.text
    recall = next(c["id"] for c in word["cards"] if c["kind"] == "recall")
    reviewed = await learner.post("/api/v1/reviews", json={"card_id": recall, "answer": "das Haus"})
    assert reviewed.status_code == 200, reviewed.text

    drill = await learner.post(
        "/api/v1/grammar/sessions", json={"source": "topic", "topic": GRAMMAR_TOPIC}
    )
    assert drill.status_code == 201, drill.text
    view = drill.json()
    async with db.unit_of_work() as session:
        exercise = await session.get(Exercise, view["current"]["id"])
        assert exercise is not None
        answer = _right_answer(exercise)
    answered = await learner.post(
        f"/api/v1/grammar/sessions/{view['id']}/answers",
        json={**answer, "version": view["version"]},
    )
    assert answered.status_code == 200, answered.text

    talk = await learner.post("/api/v1/conversations", json={"scenario_slug": "cafe-ordering"})
    assert talk.status_code == 201, talk.text
    said = await learner.post(
        f"/api/v1/conversations/{talk.json()['id']}/messages",
        json={"text": "Ich möchte einen Kaffee, bitte."},
    )
    assert said.status_code == 202, said.text
    await send_followups_now(db)  # the league seat and achievement check, due 20 s later
    await run_queued_jobs(settings)

    async with db.unit_of_work() as session:
        await session.execute(
            update(User)
            .where(User.id == learner.id)
            .values(telegram_user_id=chat_id, telegram_chat_id=chat_id)
        )
        topic_id = await session.scalar(
            select(GrammarTopic.id).where(GrammarTopic.slug == GRAMMAR_TOPIC)
        )
        assert topic_id is not None
        session.add(AiUsage(user_id=learner.id, purpose="turn", model="claude-test", status="ok"))
        session.add(
            ExerciseGeneration(topic_id=topic_id, user_id=learner.id, level="A2", trigger="test")
        )
        # A closed day, the streak and an achievement (the closing cron and the achievement
        # check write these on later days and milestones).
        yesterday = clock.utcnow() - timedelta(days=1)
        session.add(
            ProgressDay(
                user_id=learner.id,
                local_on=yesterday.date(),
                time_zone="Europe/Berlin",
                starts_at=yesterday - timedelta(hours=12),
                ends_at=yesterday + timedelta(hours=12),
                xp=30,
                goal=20,
                goal_met=True,
                anything_due=True,
                outcome="met",
                streak_after=1,
                freezes_after=0,
            )
        )
        session.add(
            Streak(
                user_id=learner.id,
                current=1,
                longest=1,
                through_on=yesterday.date(),
                through_ends_at=yesterday + timedelta(hours=12),
            )
        )
        achievement_id = await session.scalar(select(Achievement.id).limit(1))
        assert achievement_id is not None
        session.add(
            LearnerAchievement(
                user_id=learner.id, achievement_id=achievement_id, unlocked_at=yesterday
            )
        )
        session.add(
            OutboxJob(name="send_telegram_text", kwargs={"chat_id": chat_id, "text": "Hallo"})
        )
        session.add(
            TelegramUpdate(
                update_id=chat_id, chat_id=chat_id, payload={"message": {"text": "mein Text"}}
            )
        )
    assert (await login(api, email, "not the password")).status_code == 401
    await redis.set(f"tutor:tg-flood:tat:chat:{chat_id}", 1)
    return BusyLearner(learner, chat_id)


async def rows_of(db: Database, user_id: int, chat_id: int) -> dict[str, int]:
    """How many rows name the learner, per table (only tables where some do)."""
    counts: dict[str, int] = {}
    async with db.unit_of_work() as session:
        for table in learner_tables():
            counts[table.name] = (
                await session.scalar(
                    select(func.count()).select_from(table).where(table.c.user_id == user_id)
                )
                or 0
            )
        counts["users"] = (
            await session.scalar(select(func.count()).select_from(User).where(User.id == user_id))
            or 0
        )
        counts["outbox_jobs"] = (
            await session.scalar(
                select(func.count())
                .select_from(OutboxJob)
                .where(
                    or_(
                        OutboxJob.kwargs["user_id"].astext == str(user_id),
                        OutboxJob.kwargs["chat_id"].astext == str(chat_id),
                    )
                )
            )
            or 0
        )
        counts["telegram_updates"] = (
            await session.scalar(
                select(func.count())
                .select_from(TelegramUpdate)
                .where(TelegramUpdate.chat_id == chat_id)
            )
            or 0
        )
    return {name: count for name, count in counts.items() if count}


async def redis_traces(redis: Redis, user_id: int, chat_id: int, email: str) -> list[str]:
    """Every Redis key naming the learner, and every sorted set holding them as a member."""
    marks = (f":{chat_id}", _digest(email.lower()))
    found: list[str] = []
    async for raw in redis.scan_iter(count=500):
        key = raw.decode()
        if any(mark in key for mark in marks):
            found.append(key)
        elif await redis.type(raw) == b"zset" and await redis.zscore(raw, str(user_id)) is not None:
            found.append(f"{key} ∋ {user_id}")
    return found
