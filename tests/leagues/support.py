"""Learners with XP at chosen instants, a frozen league clock, and the live update run."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis

from core import clock
from core.db import Database
from core.leagues.boards import publish, standing_of
from core.models import User, XpEntry

# A Wednesday noon (UTC) in the ISO week starting Monday 7 December 2026.
WEDNESDAY = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)
MONDAY = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
NEXT_MONDAY = datetime(2026, 12, 14, 0, 0, tzinfo=UTC)
_sources = itertools.count(1)


def freeze(monkeypatch: pytest.MonkeyPatch, at: datetime) -> None:
    """Freeze the one clock (core.clock) at `at`; it runs again after the test."""
    monkeypatch.setattr(clock, "_frozen", None)  # restored to running afterwards
    clock.set_frozen(at)


async def learner(db: Database, name: str = "", *, chosen: bool = True, **fields: object) -> int:
    async with db.unit_of_work() as session:
        user = User(display_name=name, display_name_chosen=chosen and bool(name), **fields)
        session.add(user)
        await session.flush()
        return user.id


async def give_xp(db: Database, user_id: int, amount: int, at: datetime) -> None:
    """An award in the ledger at `at` (what core.progress.xp.award writes)."""
    async with db.unit_of_work() as session:
        session.add(
            XpEntry(
                user_id=user_id,
                amount=amount,
                reason="test",
                source_id=next(_sources),
                created_at=at,
            )
        )


async def refresh(db: Database, redis: Redis, user_id: int) -> None:
    """What the refresh_league_standing job does (tests/leagues/test_bot.py runs the job)."""
    async with db.unit_of_work() as session:
        standing = await standing_of(session, user_id)
    assert standing is not None
    await publish(redis, standing)


async def earn(db: Database, redis: Redis, user_id: int, amount: int, at: datetime) -> None:
    await give_xp(db, user_id, amount, at)
    await refresh(db, redis, user_id)
