"""The REST API as the browser's learner, for a test to prepare data or check what a page did
without going through the page (the access token of the page itself stays in its memory)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from tests.helpers.learners import login


@asynccontextmanager
async def api_as(base_url: str, email: str, password: str) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client on `base_url` signed in (JSON mode) as this learner."""
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        response = await login(client, email, password)
        assert response.status_code == 200, response.text
        client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
        yield client
