"""The one unit of work a job step runs in: tasks pass a core call, never a session."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from jobs.context import JobContext

T = TypeVar("T")


async def in_transaction(ctx: JobContext, action: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `action(session)` in one unit of work; its requested jobs go out after the commit."""
    async with ctx["db"].unit_of_work() as session:
        return await action(session)
