"""Browser tests: the web client in a real headless Chromium (Debian's `chromium`, driven by
Playwright for Python through `executable_path`; no browser is downloaded), against a real
uvicorn serving the app on the test database and Redis, with the offline tutor.

Any console error, uncaught page error, Content-Security-Policy violation or failed load of
one of the client's own files fails the test. The API's expected refusals (a 401 while not
signed in, a 422 for a bad form) are answers, not errors, and are allowed.
So is an API request the page dropped on purpose or by being left (net::ERR_ABORTED: the
talk page's long-polls end with the page); a dropped load of a client file still fails.

Without a Chromium every test here is skipped, with the reason in pytest's summary. Set
CHROMIUM_PATH to use a Chromium somewhere else."""

from __future__ import annotations

import itertools
import os
import re
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from pydantic import SecretStr

from api.app import create_app
from core.db import Database
from core.settings import Settings
from tests.helpers.bot import BOT_TOKEN
from tests.helpers.learners import DEFAULT_PASSWORD
from tests.helpers.server import serving

try:
    from playwright.async_api import (
        Browser,
        ConsoleMessage,
        Page,
        Playwright,
        Request,
        async_playwright,
    )
except ImportError:  # pragma: no cover - playwright is a dev dependency
    async_playwright = None  # type: ignore[assignment]

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
SIZES = ((390, 844), (1280, 800))
# Long enough for a page that waits on the API of a busy shared machine.
TIMEOUT_MS = 15_000
# Reports a CSP violation as a console error, which the `page` fixture turns into a failure
# (init scripts run outside the page's CSP).
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""
_emails = itertools.count(1)
# How Chromium reports a request the page itself dropped (it navigated away or aborted it).
ABORTED = "net::ERR_ABORTED"
# Fetched by the browser itself after a page loads, not by the client's code.
BROWSER_OWN = frozenset({"/favicon.svg", "/favicon.ico"})
API_REFUSAL = re.compile(r"Failed to load resource: the server responded with a status of (\d{3})")


def _no_browser_reason() -> str | None:
    if async_playwright is None:
        return "tests/web skipped: the playwright package is not installed (make install)"
    if not Path(CHROMIUM).exists():
        return (
            f"tests/web skipped: no Chromium at {CHROMIUM} "
            "(apt-get install chromium, or set CHROMIUM_PATH)"
        )
    return None


@pytest.fixture(scope="session")
def web_settings(settings: Settings) -> Settings:
    """The test settings with a bot token (the Mini App checks initData against it)."""
    return settings.model_copy(update={"telegram_bot_token": SecretStr(BOT_TOKEN)})


# Package scope: the server (and its background sweeps) stops when tests/web is done, so it
# never runs beside tests in other folders.
@pytest.fixture(scope="package")
async def web_server(
    web_settings: Settings, database: Database, _content_loaded: str
) -> AsyncIterator[str]:
    """The base URL of a real uvicorn serving create_app on the test database and Redis."""
    async with serving(create_app(web_settings)) as base_url:
        yield base_url


@pytest.fixture(scope="session")
async def _playwright() -> AsyncIterator[Playwright]:
    reason = _no_browser_reason()
    if reason:
        pytest.skip(reason)
    async with async_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
async def browser(_playwright: Playwright) -> AsyncIterator[Browser]:
    chromium = await _playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield chromium
    await chromium.close()


@dataclass
class PageProblems:
    """What went wrong in the page; the test fails when this is not empty at its end."""

    items: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        text = message.text
        source = (message.location or {}).get("url", "")
        refusal = API_REFUSAL.match(text)
        if refusal and "/api/v1/" in source and 400 <= int(refusal[1]) < 500:
            return  # an API refusal the client handles (shown to the learner)
        self.items.append(f"console error: {text} ({source})")

    def request_failed(self, request: Request) -> None:
        path = urlsplit(request.url).path
        if request.failure == ABORTED and (path.startswith("/api/v1/") or path in BROWSER_OWN):
            # An API call still running when the page was left (the talk page's long-poll),
            # or the icon the browser fetches on its own schedule and drops on navigation.
            return
        self.items.append(f"request failed: {request.url} {request.failure}")


@pytest.fixture
async def page(browser: Browser, web_server: str, content: Database) -> AsyncIterator[Page]:
    """A fresh browser context (no cookies) on the web client; fails the test on console
    errors, page errors, CSP violations and failed loads of the client's own files."""
    context = await browser.new_context(base_url=web_server, viewport={"width": 390, "height": 844})
    context.set_default_timeout(TIMEOUT_MS)
    await context.add_init_script(CSP_LISTENER)
    tab = await context.new_page()
    problems = PageProblems()
    tab.on("console", problems.console)
    tab.on("pageerror", lambda error: problems.items.append(f"page error: {error}"))

    def on_response(response: Any) -> None:
        if response.status >= 400 and "/api/v1/" not in response.url:
            problems.items.append(f"HTTP {response.status} for {response.url}")

    tab.on("response", on_response)
    tab.on("requestfailed", problems.request_failed)
    yield tab
    # What closing cuts off is the test's doing, not the page's.
    tab.remove_listener("requestfailed", problems.request_failed)
    await context.close()
    assert not problems.items, "\n".join(problems.items)


@dataclass(frozen=True)
class WebCredentials:
    email: str
    password: str
    display_name: str


async def sign_in(page: Page, email: str, password: str) -> None:
    """Sign in through the login form and wait for Today."""
    await page.goto("/#/login")
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("heading", name="Your plan for today").wait_for()


@pytest.fixture
async def learner_page(page: Page, web_server: str) -> tuple[Page, WebCredentials]:
    """A freshly registered learner, signed in through the login form, on Today."""
    credentials = WebCredentials(f"web{next(_emails)}@example.org", DEFAULT_PASSWORD, "Lena")
    async with httpx.AsyncClient(base_url=web_server) as client:
        created = await client.post(
            "/api/v1/auth/register",
            json={
                "email": credentials.email,
                "password": credentials.password,
                "display_name": credentials.display_name,
            },
        )
        assert created.status_code == 201, created.text
    await sign_in(page, credentials.email, credentials.password)
    return page, credentials


Shoot = Callable[[Page, str], Awaitable[list[Path]]]


@pytest.fixture
def shoot() -> Shoot:
    """shoot(page, name): full-page screenshots at 390x844 and 1280x800 into
    test-artifacts/screenshots/<name>-<W>x<H>.png (the viewport is put back afterwards)."""

    async def take(page: Page, name: str) -> list[Path]:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        before = page.viewport_size
        paths = []
        for width, height in SIZES:
            await page.set_viewport_size({"width": width, "height": height})
            path = SCREENSHOTS / f"{name}-{width}x{height}.png"
            await page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        if before:
            await page.set_viewport_size(before)
        return paths

    return take
