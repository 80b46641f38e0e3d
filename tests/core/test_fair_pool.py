"""Waiting for a pooled connection is first come, first served and bounded in time."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.util.concurrency import greenlet_spawn
from sqlalchemy.util.queue import Empty

from core.fair_pool import FairAsyncQueue


async def _get(queue: FairAsyncQueue[str], within: float | None = 30.0) -> str:
    return await greenlet_spawn(queue.get, True, within)


async def test_a_connection_checked_in_goes_to_the_longest_waiter_not_to_a_newcomer() -> None:
    queue: FairAsyncQueue[str] = FairAsyncQueue()
    first = asyncio.create_task(_get(queue))
    await asyncio.sleep(0)  # the first request is now waiting
    assert queue.waiting == 1

    def check_in_then_newcomer_asks() -> str:
        # A newcomer asking right after the check-in, before the waiter has run: with a
        # plain asyncio.Queue it takes the connection "already available".
        queue.put_nowait("connection-1")
        return queue.get(True, 30.0)

    newcomer = asyncio.create_task(greenlet_spawn(check_in_then_newcomer_asks))
    assert await first == "connection-1"
    await asyncio.sleep(0)
    assert not newcomer.done() and queue.waiting == 1
    queue.put_nowait("connection-2")
    assert await newcomer == "connection-2"


async def test_waiters_are_served_in_the_order_they_came() -> None:
    queue: FairAsyncQueue[str] = FairAsyncQueue()
    waiters = []
    for _ in range(5):
        waiters.append(asyncio.create_task(_get(queue)))
        await asyncio.sleep(0)
    assert queue.waiting == 5
    for n in range(5):
        queue.put_nowait(f"c{n}")
    assert [await w for w in waiters] == [f"c{n}" for n in range(5)]


async def test_a_wait_is_bounded_and_a_timed_out_or_cancelled_waiter_leaves_the_line() -> None:
    queue: FairAsyncQueue[str] = FairAsyncQueue()
    with pytest.raises(Empty):
        await _get(queue, within=0.01)
    cancelled = asyncio.create_task(_get(queue))
    later = asyncio.create_task(_get(queue))
    await asyncio.sleep(0)
    assert queue.waiting == 2
    cancelled.cancel()
    with pytest.raises(asyncio.CancelledError):
        await cancelled
    assert queue.waiting == 1
    queue.put_nowait("connection")
    assert await later == "connection"
    assert queue.waiting == 0 and queue.qsize() == 0
