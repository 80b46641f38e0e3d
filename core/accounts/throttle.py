"""Throttles for login and registration, counted in Redis so every API process shares them.

An attempt is counted atomically *before* the password is checked, so parallel attempts
cannot slip past a limit. Login is limited per (account, client address), per client address
and, with a much higher ceiling, per account from anywhere: someone guessing from elsewhere
runs into their own limits long before the owner's account is locked. A scope that hits its
limit is locked for the window; address scopes back off exponentially when they hit it again
(window, 2 × window, 4 × window, … up to the maximum lock-out).
"""

from __future__ import annotations

from dataclasses import dataclass
from hashlib import sha256

from redis.asyncio import Redis

from core.errors import RateLimited

# KEYS: per scope its counter, lock and strike keys. ARGV: window, maximum lock-out, then per
# scope its limit and whether it backs off (1/0). Returns the seconds to wait, 0 if allowed.
_TAKE = """
local window = tonumber(ARGV[1])
local max_lock = tonumber(ARGV[2])
local scopes = #KEYS / 3
local wait = 0
for i = 0, scopes - 1 do
  local ttl = redis.call('TTL', KEYS[i * 3 + 2])
  if ttl > wait then wait = ttl end
end
if wait > 0 then return wait end
for i = 0, scopes - 1 do
  local count = redis.call('INCR', KEYS[i * 3 + 1])
  if count == 1 then redis.call('EXPIRE', KEYS[i * 3 + 1], window) end
  if count > tonumber(ARGV[3 + i * 2]) then
    local lock = window
    if ARGV[4 + i * 2] == '1' then
      local strikes = redis.call('INCR', KEYS[i * 3 + 3])
      redis.call('EXPIRE', KEYS[i * 3 + 3], max_lock)
      lock = math.min(window * 2 ^ (strikes - 1), max_lock)
    end
    lock = math.max(math.floor(lock), 1)
    redis.call('SET', KEYS[i * 3 + 2], 1, 'EX', lock)
    redis.call('DEL', KEYS[i * 3 + 1])
    if lock > wait then wait = lock end
  end
end
return wait
"""

# KEYS: keys to delete (the proven pair's counter and strikes), then counters to give one back.
_GIVE_BACK = """
local deleted = tonumber(ARGV[1])
for i = 1, deleted do redis.call('DEL', KEYS[i]) end
for i = deleted + 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 0
"""


@dataclass(frozen=True)
class _Scope:
    name: str
    limit: int
    backs_off: bool

    def redis_keys(self) -> list[str]:
        return [f"{self.name}:count", f"{self.name}:lock", f"{self.name}:strikes"]


@dataclass(frozen=True)
class ThrottleLimits:
    login_per_account_and_ip: int
    login_per_ip: int
    login_per_account: int
    registrations_per_ip: int
    window_seconds: int
    max_lockout_seconds: int
    password_resets_per_account: int = 3
    password_resets_per_ip: int = 10


def _digest(value: str) -> str:
    return sha256(value.encode()).hexdigest()[:32]


def account_key_patterns(email: str) -> tuple[str, ...]:
    """SCAN patterns of every throttle key naming this account (deleting the account)."""
    account = _digest(email.lower())
    return (
        f"auth:login:acct:{account}:*",
        f"auth:login:pair:{account}:*",
        f"auth:reset:acct:{account}:*",
    )


class AuthThrottle:
    def __init__(self, redis: Redis, limits: ThrottleLimits) -> None:
        self._limits = limits
        self._take = redis.register_script(_TAKE)
        self._give_back = redis.register_script(_GIVE_BACK)

    def _login_scopes(self, email: str, ip: str | None) -> tuple[_Scope, _Scope, _Scope]:
        account, address = _digest(email.lower()), ip or "unknown"
        return (
            _Scope(
                f"auth:login:pair:{account}:{address}", self._limits.login_per_account_and_ip, True
            ),
            _Scope(f"auth:login:ip:{address}", self._limits.login_per_ip, True),
            _Scope(f"auth:login:acct:{account}", self._limits.login_per_account, False),
        )

    async def _attempt(self, scopes: tuple[_Scope, ...], message: str) -> None:
        args: list[int] = [self._limits.window_seconds, self._limits.max_lockout_seconds]
        for scope in scopes:
            args += [scope.limit, int(scope.backs_off)]
        keys = [key for scope in scopes for key in scope.redis_keys()]
        wait = int(await self._take(keys=keys, args=args))
        if wait > 0:
            raise RateLimited(message, retry_after=wait)

    async def login_attempt(self, email: str, ip: str | None) -> None:
        """Count a login attempt; raise RateLimited (before any password check) when a limit
        is reached."""
        await self._attempt(
            self._login_scopes(email, ip), "Too many login attempts. Please wait and try again."
        )

    async def login_succeeded(self, email: str, ip: str | None) -> None:
        """The password was right: forget this address's failures for the account and give
        back the attempt to the shared counters, so logging in costs the owner nothing."""
        pair, address, account = self._login_scopes(email, ip)
        count, _, strikes = pair.redis_keys()
        await self._give_back(
            keys=[count, strikes, address.redis_keys()[0], account.redis_keys()[0]], args=[2]
        )

    async def password_reset_request(self, email: str, ip: str | None) -> None:
        """Count a request for a reset code (each one messages the learner's chat); raise
        RateLimited beyond the limits per account and per client address. Counted for
        unknown emails alike, so the limit says nothing about which emails exist."""
        await self._attempt(
            (
                _Scope(
                    f"auth:reset:acct:{_digest(email.lower())}",
                    self._limits.password_resets_per_account,
                    False,
                ),
                _Scope(
                    f"auth:reset:ip:{ip or 'unknown'}", self._limits.password_resets_per_ip, True
                ),
            ),
            "Too many password reset requests. Please wait and try again.",
        )

    async def registration_attempt(self, ip: str | None) -> None:
        """Count a registration (each one costs an Argon2 hash); raise RateLimited beyond the
        limit per client address."""
        scope = _Scope(
            f"auth:register:ip:{ip or 'unknown'}", self._limits.registrations_per_ip, True
        )
        await self._attempt((scope,), "Too many registrations from your network. Please wait.")
