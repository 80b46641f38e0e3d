"""The web client opened as a Telegram Mini App: Telegram's launch parameters in the hash."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from playwright.async_api import Page, expect

from tests.helpers.bot import BOT_TOKEN
from tests.helpers.mini_app import signed_init_data
from tests.web.conftest import Shoot

THEME = {
    "bg_color": "#17212b",
    "text_color": "#f5f5f5",
    "hint_color": "#708499",
    "button_color": "#5288c1",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#232e3c",
    "destructive_text_color": "javascript:alert(1)",  # not a colour: ignored
}


def launch_url(init_data: str) -> str:
    """The address Telegram opens: the app's URL with the launch parameters in the hash."""
    params = {
        "tgWebAppData": init_data,
        "tgWebAppVersion": "8.0",
        "tgWebAppPlatform": "tdesktop",
        "tgWebAppThemeParams": json.dumps(THEME),
    }
    return "/#" + "&".join(f"{key}={quote(value, safe='')}" for key, value in params.items())


async def test_a_signed_launch_signs_in_with_telegrams_theme(page: Page, shoot: Shoot) -> None:
    await page.goto(launch_url(signed_init_data(BOT_TOKEN, 9090, first_name="Greta")))
    await expect(page.get_by_role("heading", name="Hallo, Greta!")).to_be_visible()
    await expect(page).to_have_url(re.compile(r"/#/today$"))
    # No password and no cookie: nothing to sign out of; the next opening signs in again.
    await expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    assert not [c for c in await page.context.cookies() if c["name"] == "tutor_refresh"]
    colours = await page.evaluate(
        """() => {
          const style = getComputedStyle(document.documentElement);
          const names = ['--bg', '--fg', '--accent', '--danger'];
          return names.map((name) => style.getPropertyValue(name).trim());
        }"""
    )
    assert colours[:3] == ["#17212b", "#f5f5f5", "#5288c1"]
    assert colours[3] != "javascript:alert(1)"
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(23, 33, 43)"
    await shoot(page, "mini-app-today")


async def test_a_forged_launch_is_refused_with_a_clear_message(page: Page) -> None:
    forged = signed_init_data("999:not-our-bot", 9090)
    await page.goto(launch_url(forged))
    await expect(page.get_by_role("heading", name="Could not sign you in")).to_be_visible()
    await expect(page.get_by_role("alert")).to_contain_text("not signed by this bot")
    await expect(page.get_by_role("navigation", name="Main")).to_be_hidden()


async def test_a_stale_launch_is_refused(page: Page) -> None:
    await page.goto(launch_url(signed_init_data(BOT_TOKEN, 9090, auth_date=1_600_000_000)))
    await expect(page.get_by_role("alert")).to_contain_text("expired")
