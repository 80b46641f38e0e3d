"""The baseline several benchmarks measure in the same run: a bare indexed SELECT (the
learner's row by primary key, in a unit of work of its own), and the "median ms, × baseline"
table they print against it; with the timing and SQL-counting helpers they share."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Iterable
from typing import TypeVar

from sqlalchemy import event, select

from core.db import Database
from core.models import User

T = TypeVar("T")

LABEL = "baseline: SELECT users by primary key"
"""The baseline's row in the table; its key in the medians is "baseline"."""


async def bare_select(db: Database, user_id: int) -> User | None:
    """The baseline: one learner's row by primary key, in a unit of work of its own."""
    async with db.unit_of_work() as session:
        return await session.scalar(select(User).where(User.id == user_id))


async def timed(action: Awaitable[T]) -> tuple[float, T]:
    """Seconds `action` took, and its result."""
    started = time.perf_counter()
    result = await action
    return time.perf_counter() - started, result


def median_ms(samples: Iterable[float]) -> float:
    return statistics.median(samples) * 1000


class StatementCounter:
    """Counts the SQL statements (cursor executions: one round trip each) an engine runs;
    `count` is reset by the caller around what it measures."""

    def __init__(self, db: Database) -> None:
        self.count = 0
        event.listen(db.engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, *_: object) -> None:
        self.count += 1


def print_against_baseline(
    medians: dict[str, float], rows: Iterable[tuple[str, str]], ratio_digits: int = 1
) -> None:
    """The table: each (label, key) row's median in ms and its ratio to medians["baseline"],
    the baseline's own row first."""
    base = medians["baseline"]
    print(f"{'what':<40} {'median ms':>10} {'× baseline':>11}")
    for label, key in ((LABEL, "baseline"), *rows):
        value = medians[key]
        print(f"{label:<40} {value:>10.1f} {value / base:>10.{ratio_digits}f}×")
