"""Authentication under attack: parallel guessing, lock-out from elsewhere, spoofed client
addresses, email probing, and password hashing that never runs on the event loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from api.app import create_app
from core.accounts import security
from core.db import Database
from core.settings import Settings
from tests.helpers.learners import DEFAULT_PASSWORD, login, register_learner

ClientAt = Callable[[str], httpx.AsyncClient]


@asynccontextmanager
async def app_clients(settings: Settings, **overrides: Any) -> AsyncIterator[ClientAt]:
    """One app (lifespan run) and a factory of clients, each connecting from its own address."""
    app = create_app(settings.model_copy(update=overrides))
    clients: list[httpx.AsyncClient] = []

    def client_at(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 40_000))
        clients.append(httpx.AsyncClient(transport=transport, base_url="http://testserver"))
        return clients[-1]

    async with app.router.lifespan_context(app):
        try:
            yield client_at
        finally:
            for client in clients:
                await client.aclose()


async def test_parallel_wrong_passwords_cannot_pass_the_limit(
    settings: Settings, db: Database
) -> None:
    async with app_clients(settings) as client_at:
        attacker = client_at("203.0.113.7")
        learner = await register_learner(client_at("198.51.100.1"))
        results = await asyncio.gather(
            *(login(attacker, learner.email, f"guess-{i}-password") for i in range(40))
        )
        statuses = sorted(r.status_code for r in results)
        # The limit is 5 per (account, address): counted before the password is checked.
        assert statuses.count(401) == 5, statuses
        assert statuses.count(429) == 35, statuses
        assert (await login(attacker, learner.email, learner.password)).status_code == 429


async def test_a_guesser_elsewhere_does_not_lock_the_owner_out(
    settings: Settings, db: Database
) -> None:
    async with app_clients(settings) as client_at:
        owner = client_at("198.51.100.1")
        learner = await register_learner(owner)
        attacker = client_at("203.0.113.7")
        for _ in range(8):
            await login(attacker, learner.email, "wrong-password")
        assert (await login(attacker, learner.email, "wrong-password")).status_code == 429
        assert (await login(owner, learner.email, learner.password)).status_code == 200


async def test_the_per_account_ceiling_holds_across_addresses(
    settings: Settings, db: Database
) -> None:
    async with app_clients(settings, login_account_ceiling=6) as client_at:
        learner = await register_learner(client_at("198.51.100.1"))
        for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
            for _ in range(2):
                response = await login(client_at(address), learner.email, "wrong-password")
                assert response.status_code == 401
        blocked = await login(client_at("203.0.113.4"), learner.email, "wrong-password")
        assert blocked.status_code == 429


async def test_a_successful_login_costs_the_owner_nothing(settings: Settings, db: Database) -> None:
    async with app_clients(settings) as client_at:
        owner = client_at("198.51.100.1")
        learner = await register_learner(owner)
        for _ in range(3):
            for _ in range(4):
                assert (await login(owner, learner.email, "wrong-password")).status_code == 401
            assert (await login(owner, learner.email, learner.password)).status_code == 200


async def test_an_address_that_keeps_guessing_waits_longer_each_time(
    settings: Settings, db: Database, redis: Redis
) -> None:
    async with app_clients(settings) as client_at:
        learner = await register_learner(client_at("198.51.100.1"))
        attacker = client_at("203.0.113.7")
        waits = []
        for _ in range(3):
            for _ in range(5):
                assert (await login(attacker, learner.email, "wrong-password")).status_code == 401
            refused = await login(attacker, learner.email, "wrong-password")
            assert refused.status_code == 429
            waits.append(int(refused.headers["Retry-After"]))
            # The lock-out is over (as if its time had passed): the counter starts again.
            async for key in redis.scan_iter("auth:login:pair:*:lock"):
                await redis.delete(key)
        window = settings.login_failure_window_seconds
        assert waits == [window, 2 * window, 4 * window]


async def test_unknown_emails_cost_the_same_hash_check_off_the_event_loop(
    settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, int, str | None]] = []
    hash_blocking, verify_blocking = security._hash_blocking, security._verify_blocking

    def hash_spy(password: str) -> str:
        calls.append(("hash", threading.get_ident(), None))
        return hash_blocking(password)

    def verify_spy(password: str, password_hash: str | None) -> bool:
        calls.append(("verify", threading.get_ident(), password_hash))
        return verify_blocking(password, password_hash)

    monkeypatch.setattr(security, "_hash_blocking", hash_spy)
    monkeypatch.setattr(security, "_verify_blocking", verify_spy)
    loop_thread = threading.get_ident()
    async with app_clients(settings) as client_at:
        client = client_at("198.51.100.1")
        learner = await register_learner(client)
        calls.clear()
        unknown = await login(client, "nobody@example.org", "whatever-password")
        known = await login(client, learner.email, "wrong-password")
    assert unknown.status_code == known.status_code == 401
    assert unknown.json() == known.json()
    assert [(kind, stored is None) for kind, _, stored in calls] == [
        ("verify", True),
        ("verify", False),
    ]
    assert all(thread != loop_thread for _, thread, _ in calls)


async def test_registration_hashes_off_the_event_loop(
    settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[int] = []
    hash_blocking = security._hash_blocking

    def hash_spy(password: str) -> str:
        threads.append(threading.get_ident())
        return hash_blocking(password)

    monkeypatch.setattr(security, "_hash_blocking", hash_spy)
    async with app_clients(settings) as client_at:
        client = client_at("198.51.100.1")
        learner = await register_learner(client)
        # A taken email costs the same hash as a new one before it is refused.
        taken = await client.post(
            "/api/v1/auth/register", json={"email": learner.email, "password": DEFAULT_PASSWORD}
        )
        assert taken.status_code == 409
    assert len(threads) == 2 and threading.get_ident() not in threads


async def test_registrations_are_throttled_per_address(settings: Settings, db: Database) -> None:
    async with app_clients(settings, registrations_per_ip=3) as client_at:
        prober = client_at("203.0.113.7")
        await register_learner(prober, "taken@example.org")

        async def register(email: str) -> httpx.Response:
            body = {"email": email, "password": DEFAULT_PASSWORD}
            return await prober.post("/api/v1/auth/register", json=body)

        # A taken email is refused with 409 (the documented trade-off), and counts.
        assert (await register("taken@example.org")).status_code == 409
        assert (await register("new@example.org")).status_code == 201
        probe = await register("taken@example.org")
        assert probe.status_code == 429
        assert int(probe.headers["Retry-After"]) > 0
        elsewhere = client_at("198.51.100.1")
        created = await elsewhere.post(
            "/api/v1/auth/register", json={"email": "other@example.org", "password": "x" * 12}
        )
        assert created.status_code == 201


async def _blocked_after(client: httpx.AsyncClient, forwarded: list[str]) -> int:
    """Log in with a wrong password once per X-Forwarded-For value; the first 429's index."""
    for index, value in enumerate(forwarded):
        response = await client.post(
            "/api/v1/auth/login",
            data={"username": f"probe{index}@example.org", "password": "wrong-password"},
            headers={"X-Forwarded-For": value},
        )
        if response.status_code == 429:
            return index
        assert response.status_code == 401
    return len(forwarded)


async def test_forwarded_for_is_ignored_unless_the_peer_is_a_configured_proxy(
    settings: Settings, db: Database, redis: Redis
) -> None:
    spoofed = [f"192.0.2.{i}" for i in range(4)]
    async with app_clients(settings, login_max_failures_per_ip=2) as client_at:
        # Default: nobody is a proxy, not even localhost; every attempt is the peer's.
        assert await _blocked_after(client_at("127.0.0.1"), spoofed) == 2
    await redis.flushdb()
    async with app_clients(
        settings, login_max_failures_per_ip=2, forwarded_allow_ips="10.0.0.0/8"
    ) as client_at:
        # A configured proxy: each forwarded client is counted on its own…
        assert await _blocked_after(client_at("10.0.0.5"), spoofed) == len(spoofed)
        # …by the nearest address the proxies did not add, not by what the client claims.
        chain = [f"192.0.2.{i}, 198.51.100.9, 10.0.0.4" for i in range(4)]
        assert await _blocked_after(client_at("10.0.0.5"), chain) == 2
        # The same header from a peer that is not a proxy changes nothing.
        assert await _blocked_after(client_at("203.0.113.7"), spoofed) == 2
