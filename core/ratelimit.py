"""A rate limiter in Redis, shared by every process that talks to the same server.

Telegram's flood limits (about 30 messages/s per bot, 1 message/s per chat) hold for the bot
as a whole, not per worker, so the state lives in Redis and every decision is one atomic Lua
script. The script implements GCRA (generic cell rate algorithm): each limited scope has one
key holding its *theoretical arrival time* (TAT). An event is allowed when
``now >= TAT - burst_tolerance``; allowing it moves the TAT one emission interval on. The
script checks every scope of a call and reserves only when all of them allow, otherwise it
reserves nothing and answers how long to wait. A scope can also be paused (after a 429 with
``retry_after``): a pause-until timestamp that the same script honours.

"Now" is always Redis server time (``TIME``), never the caller's clock, so processes whose
clocks disagree still agree on the limits. Works on Redis 6.2 and 7.

Usage on the send path::

    limiter = SharedRateLimiter(redis, prefix="tutor:tg-flood")   # Telegram defaults
    await limiter.acquire(GLOBAL_SCOPE, chat_scope(chat_id), timeout=30)
    ... send ...
    # on a 429 with retry_after:
    await limiter.pause(chat_scope(chat_id), retry_after)   # or GLOBAL_SCOPE
"""

from __future__ import annotations

import asyncio
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

GLOBAL_SCOPE = "global"
CHAT_KIND = "chat"


def chat_scope(chat_id: int | str) -> str:
    """The scope of one Telegram chat, e.g. ``chat:42``."""
    return f"{CHAT_KIND}:{chat_id}"


@dataclass(frozen=True)
class Limit:
    """At most ``rate`` events per ``period`` seconds, evenly spaced.

    ``burst`` events may happen back to back after a quiet spell (GCRA burst tolerance); with
    the default of 1 consecutive events are never closer than ``period / rate``.
    """

    rate: float
    period: float = 1.0
    burst: int = 1

    def __post_init__(self) -> None:
        if not (self.rate > 0 and math.isfinite(self.rate)):
            raise ValueError(f"Limit rate must be a positive number, got {self.rate!r}")
        if not (self.period > 0 and math.isfinite(self.period)):
            raise ValueError(f"Limit period must be a positive number, got {self.period!r}")
        if self.burst < 1:
            raise ValueError(f"Limit burst must be at least 1, got {self.burst!r}")

    @property
    def interval(self) -> float:
        """Seconds between two events at the sustained rate (the GCRA emission interval)."""
        return self.period / self.rate

    @property
    def tolerance(self) -> float:
        """How far ahead of now the TAT may be and still allow an event (burst tolerance)."""
        return (self.burst - 1) * self.interval


# Telegram: ~30 messages/s overall (kept below it), 1 message/s per chat.
TELEGRAM_LIMITS: Mapping[str, Limit] = {
    GLOBAL_SCOPE: Limit(rate=25, period=1.0),
    CHAT_KIND: Limit(rate=1, period=1.0),
}


class RateLimitTimeout(TimeoutError):
    """``acquire`` could not get a slot within its timeout; nothing was reserved.

    ``retry_after`` is the server's lower bound (seconds) on when the slot could be had.
    """

    def __init__(self, scopes: tuple[str, ...], timeout: float, retry_after: float) -> None:
        self.scopes = scopes
        self.timeout = timeout
        self.retry_after = retry_after
        super().__init__(
            f"rate limit for {', '.join(scopes)}: no slot within the {timeout:.3f} s timeout "
            f"(next possible in about {retry_after:.3f} s)"
        )


# KEYS: for each scope i (1-based): KEYS[2i-1] = its TAT key, KEYS[2i] = its pause key.
# ARGV: for each scope i: ARGV[2i-1] = emission interval in ms, ARGV[2i] = burst tolerance ms.
# Returns {1, "0"} when an event was reserved in every scope, else {0, "<wait ms>"} and
# nothing is written. Times are milliseconds of Redis server time, kept as "%.3f" strings.
_ACQUIRE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local n = #KEYS / 2
local wait = 0
local new_tats = {}
for i = 1, n do
  local interval = tonumber(ARGV[2 * i - 1])
  local tolerance = tonumber(ARGV[2 * i])
  local tat = now
  local stored = redis.call('GET', KEYS[2 * i - 1])
  if stored then
    tat = math.max(tonumber(stored), now)
  end
  local allow_at = tat - tolerance
  if allow_at > now then
    wait = math.max(wait, allow_at - now)
  end
  local paused = redis.call('GET', KEYS[2 * i])
  if paused then
    local paused_until = tonumber(paused)
    if paused_until > now then
      wait = math.max(wait, paused_until - now)
    end
  end
  new_tats[i] = tat + interval
end
if wait > 0 then
  return {0, string.format('%.3f', wait)}
end
for i = 1, n do
  local ttl = math.max(1, math.ceil(new_tats[i] - now))
  redis.call('SET', KEYS[2 * i - 1], string.format('%.3f', new_tats[i]), 'PX', ttl)
end
return {1, '0'}
"""

# KEYS[1] = pause key; ARGV[1] = pause length in ms. Extends, never shortens, a pause.
_PAUSE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local paused_until = now + tonumber(ARGV[1])
local stored = redis.call('GET', KEYS[1])
if stored and tonumber(stored) >= paused_until then
  return 0
end
local ttl = math.max(1, math.ceil(paused_until - now))
redis.call('SET', KEYS[1], string.format('%.3f', paused_until), 'PX', ttl)
return 1
"""


class SharedRateLimiter:
    """GCRA limits per scope, enforced atomically in Redis across all processes.

    A scope is ``"<kind>"`` or ``"<kind>:<id>"``; its limit is ``limits[kind]``. So with the
    Telegram defaults ``"global"`` is one bot-wide limit and every ``"chat:<id>"`` gets its
    own 1/s limit. Keys are ``<prefix>:tat:<scope>`` and ``<prefix>:pause:<scope>``; give the
    prefix a hash tag (``"{tg-flood}"``) to use Redis Cluster, where a script's keys must share
    a slot.
    """

    def __init__(
        self,
        redis: Redis,
        prefix: str = "ratelimit",
        limits: Mapping[str, Limit] | None = None,
    ) -> None:
        if not prefix:
            raise ValueError("a key prefix is required")
        self._redis = redis
        self._prefix = prefix
        self._limits = dict(TELEGRAM_LIMITS if limits is None else limits)
        if not self._limits:
            raise ValueError("at least one Limit is required")
        self._acquire_script = redis.register_script(_ACQUIRE_LUA)
        self._pause_script = redis.register_script(_PAUSE_LUA)

    @property
    def prefix(self) -> str:
        return self._prefix

    def limit_for(self, scope: str) -> Limit:
        """The limit of a scope, by its kind (the part before the first ``:``)."""
        kind = scope.split(":", 1)[0]
        try:
            return self._limits[kind]
        except KeyError:
            known = ", ".join(sorted(self._limits))
            raise ValueError(f"no rate limit for scope {scope!r} (known kinds: {known})") from None

    # Not asyncio.timeout(): knowing the wait in advance, acquire fails at once instead of
    # sleeping until the deadline, and tells the caller when a slot is expected.
    async def acquire(self, *scopes: str, timeout: float | None = None) -> float:  # noqa: ASYNC109
        """Wait until every scope allows one more event, reserve it in all of them at once.

        Returns the seconds spent waiting. With a ``timeout`` it raises ``RateLimitTimeout``
        (reserving nothing) as soon as the server says the wait would end past the deadline.
        Cancelling a waiting ``acquire`` reserves nothing either.
        """
        unique = tuple(dict.fromkeys(scopes))
        if not unique:
            raise ValueError("acquire needs at least one scope")
        if timeout is not None and timeout < 0:
            raise ValueError(f"timeout must not be negative, got {timeout!r}")
        keys: list[str] = []
        args: list[str] = []
        for scope in unique:
            limit = self.limit_for(scope)
            keys += [self._tat_key(scope), self._pause_key(scope)]
            args += [_ms(limit.interval), _ms(limit.tolerance)]
        loop = asyncio.get_running_loop()
        started = loop.time()
        deadline = None if timeout is None else started + timeout
        while True:
            result: Any = await self._acquire_script(keys=keys, args=args)
            if int(result[0]) == 1:
                return loop.time() - started
            wait = float(result[1]) / 1000
            if deadline is not None and loop.time() + wait > deadline:
                raise RateLimitTimeout(unique, timeout or 0.0, wait)
            # A little jitter so waiters woken together do not all hit Redis at the same moment.
            await asyncio.sleep(wait + random.uniform(0, 0.002))

    async def pause(self, scope: str, seconds: float) -> None:
        """Hold back every ``acquire`` involving ``scope`` for ``seconds`` (server time).

        For a Telegram 429 use ``retry_after``. A pause only ever extends an existing one.
        """
        self.limit_for(scope)  # an unknown scope is a mistake, not a silent no-op
        if math.isnan(seconds) or math.isinf(seconds):
            raise ValueError(f"pause needs a finite number of seconds, got {seconds!r}")
        if seconds <= 0:
            return
        await self._pause_script(keys=[self._pause_key(scope)], args=[_ms(seconds)])

    def _tat_key(self, scope: str) -> str:
        return f"{self._prefix}:tat:{scope}"

    def _pause_key(self, scope: str) -> str:
        return f"{self._prefix}:pause:{scope}"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f}"
