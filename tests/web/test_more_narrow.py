"""The grammar, talk, stats and progress pages at 360 px: nothing wider than the screen
(wide tables scroll inside their own box), and every input has a label."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.web.conftest import WebCredentials

PAGES = (
    ("#/grammar", "Grammar"),
    ("#/grammar?topic=accusative-case", "The accusative case"),
    ("#/grammar?placement=new", "Placement test"),
    ("#/talk", "Talk"),
    ("#/stats", "Stats"),
    ("#/progress", "Progress"),
)


@pytest.mark.parametrize(("hash_", "heading"), PAGES)
async def test_fits_360_px_with_labelled_inputs(
    learner_page: tuple[Page, WebCredentials], hash_: str, heading: str
) -> None:
    tab, _ = learner_page
    await tab.set_viewport_size({"width": 360, "height": 740})
    await tab.goto(f"/{hash_}")
    await expect(tab.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    await tab.wait_for_load_state("networkidle")
    # Folded parts (tables of numbers, forms, levels) count too: open them all.
    await tab.locator("main details").evaluate_all("(all) => all.forEach((d) => (d.open = true))")
    width = await tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{hash_} is {width} px wide at 360 px"
    unlabelled = await tab.evaluate(
        """() => [...document.querySelectorAll('main input, main select, main textarea')]
            .filter((el) => el.type !== 'hidden' && !(el.labels && el.labels.length)
                    && !el.getAttribute('aria-label'))
            .map((el) => el.outerHTML)"""
    )
    assert unlabelled == []
