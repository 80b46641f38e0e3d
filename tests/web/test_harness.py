"""The browser tests' own rules (tests/web/conftest.py): what counts as a problem in a page."""

from __future__ import annotations

from playwright.async_api import Browser

from tests.web.conftest import PageProblems

ABORT_ONE_FETCH = """async (path) => {
  const stop = new AbortController();
  const sent = fetch(path, { signal: stop.signal }).catch(() => null);
  await new Promise((resolve) => setTimeout(resolve, 0));
  stop.abort();
  await sent;
}"""


async def test_only_an_aborted_api_request_is_no_problem(browser: Browser, web_server: str) -> None:
    """A page that is left drops its API calls still running (the talk page's long-polls end
    with it): no problem. A client file whose load was dropped is still one."""
    context = await browser.new_context(base_url=web_server)
    try:
        tab = await context.new_page()
        problems = PageProblems()
        tab.on("requestfailed", problems.request_failed)
        await tab.goto("/favicon.svg")
        for path in ("/api/v1/health?aborted", "/app.css?aborted"):
            async with tab.expect_event("requestfailed") as failed:
                await tab.evaluate(ABORT_ONE_FETCH, path)
            assert (await failed.value).failure == "net::ERR_ABORTED"
        assert problems.items == [f"request failed: {web_server}/app.css?aborted net::ERR_ABORTED"]
    finally:
        await context.close()
