"""Signals between processes through PostgreSQL NOTIFY: a waiter in one process (the API's
long-poll) wakes when a transaction in another (the worker recording a reply) commits.

`notify` is part of the sender's transaction: PostgreSQL delivers it only once that
transaction commits, and never on rollback, so a waiter that wakes reads committed data.

`Signals.wait_for` listens on one connection per process, opened on first use and kept
outside the pool: a waiter holds no pooled connection and no transaction while it waits. A
signal can still be lost (the listening connection dropped, or the waiter subscribed after
it fired), so a waiter reads the state itself before and after waiting; a lost signal costs
only the wait's timeout."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

log = logging.getLogger(__name__)

Connect = Callable[[], Awaitable[asyncpg.Connection]]


async def notify(session: AsyncSession, channel: str, key: str) -> None:
    """Tell every process waiting on (`channel`, `key`), once this transaction commits."""
    await session.execute(select(func.pg_notify(channel, key)))


class Signals:
    """This process's waiters, keyed by (channel, key), fed by one LISTEN connection."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect
        self._connection: asyncpg.Connection | None = None
        self._channels: set[str] = set()
        self._waiters: defaultdict[tuple[str, str], set[asyncio.Event]] = defaultdict(set)
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def wait_for(self, channel: str, key: str) -> AsyncIterator[asyncio.Event]:
        """An event set when (`channel`, `key`) is notified while this block runs. Listening
        starts before the block's body, so a notify after the caller's first read is seen."""
        event = asyncio.Event()
        await self._listen(channel)
        self._waiters[(channel, key)].add(event)
        try:
            yield event
        finally:
            waiters = self._waiters.get((channel, key))
            if waiters is not None:
                waiters.discard(event)
                if not waiters:
                    del self._waiters[(channel, key)]

    @property
    def waiting(self) -> int:
        return sum(len(events) for events in self._waiters.values())

    async def _listen(self, channel: str) -> None:
        async with self._lock:
            connection = self._connection
            if connection is None or connection.is_closed():
                connection = self._connection = await self._connect()
                connection.add_termination_listener(self._terminated)
                self._channels = set()
            if channel not in self._channels:
                await connection.add_listener(channel, self._deliver)
                self._channels.add(channel)

    def _deliver(self, connection: Any, pid: int, channel: str, payload: str) -> None:
        for event in self._waiters.get((channel, payload), ()):
            event.set()

    def _terminated(self, connection: Any) -> None:
        # Waiters on it end by their timeout; the next waiter listens on a new connection.
        log.warning("the connection listening for signals was lost")
        if self._connection is connection:
            self._connection = None

    async def close(self) -> None:
        async with self._lock:
            connection, self._connection = self._connection, None
            if connection is not None and not connection.is_closed():
                await connection.close()
