"""Respond only after commit: what a response acknowledges is visible to the very next
request, because the session dependency commits (and enqueues) before the response leaves."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select
from starlette.types import Message, Receive, Scope, Send

from api.app import create_app
from core.db import Database
from core.models import User
from core.settings import Settings
from tests.helpers.learners import register_learner
from tests.helpers.server import serving


async def test_the_row_is_committed_when_the_response_starts(
    settings: Settings, db: Database
) -> None:
    app = create_app(settings)
    seen_at_start: list[bool] = []

    async def watching(scope: Scope, receive: Receive, send: Send) -> None:
        async def send_and_look(message: Message) -> None:
            if message["type"] == "http.response.start" and scope["path"].endswith("/register"):
                async with db.engine.connect() as connection:  # another connection: committed?
                    found = await connection.scalar(
                        select(User.id).where(User.email == "early@example.org")
                    )
                seen_at_start.append(found is not None)
            await send(message)

        await app(scope, receive, send_and_look)

    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=watching), base_url="http://testserver"
        ) as client,
    ):
        body: dict[str, Any] = {"email": "early@example.org", "password": "Gr0sse-Freude-2026"}
        created = await client.post("/api/v1/auth/register", json=body)
    assert created.status_code == 201
    assert seen_at_start == [True]


async def test_immediate_follow_up_requests_never_miss_what_was_acknowledged(
    settings: Settings, content: Database
) -> None:
    async with serving(create_app(settings)) as base, httpx.AsyncClient(base_url=base) as client:
        learner = await register_learner(client)
        failures = []
        for _ in range(50):
            started = await learner.post("/api/v1/conversations", json={"offline": True})
            fetched = await learner.get(f"/api/v1/conversations/{started.json()['id']}")
            if (started.status_code, fetched.status_code) != (201, 200):
                failures.append((started.status_code, fetched.status_code))
            refreshed = await client.post(
                "/api/v1/auth/refresh", json={"refresh_token": learner.refresh_token}
            )
            if refreshed.status_code != 200:
                failures.append((refreshed.status_code,))
                continue
            learner.refresh_token = refreshed.json()["refresh_token"]
            learner.access_token = refreshed.json()["access_token"]
        assert failures == []
