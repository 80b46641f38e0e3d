"""Stats in a real browser: the five charts load as images (fetched with the bearer token,
shown from blob: URLs the CSP allows) and each has its numbers as text beside it."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.web.conftest import Shoot, WebCredentials
from tests.web.learner_api import api_as

CHARTS = ("heatmap", "forecast", "retention", "grammar", "words")


async def test_the_charts_load_with_their_numbers(
    learner_page: tuple[Page, WebCredentials], shoot: Shoot, web_server: str
) -> None:
    tab, credentials = learner_page
    async with api_as(web_server, credentials.email, credentials.password) as api:
        added = await api.post("/api/v1/vocabulary/starter-packs/A1")
        assert added.status_code == 200, added.text
        stats = (await api.get("/api/v1/stats")).json()
    assert stats["words"]["new"] > 0

    await tab.get_by_role("navigation", name="Main").get_by_role("link", name="Stats").click()
    await expect(tab.get_by_role("heading", name="Stats", exact=True)).to_be_visible()
    images = tab.locator("img.chart")
    await expect(images).to_have_count(len(CHARTS))
    for chart in CHARTS:
        image = tab.locator(f'img[data-chart="{chart}"]')
        await expect(image).to_have_attribute("src", re.compile(r"^blob:"))
        await image.evaluate("(img) => img.decode()")
        assert await image.evaluate("(img) => img.naturalWidth") == 1200
        assert await image.evaluate("(img) => img.complete && img.naturalHeight") == 600

    words = stats["words"]
    await expect(tab.locator('img[data-chart="words"]')).to_have_attribute(
        "alt",
        f"Words by state: {words['new']} new, {words['learning']} learning, {words['review']} in "
        f"review, {words['relearning']} relearning, {words['suspended']} suspended.",
    )
    forecast = stats["forecast"]
    await expect(tab.locator("#chart-forecast figcaption")).to_contain_text(
        f"{forecast['due_today']} due today · {forecast['next_7_days']} in the next 7 days"
    )
    await expect(tab.locator("#chart-grammar figcaption")).to_contain_text(
        f"0 of {stats['grammar']['topics']} topics practised"
    )
    await tab.locator("#chart-grammar summary").click()
    await expect(tab.locator("#chart-grammar table tbody tr")).to_have_count(5)
    await shoot(tab, "stats")


async def test_a_new_learner_is_told_there_is_nothing_to_chart_yet(
    learner_page: tuple[Page, WebCredentials],
) -> None:
    tab, _ = learner_page
    await tab.goto("/#/stats")
    await expect(tab.get_by_text("Nothing to chart yet")).to_be_visible()
    await expect(tab.locator("img.chart")).to_have_count(5)


async def test_a_dark_page_asks_for_dark_charts(
    learner_page: tuple[Page, WebCredentials], web_server: str
) -> None:
    tab, credentials = learner_page
    async with api_as(web_server, credentials.email, credentials.password) as api:
        added = await api.post("/api/v1/vocabulary/starter-packs/A1")
        assert added.status_code == 200, added.text
    asked: list[str] = []
    tab.on("request", lambda request: asked.append(request.url))
    await tab.emulate_media(color_scheme="dark")
    await tab.goto("/#/stats")
    image = tab.locator('img[data-chart="words"]')
    await expect(image).to_have_attribute("src", re.compile(r"^blob:"))
    charts = [url for url in asked if ".png" in url and "/stats/" in url]
    assert len(charts) == len(CHARTS) and all(u.endswith("?theme=dark") for u in charts), charts
    corner = await image.evaluate(
        """async (img) => {
            await img.decode();
            const c = document.createElement('canvas');
            c.width = 1; c.height = 1;
            const g = c.getContext('2d');
            g.drawImage(img, 0, 0, 1, 1, 0, 0, 1, 1);
            return Array.from(g.getImageData(0, 0, 1, 1).data.slice(0, 3));
        }"""
    )
    assert max(corner) < 60, corner

    asked.clear()
    await tab.emulate_media(color_scheme="light")
    await tab.reload()
    await expect(image).to_have_attribute("src", re.compile(r"^blob:"))
    charts = [url for url in asked if ".png" in url and "/stats/" in url]
    assert charts and not any("theme" in url for url in charts), charts
