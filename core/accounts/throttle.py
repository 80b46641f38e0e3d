"""Login throttling in Redis, per account and per client address."""

from __future__ import annotations

from redis.asyncio import Redis

from core.errors import RateLimited


class LoginThrottle:
    def __init__(self, redis: Redis, *, per_account: int, per_ip: int, window_seconds: int) -> None:
        self._redis = redis
        self._limits = {"acct": per_account, "ip": per_ip}
        self._window = window_seconds

    def _keys(self, email: str, ip: str | None) -> dict[str, str]:
        keys = {"acct": f"login-failures:acct:{email.lower()}"}
        if ip:
            keys["ip"] = f"login-failures:ip:{ip}"
        return keys

    async def check(self, email: str, ip: str | None) -> None:
        """Refuse before checking the password when either counter is exhausted."""
        for kind, key in self._keys(email, ip).items():
            count = await self._redis.get(key)
            if count is not None and int(count) >= self._limits[kind]:
                ttl = await self._redis.ttl(key)
                raise RateLimited(
                    "Too many login attempts. Please wait and try again.",
                    retry_after=max(int(ttl), 1),
                )

    async def record_failure(self, email: str, ip: str | None) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            for key in self._keys(email, ip).values():
                # Start the window on the first failure only (EXPIRE NX needs Redis 7).
                pipe.set(key, 0, ex=self._window, nx=True)
                pipe.incr(key)
            await pipe.execute()

    async def reset_account(self, email: str) -> None:
        await self._redis.delete(self._keys(email, None)["acct"])
