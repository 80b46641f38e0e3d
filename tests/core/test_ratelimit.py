"""The shared rate limiter against the real Redis: per-chat and global limits, several
connections and a separate process competing for one limit, pauses and timeouts."""

from __future__ import annotations

import asyncio
import json
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from core.ratelimit import (
    GLOBAL_SCOPE,
    Limit,
    RateLimitTimeout,
    SharedRateLimiter,
    chat_scope,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
FAST = Limit(rate=1000)  # effectively unlimited, for the scopes a test is not about


@pytest.fixture
async def prefix(redis: Redis) -> AsyncIterator[str]:
    """A key prefix of this test's own; its keys are removed afterwards (they expire anyway)."""
    value = f"test-ratelimit:{uuid.uuid4().hex}"
    yield value
    keys = [key async for key in redis.scan_iter(match=f"{value}:*")]
    if keys:
        await redis.delete(*keys)


def _assert_spacing(grants: list[float], rate: float, tolerance: float) -> None:
    """No k+1 grants closer together than k / rate: the n-th grant (0-based) is never earlier
    than n / rate after any earlier one, allowing ``tolerance`` for the clients' latency."""
    grants = sorted(grants)
    for i, first in enumerate(grants):
        for j in range(i + 1, len(grants)):
            floor = (j - i) / rate - tolerance
            assert grants[j] - first >= floor, (
                f"grants {i} and {j} were {grants[j] - first:.3f} s apart, "
                f"a limit of {rate}/s needs at least {floor + tolerance:.3f} s"
            )


async def test_one_per_second_per_chat_and_chats_do_not_wait_on_each_other(
    redis: Redis, prefix: str
) -> None:
    limiter = SharedRateLimiter(redis, prefix, {"global": FAST, "chat": Limit(rate=1)})

    async def send_three(chat_id: int) -> tuple[list[float], list[float]]:
        waits, grants = [], []
        for _ in range(3):
            waits.append(await limiter.acquire(GLOBAL_SCOPE, chat_scope(chat_id)))
            grants.append(time.monotonic())
        return waits, grants

    started = time.monotonic()
    (waits_a, grants_a), (waits_b, grants_b) = await asyncio.gather(send_three(1), send_three(2))
    elapsed = time.monotonic() - started

    for waits, grants in ((waits_a, grants_a), (waits_b, grants_b)):
        assert waits[0] < 0.2  # the first message of each chat goes out at once
        assert sum(waits) >= 1.95  # three messages to one chat span two seconds
        assert grants[1] - grants[0] >= 0.95
        assert grants[2] - grants[1] >= 0.95
    # Both chats in parallel: about 2 s, not the 5 s of one chat queueing behind the other.
    assert elapsed < 3.5


_WORKER = """
import asyncio, json, sys, time
from redis.asyncio import Redis
from core.ratelimit import Limit, SharedRateLimiter

async def main() -> None:
    url, prefix, count, rate = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    client = Redis.from_url(url)
    limiter = SharedRateLimiter(client, prefix, {"global": Limit(rate=rate)})
    await client.ping()
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)

    async def one() -> float:
        await limiter.acquire("global")
        return time.time()

    print(json.dumps(await asyncio.gather(*(one() for _ in range(count)))), flush=True)
    await client.aclose()

asyncio.run(main())
"""


async def test_global_limit_holds_across_connections_and_processes(
    redis_url: str, prefix: str
) -> None:
    rate, per_client, in_subprocess = 20.0, 16, 12  # 3 x 16 + 12 = 60 acquirers
    clients = [Redis.from_url(redis_url) for _ in range(3)]
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _WORKER,
        redis_url,
        prefix,
        str(in_subprocess),
        str(rate),
        cwd=REPO_ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert worker.stdin is not None and worker.stdout is not None
        assert await asyncio.wait_for(worker.stdout.readline(), 10) == b"ready\n"
        limiters = [
            SharedRateLimiter(client, prefix, {"global": Limit(rate=rate)}) for client in clients
        ]
        for client in clients:
            await client.ping()

        async def one(limiter: SharedRateLimiter) -> float:
            await limiter.acquire(GLOBAL_SCOPE)
            return time.time()

        worker.stdin.write(b"go\n")
        await worker.stdin.drain()
        local = asyncio.gather(*(one(lim) for lim in limiters for _ in range(per_client)))
        grants = list(await asyncio.wait_for(local, 20))
        out, _ = await asyncio.wait_for(worker.communicate(), 20)
        assert worker.returncode == 0
        grants += json.loads(out)
    finally:
        if worker.returncode is None:
            worker.kill()
            await worker.wait()
        for client in clients:
            await client.aclose()

    assert len(grants) == 3 * per_client + in_subprocess
    # The correctness bound: never more than the limit in any stretch of time. The tolerance
    # covers client-side latency only; it is half an emission interval (25 ms).
    _assert_spacing(grants, rate, tolerance=0.5 / rate)


async def test_pause_holds_back_only_its_scope(redis: Redis, prefix: str) -> None:
    limiter = SharedRateLimiter(redis, prefix, {"global": FAST, "chat": FAST})
    await limiter.pause(chat_scope(1), 0.4)

    paused, other = await asyncio.gather(
        limiter.acquire(GLOBAL_SCOPE, chat_scope(1)),
        limiter.acquire(GLOBAL_SCOPE, chat_scope(2)),
    )
    assert paused >= 0.35
    assert other < 0.15


async def test_global_pause_holds_back_every_chat(redis: Redis, prefix: str) -> None:
    limiter = SharedRateLimiter(redis, prefix, {"global": FAST, "chat": FAST})
    await limiter.pause(GLOBAL_SCOPE, 0.3)

    waits = await asyncio.gather(
        *(limiter.acquire(GLOBAL_SCOPE, chat_scope(chat_id)) for chat_id in range(3))
    )
    assert min(waits) >= 0.25
    assert await limiter.acquire(chat_scope(9)) < 0.1  # a chat-only acquire ignores it


async def test_pause_is_extended_never_shortened(redis: Redis, prefix: str) -> None:
    limiter = SharedRateLimiter(redis, prefix, {"chat": FAST})
    await limiter.pause(chat_scope(1), 0.3)
    await limiter.pause(chat_scope(1), 0.01)
    await limiter.pause(chat_scope(1), 0)  # nothing to wait for: no-op

    assert await limiter.acquire(chat_scope(1)) >= 0.25


async def test_timeout_raises_at_once_and_reserves_nothing(redis: Redis, prefix: str) -> None:
    limiter = SharedRateLimiter(redis, prefix, {"chat": Limit(rate=1, period=0.5)})
    assert await limiter.acquire(chat_scope(1)) < 0.1

    started = time.monotonic()
    with pytest.raises(RateLimitTimeout) as raised:
        await limiter.acquire(chat_scope(1), timeout=0.1)
    assert time.monotonic() - started < 0.1  # the server said 0.5 s: no point sleeping
    assert isinstance(raised.value, TimeoutError)
    assert raised.value.scopes == ("chat:1",)
    assert 0.3 < raised.value.retry_after <= 0.5
    assert "chat:1" in str(raised.value) and "timeout" in str(raised.value)

    # The failed attempt reserved nothing: the next slot is 0.5 s after the first, not 1 s.
    waited = await limiter.acquire(chat_scope(1), timeout=1.0)
    assert 0.25 < waited < 0.8


async def test_timeout_while_paused(redis: Redis, prefix: str) -> None:
    limiter = SharedRateLimiter(redis, prefix, {"global": FAST})
    await limiter.pause(GLOBAL_SCOPE, 30)
    with pytest.raises(RateLimitTimeout) as raised:
        await limiter.acquire(GLOBAL_SCOPE, timeout=0.2)
    assert raised.value.retry_after > 29


async def test_burst_then_steady_rate(redis: Redis, prefix: str) -> None:
    limiter = SharedRateLimiter(redis, prefix, {"global": Limit(rate=10, burst=3)})
    bursts = [await limiter.acquire(GLOBAL_SCOPE) for _ in range(3)]
    assert max(bursts) < 0.05
    assert 0.05 < await limiter.acquire(GLOBAL_SCOPE) < 0.2


async def test_repeated_scope_reserves_once(redis: Redis, prefix: str) -> None:
    limiter = SharedRateLimiter(redis, prefix, {"chat": Limit(rate=1, period=0.2)})
    await limiter.acquire(chat_scope(1), chat_scope(1))
    assert await limiter.acquire(chat_scope(1)) < 0.3  # one slot taken, not two


async def test_state_is_kept_in_redis_server_time(redis: Redis, prefix: str) -> None:
    limiter = SharedRateLimiter(redis, prefix, {"chat": Limit(rate=2)})
    await limiter.acquire(chat_scope(5))
    seconds, micros = await redis.time()
    server_now_ms = seconds * 1000 + micros / 1000
    stored = await redis.get(f"{prefix}:tat:chat:5")
    assert stored is not None
    assert abs(float(stored) - (server_now_ms + 500)) < 100  # TAT = server now + 1/rate
    assert 0 < await redis.pttl(f"{prefix}:tat:chat:5") <= 500  # and it cleans up after itself


async def test_mistakes_are_reported(redis: Redis, prefix: str) -> None:
    limiter = SharedRateLimiter(redis, prefix)  # the Telegram defaults
    assert limiter.limit_for(GLOBAL_SCOPE) == Limit(rate=25)
    assert limiter.limit_for(chat_scope(7)) == Limit(rate=1)
    with pytest.raises(ValueError, match="no rate limit for scope 'user:1'"):
        await limiter.acquire(GLOBAL_SCOPE, "user:1")
    with pytest.raises(ValueError, match="at least one scope"):
        await limiter.acquire()
    with pytest.raises(ValueError, match="finite"):
        await limiter.pause(GLOBAL_SCOPE, float("inf"))
    with pytest.raises(ValueError):
        Limit(rate=0)
    with pytest.raises(ValueError):
        Limit(rate=1, burst=0)
