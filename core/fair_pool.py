"""A connection pool whose waiters are served first come, first served, each for a bounded
time.

SQLAlchemy's asyncio pool queues on an `asyncio.Queue`: a connection checked in is put in
the queue and the longest waiter is woken, but a request arriving before that waiter runs
takes the connection first (it is "already available"), and the woken waiter goes back to
the end of the line. Under load the unlucky ones wait again and again until their timeout:
that is the long tail. Here a checked-in connection is handed straight to the longest
waiter, and a newcomer queues behind everyone already waiting."""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from typing import TypeVar

from sqlalchemy.pool import AsyncAdaptedQueuePool
from sqlalchemy.util.concurrency import await_
from sqlalchemy.util.queue import AsyncAdaptedQueue, Empty

_T = TypeVar("_T")


class FairAsyncQueue(AsyncAdaptedQueue[_T]):
    def __init__(self, maxsize: int = 0, use_lifo: bool = False) -> None:
        super().__init__(maxsize, use_lifo)
        self._waiters: deque[asyncio.Future[_T]] = deque()

    @property
    def waiting(self) -> int:
        """Requests waiting for a connection now."""
        return sum(1 for waiter in self._waiters if not waiter.done())

    def put_nowait(self, item: _T) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(item)
                return
        super().put_nowait(item)

    def put(self, item: _T, block: bool = True, timeout: float | None = None) -> None:
        # The pool checks in without blocking; an overflow connection that finds the queue
        # full (Full) is closed by the pool, unless a waiter takes it here first.
        self.put_nowait(item)

    def get(self, block: bool = True, timeout: float | None = None) -> _T:
        if not any(not waiter.done() for waiter in self._waiters):
            try:
                return self._queue.get_nowait()
            except asyncio.QueueEmpty:
                pass
        if not block:
            raise Empty()
        return await_(self._wait(timeout))

    async def _wait(self, within: float | None) -> _T:
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[_T] = loop.create_future()
        self._waiters.append(waiter)
        timer = None if within is None else loop.call_later(within, _expire, waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            # The request was cancelled just as a connection was handed to it: pass it on.
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self.put_nowait(waiter.result())
            raise
        finally:
            if timer is not None:
                timer.cancel()
            if not waiter.done():
                waiter.cancel()
            with contextlib.suppress(ValueError):  # not handed a connection: leave the line
                self._waiters.remove(waiter)


def _expire(waiter: asyncio.Future[_T]) -> None:
    if not waiter.done():
        waiter.set_exception(Empty())


class FairAsyncQueuePool(AsyncAdaptedQueuePool):
    _queue_class = FairAsyncQueue  # type: ignore[assignment]  # generic in its item type

    def waiting(self) -> int:
        """Requests waiting for a connection now."""
        queue: FairAsyncQueue[object] = self._pool  # type: ignore[assignment]
        return queue.waiting
