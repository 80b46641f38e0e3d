"""The study-session engine on the real database: one active run per learner and kind,
stale presses as values, other learners' runs not found, racing starts refused."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.db import Database
from core.errors import Conflict, NotFound
from core.models import StudySession, User
from core.study import sessions
from core.study.sessions import Stale, unless_stale


async def _learner(session: AsyncSession) -> User:
    user = User(display_name="Lena", cefr_level="A1")
    session.add(user)
    await session.flush()
    return user


async def test_start_abandons_the_previous_run_and_bumps_its_version(db: Database) -> None:
    async with db.unit_of_work() as session:
        user = await _learner(session)
        first = await sessions.start(session, user, "quiz", {"step": 1}, utcnow())
        other_kind = await sessions.start(session, user, "articles", {}, utcnow())
        second = await sessions.start(session, user, "quiz", {"step": 1}, utcnow())
        await session.refresh(first)
        await session.refresh(other_kind)
        assert (first.status, first.version, first.finished_at is not None) == (
            "abandoned",
            1,
            True,
        )
        assert (second.status, second.version) == ("active", 0)
        assert other_kind.status == "active", "only the same kind is abandoned"
        assert await sessions.active(session, user, "quiz") == second
        # The old run's buttons are stale even at the version they were drawn for.
        assert sessions.check(first, 0) == Stale("quiz", "abandoned")


async def test_a_stale_press_is_a_value_and_changes_nothing(db: Database) -> None:
    async with db.unit_of_work() as session:
        user = await _learner(session)
        run = await sessions.start(session, user, "review", {"done": 0}, utcnow())
        loaded = await sessions.load_for_press(session, user, "review", run.id, 0)
        assert loaded is run
        sessions.save(run, {"done": 1})
        assert run.version == 1

        twice = await sessions.load_for_press(session, user, "review", run.id, 0)
        assert twice == Stale("review", "active")
        assert run.payload == {"done": 1} and run.version == 1
        with pytest.raises(Conflict, match="out of date"):
            unless_stale(twice)

        sessions.finish(run, utcnow())
        over = await sessions.load_for_press(session, user, "review", run.id, run.version)
        assert over == Stale("review", "finished")
        assert "already over" in over.conflict().message
        # Undo may act on a finished run, at its current version only.
        assert (
            await sessions.load_for_press(
                session, user, "review", run.id, run.version, finished_ok=True
            )
            is run
        )
        await sessions.reopen(session, user, run, utcnow())
        assert run.status == "active" and run.finished_at is None

        await sessions.start(session, user, "review", {"done": 0}, utcnow())
        await session.refresh(run)
        replaced = await sessions.load_for_press(session, user, "review", run.id, run.version)
        assert replaced == Stale("review", "abandoned")
        assert "replaced" in replaced.conflict().message


async def test_another_learners_run_is_not_found(db: Database) -> None:
    async with db.unit_of_work() as session:
        anna, ben = await _learner(session), await _learner(session)
        run = await sessions.start(session, anna, "articles", {}, utcnow())
        with pytest.raises(NotFound, match="No such article drill"):
            await sessions.load(session, ben, "articles", run.id)
        with pytest.raises(NotFound):
            await sessions.load_for_press(session, ben, "articles", run.id, 0)
        with pytest.raises(NotFound):
            await sessions.set_message(session, ben, "articles", run.id, 1, 2)
        with pytest.raises(NotFound, match="No such quiz"):
            await sessions.load(session, anna, "quiz", run.id)  # right owner, other kind
        await sessions.set_message(session, anna, "articles", run.id, 10, 20)
        assert (run.chat_id, run.message_id) == (10, 20)


async def test_two_starts_racing_one_wins_the_other_gets_a_conflict(db: Database) -> None:
    async with db.unit_of_work() as session:
        user = await _learner(session)

    async def start_in_another_transaction() -> StudySession:
        async with db.unit_of_work() as session:
            learner = await session.merge(user)
            return await sessions.start(session, learner, "quiz", {}, utcnow())

    async with db.unit_of_work() as session:
        learner = await session.merge(user)
        winner = await sessions.start(session, learner, "quiz", {}, utcnow())
        racing = asyncio.create_task(start_in_another_transaction())
        await asyncio.sleep(0.5)
        assert not racing.done(), "the second insert waits on the unique index"
    with pytest.raises(Conflict, match="just started"):
        await racing
    async with db.unit_of_work() as session:
        learner = await session.merge(user)
        running = await sessions.active(session, learner, "quiz")
        assert running is not None and running.id == winner.id
