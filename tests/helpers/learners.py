"""Make web learners in one line, and prove one learner cannot reach another's data."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpx

DEFAULT_PASSWORD = "Gr0sse-Freude-2026"
_counter = itertools.count(1)


@dataclass
class Learner:
    client: httpx.AsyncClient
    id: int
    email: str
    password: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return await self.client.request(method, url, headers=headers, **kwargs)

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", url, **kwargs)

    async def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", url, **kwargs)

    async def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PATCH", url, **kwargs)

    async def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", url, **kwargs)


async def login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post("/api/v1/auth/login", data={"username": email, "password": password})


async def register_learner(
    client: httpx.AsyncClient,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    **profile: Any,
) -> Learner:
    """Register, log in and (optionally) PATCH the profile; returns a ready Learner."""
    email = email or f"learner{next(_counter)}@example.org"
    created = await client.post(
        "/api/v1/auth/register", json={"email": email, "password": password}
    )
    assert created.status_code == 201, created.text
    tokens = await login(client, email, password)
    assert tokens.status_code == 200, tokens.text
    body = tokens.json()
    learner = Learner(
        client, created.json()["id"], email, password, body["access_token"], body["refresh_token"]
    )
    if profile:
        patched = await learner.patch("/api/v1/users/me", json=profile)
        assert patched.status_code == 200, patched.text
    return learner


async def assert_cannot_touch(
    intruder: Learner, attempts: Iterable[tuple[str, str, dict[str, Any] | None]]
) -> None:
    """Every (method, url, json) attempt by `intruder` on another learner's resource must be
    refused with 404 (we do not reveal that it exists) or 403, and must leak nothing."""
    for method, url, body in attempts:
        response = await intruder.request(method, url, json=body)
        assert response.status_code in (403, 404), (
            f"{method} {url} by learner {intruder.id} gave {response.status_code}: {response.text}"
        )
