"""The API as the signed-in web learner sees it: what a browser test checks the page
against (a second session of the same account, in JSON mode)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from tests.helpers.learners import Learner, login


@asynccontextmanager
async def api_as(base_url: str, email: str, password: str) -> AsyncIterator[Learner]:
    async with httpx.AsyncClient(base_url=base_url) as client:
        tokens = await login(client, email, password)
        assert tokens.status_code == 200, tokens.text
        body = tokens.json()
        me = await client.get(
            "/api/v1/users/me", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        yield Learner(
            client, me.json()["id"], email, password, body["access_token"], body["refresh_token"]
        )
