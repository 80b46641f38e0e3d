"""What the browser tests of review, deck and settings check pages against: the API as the
signed-in learner sees it (a second session of the same account, in JSON mode), and the
page's width at 360 px."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from playwright.async_api import Page

from tests.helpers.learners import Learner, login


@asynccontextmanager
async def api_as(base_url: str, email: str, password: str) -> AsyncIterator[Learner]:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        tokens = await login(client, email, password)
        assert tokens.status_code == 200, tokens.text
        body = tokens.json()
        me = await client.get(
            "/api/v1/users/me", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        yield Learner(
            client, me.json()["id"], email, password, body["access_token"], body["refresh_token"]
        )


async def assert_fits_360(page: Page) -> None:
    """At 360 px wide the page scrolls only down, never sideways (the viewport is put back)."""
    before = page.viewport_size
    await page.set_viewport_size({"width": 360, "height": 780})
    try:
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{page.url} is {width} px wide at 360 px"
    finally:
        if before:
            await page.set_viewport_size(before)
