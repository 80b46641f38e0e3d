"""The shell and the sign-in journeys in a real browser."""

from __future__ import annotations

import re

import httpx
from playwright.async_api import Page, expect

from core.accounts.service import create_link_code
from core.db import Database
from core.models import User
from tests.helpers.learners import DEFAULT_PASSWORD
from tests.web.conftest import Shoot, WebCredentials, sign_in
from tests.web.learner_api import api_as


async def test_register_sign_in_today_sign_out(page: Page, shoot: Shoot) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    await page.goto("/")
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert not [url for url in asked if "/auth/refresh" in url], "a first visit has no session"
    await expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    await shoot(page, "login")

    await page.get_by_role("link", name="Create account").click()
    await page.get_by_label("Name (optional)").fill("Mia")
    await page.get_by_label("Email").fill("mia@example.org")
    await page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    await page.get_by_role("button", name="Create account").click()

    await expect(page.get_by_role("heading", name="Hallo, Mia!")).to_be_visible()
    await expect(page.get_by_role("heading", name="Your plan for today")).to_be_visible()
    await expect(page.get_by_role("heading", name="Daily goal")).to_be_visible()
    await expect(page.locator("#streak-chip")).to_have_text("🔥 0 days")
    await expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    await expect(page.locator('#nav a[href="#/today"]')).to_have_attribute("aria-current", "page")
    await shoot(page, "today")

    # A reload keeps the session (silent refresh from the HttpOnly cookie) ...
    await page.reload()
    await expect(page.get_by_role("heading", name="Hallo, Mia!")).to_be_visible()
    cookies = await page.context.cookies()
    refresh = next(c for c in cookies if c["name"] == "tutor_refresh")
    assert refresh["httpOnly"] and refresh["sameSite"] == "Strict"
    assert refresh["path"] == "/api/v1/auth"
    tokens = await page.evaluate(
        "Object.keys(localStorage).length + Object.keys(sessionStorage).length"
    )
    assert tokens == 0, "nothing is kept in web storage"

    # ... and signing out ends it.
    await page.get_by_role("button", name="Sign out").click()
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    left = {c["name"] for c in await page.context.cookies()}
    assert not left & {"tutor_refresh", "tutor_session"}, left
    await page.reload()
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


async def test_a_wrong_password_is_explained(page: Page) -> None:
    await page.goto("/#/login")
    await page.get_by_label("Email").fill("nobody@example.org")
    await page.get_by_label("Password").fill("not-the-password")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("alert")).to_have_text("Incorrect email or password.")


async def test_a_page_asked_for_before_signing_in_opens_after_it(
    page: Page, learner_page: tuple[Page, WebCredentials]
) -> None:
    tab, credentials = learner_page
    await tab.get_by_role("button", name="Sign out").click()
    await expect(tab.get_by_role("heading", name="Sign in")).to_be_visible()
    await tab.goto("/#/today?from=mail")
    await expect(tab).to_have_url(re.compile(r"#/login\?next="))
    await tab.get_by_label("Email").fill(credentials.email)
    await tab.get_by_label("Password").fill(credentials.password)
    await tab.get_by_role("button", name="Sign in").click()
    await expect(tab.get_by_role("heading", name="Your plan for today")).to_be_visible()
    assert tab.url.endswith("#/today?from=mail")


async def test_refresh_reuse_shows_the_signed_out_page(
    learner_page: tuple[Page, WebCredentials], web_server: str, shoot: Shoot
) -> None:
    tab, _ = learner_page
    stolen = next(c for c in await tab.context.cookies() if c["name"] == "tutor_refresh")
    # Someone else uses the same refresh token first (the copy is stolen) ...
    async with httpx.AsyncClient(base_url=web_server) as thief:
        used = await thief.post(
            "/api/v1/auth/refresh",
            headers={"X-Auth-Mode": "cookie", "Cookie": f"tutor_refresh={stolen['value']}"},
        )
        assert used.status_code == 200
    # ... so when the page presents it again, every session of the account ends.
    await tab.reload()
    await expect(tab.get_by_role("heading", name="You were signed out")).to_be_visible()
    await expect(tab.get_by_text("every session of your account was ended")).to_be_visible()
    await shoot(tab, "signed-out")
    assert not [c for c in await tab.context.cookies() if c["name"] == "tutor_refresh"]
    await tab.get_by_role("link", name="Sign in").click()
    await expect(tab.get_by_role("heading", name="Sign in")).to_be_visible()


async def test_an_unknown_page_says_so(learner_page: tuple[Page, WebCredentials]) -> None:
    tab, _ = learner_page
    await tab.goto("/#/nowhere")
    await expect(tab.get_by_role("heading", name="Page not found")).to_be_visible()
    await tab.get_by_role("link", name="Go to Today").click()
    await expect(tab.get_by_role("heading", name="Your plan for today")).to_be_visible()


async def test_signing_in_again_works_after_signing_out(
    learner_page: tuple[Page, WebCredentials],
) -> None:
    tab, credentials = learner_page
    await tab.get_by_role("button", name="Sign out").click()
    await expect(tab.get_by_role("heading", name="Sign in")).to_be_visible()
    await sign_in(tab, credentials.email, credentials.password)


async def test_a_telegram_learner_claims_a_web_login_with_the_link_code(
    page: Page, db: Database
) -> None:
    async with db.unit_of_work() as session:
        learner = User(telegram_user_id=6161, telegram_chat_id=6161, display_name="Tom")
        session.add(learner)
        await session.flush()
        code, _ = await create_link_code(session, learner, "web", 900)
    await page.goto("/#/login")
    await page.get_by_role("link", name="I use the Telegram bot").click()
    heading = page.get_by_role("heading", name="Web login for your Telegram account")
    await expect(heading).to_be_visible()
    await page.get_by_label("Code from the bot").fill("WRONG123")
    await page.get_by_label("Email for the web login").fill("tom@example.org")
    await page.get_by_label("New password").fill(DEFAULT_PASSWORD)
    await page.get_by_role("button", name="Set up web login").click()
    await expect(page.get_by_role("alert")).to_contain_text("invalid or has expired")
    await page.get_by_label("Code from the bot").fill(code)
    await page.get_by_role("button", name="Set up web login").click()
    await expect(page.get_by_role("heading", name="Hallo, Tom!")).to_be_visible()
    await page.get_by_role("button", name="Sign out").click()
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    await sign_in(page, "tom@example.org", DEFAULT_PASSWORD)


async def test_keyboard_and_a_narrow_screen(learner_page: tuple[Page, WebCredentials]) -> None:
    tab, _ = learner_page
    await tab.set_viewport_size({"width": 360, "height": 740})
    overflow = await tab.evaluate("document.scrollingElement.scrollWidth")
    assert overflow <= 360, "nothing sticks out sideways at 360 px"
    nav = tab.get_by_role("navigation", name="Main")
    for name in ("Today", "Review", "Grammar", "Talk", "Deck", "Stats", "Progress", "Settings"):
        await expect(nav.get_by_role("link", name=name, exact=True)).to_be_in_viewport()
    # The first Tab lands on "Skip to content", which moves focus to the page itself.
    await tab.reload()
    await expect(tab.get_by_role("heading", name="Your plan for today")).to_be_visible()
    await tab.keyboard.press("Tab")
    await expect(tab.get_by_role("link", name="Skip to content")).to_be_focused()
    await tab.keyboard.press("Enter")
    await expect(tab.locator("#main")).to_be_focused()
    assert tab.url.endswith("#/today"), "the skip link is not a route"
    # The plan's buttons are links a keyboard reaches and follows.
    await tab.keyboard.press("Tab")
    focused = await tab.evaluate("document.activeElement.closest('main') !== null")
    assert focused


async def test_today_points_a_new_learner_to_their_first_words(
    learner_page: tuple[Page, WebCredentials], web_server: str
) -> None:
    tab, credentials = learner_page
    start = tab.get_by_role("heading", name="Start your deck")
    await expect(start).to_be_visible()
    await tab.locator(".start-deck").get_by_role("link", name="Add words").click()
    await expect(tab.get_by_label("German word (nouns with der/die/das)")).to_be_visible()
    async with api_as(web_server, credentials.email, credentials.password) as learner:
        added = await learner.post("/api/v1/vocabulary/deck", json={"text": "der Hund"})
        assert added.status_code == 201, added.text
    await tab.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    await expect(tab.get_by_role("heading", name="Your plan for today")).to_be_visible()
    await expect(start).to_have_count(0)
