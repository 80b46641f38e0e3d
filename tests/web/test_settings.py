"""Settings in a real browser: learning and reminder settings saved (checked through the
API), the API's reason for a refused value, the time zone picker, changing the password,
exporting my data and deleting my account."""

from __future__ import annotations

import json

import httpx
from playwright.async_api import Page, expect
from sqlalchemy import select

from core.accounts.security import secret_digest
from core.db import Database
from core.models import LinkCode
from tests.helpers.learners import login
from tests.web.conftest import Shoot, WebCredentials
from tests.web.learner_api import api_as, assert_fits_360


async def test_settings_are_saved_and_refusals_explained(
    learner_page: tuple[Page, WebCredentials], web_server: str, shoot: Shoot
) -> None:
    page, me = learner_page
    await page.goto("/#/settings")
    await page.get_by_label("Level (CEFR)").select_option("B1")
    await page.get_by_label("Daily goal").select_option("50")
    await page.get_by_label("New cards per day").fill("7")
    await page.get_by_label("Desired retention (%)").fill("85")
    await page.get_by_role("button", name="Save learning").click()
    learning = page.locator("form", has=page.get_by_role("heading", name="Learning"))
    await expect(learning.locator(".form-status")).to_have_text("Saved.")

    # The time zone picker: search, then choose from the matches.
    await page.get_by_label("Search time zones").fill("vienna")
    zones = page.get_by_label("Time zone", exact=True)
    await expect(zones.locator("option")).to_have_count(1)
    await zones.select_option("Europe/Vienna")
    await expect(page.get_by_text("Chosen: Europe/Vienna")).to_be_visible()
    await page.get_by_label("Reminder time").fill("07:45")
    await page.get_by_label("Evening streak nudge").uncheck()
    await page.get_by_role("button", name="Save reminders").click()
    reminders_title = page.get_by_role("heading", name="Time zone and reminders")
    reminders = page.locator("form", has=reminders_title)
    await expect(reminders.locator(".form-status")).to_have_text("Saved.")

    async with api_as(web_server, me.email, me.password) as learner:
        profile = (await learner.get("/api/v1/users/me")).json()
    assert profile["cefr_level"] == "B1"
    assert profile["daily_goal"] == 50
    assert profile["new_cards_per_day"] == 7
    assert profile["desired_retention"] == 0.85
    assert profile["time_zone"] == "Europe/Vienna"
    assert profile["reminder_time"].startswith("07:45")
    assert profile["streak_nudge_enabled"] is False

    # A value the API refuses: its reason is shown, nothing is changed.
    await page.get_by_label("New cards per day").fill("900")
    await page.get_by_role("button", name="Save learning").click()
    await expect(learning.get_by_role("alert")).to_contain_text(
        "Input should be less than or equal to 500"
    )
    await shoot(page, "settings")
    await assert_fits_360(page)

    # After a reload the page shows what was saved.
    await page.reload()
    await expect(page.get_by_label("Level (CEFR)")).to_have_value("B1")
    await expect(page.get_by_label("New cards per day")).to_have_value("7")
    await expect(page.get_by_label("Desired retention (%)")).to_have_value("85")
    await expect(page.get_by_text("Chosen: Europe/Vienna")).to_be_visible()


async def test_change_password(learner_page: tuple[Page, WebCredentials], web_server: str) -> None:
    page, me = learner_page
    await page.goto("/#/settings")
    new_password = "Neues-Passwort-2026"
    await page.get_by_label("Current password").fill("not my password")
    await page.get_by_label("New password (at least 8 characters)").fill(new_password)
    await page.get_by_label("New password again").fill(new_password)
    await page.get_by_role("button", name="Change password").click()
    form = page.locator("form", has=page.get_by_role("heading", name="Change password"))
    await expect(form.get_by_role("alert")).not_to_be_empty()

    await page.get_by_label("Current password").fill(me.password)
    await page.get_by_label("New password (at least 8 characters)").fill(new_password)
    await page.get_by_label("New password again").fill(new_password)
    await page.get_by_role("button", name="Change password").click()
    await expect(form.locator(".form-status")).to_contain_text("Password changed.")
    async with httpx.AsyncClient(base_url=web_server) as client:
        assert (await login(client, me.email, me.password)).status_code == 401
        assert (await login(client, me.email, new_password)).status_code == 200
    # This session goes on (a new cookie came with the change): a reload stays signed in.
    await page.reload()
    await expect(page.get_by_role("heading", name="Settings")).to_be_visible()


async def test_export_my_data_and_delete_my_account(
    learner_page: tuple[Page, WebCredentials], web_server: str, shoot: Shoot
) -> None:
    page, me = learner_page
    await page.goto("/#/settings")
    async with page.expect_download() as download_info:
        await page.get_by_role("button", name="Download my data (JSON)").click()
    download = await download_info.value
    assert download.suggested_filename.endswith(".json")
    exported = json.loads((await download.path()).read_text(encoding="utf-8"))
    assert exported["profile"]["email"] == me.email

    await page.get_by_role("button", name="Delete my account…").click()
    confirm = page.get_by_role("button", name="Delete for good")
    await expect(confirm).to_be_disabled()
    await page.get_by_label("Your password").fill("not my password")
    await page.get_by_label("I understand: everything is deleted for good").check()
    await shoot(page, "settings-delete")
    await assert_fits_360(page)
    await confirm.click()
    await expect(page.locator(".danger-zone").get_by_role("alert")).to_contain_text("not right")
    async with httpx.AsyncClient(base_url=web_server) as client:
        assert (await login(client, me.email, me.password)).status_code == 200

    await page.get_by_label("Your password").fill(me.password)
    await confirm.click()
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    async with httpx.AsyncClient(base_url=web_server) as client:
        assert (await login(client, me.email, me.password)).status_code == 401


async def test_card_kinds_in_settings_and_on_a_word(
    learner_page: tuple[Page, WebCredentials], web_server: str
) -> None:
    page, me = learner_page
    async with api_as(web_server, me.email, me.password) as learner:
        profile = (await learner.get("/api/v1/users/me")).json()
        assert profile["card_kinds"] == []
        added = await learner.post("/api/v1/vocabulary/deck", json={"text": "das Haus"})
        assert added.status_code == 201, added.text
        word_id = added.json()["word"]["id"]

        await page.goto("/#/settings")
        await page.get_by_label("Plural cards (das Haus → die Häuser)").check()
        await page.get_by_role("button", name="Save learning").click()
        learning = page.locator("form", has=page.get_by_role("heading", name="Learning"))
        await expect(learning.locator(".form-status")).to_have_text("Saved.")
        assert (await learner.get("/api/v1/users/me")).json()["card_kinds"] == ["plural"]

        # The word follows the setting until it is set for the word itself, and can follow it
        # again (card_kinds: {"plural": null}).
        await page.goto(f"/#/deck?word={word_id}")
        plural = page.get_by_label("Plural card (das Haus → die Häuser)")
        await expect(plural).to_have_value("follow")
        await expect(plural.locator("option:checked")).to_have_text("Follow my setting (on)")
        await expect(page.locator(".cards-table")).to_contain_text("Plural (typed)")
        await plural.select_option("off")
        await expect(page.locator("#toast")).to_have_text("Saved.")
        word = (await learner.get(f"/api/v1/vocabulary/deck/{word_id}")).json()
        kinds = {k["kind"]: k for k in word["card_kinds"]}
        assert kinds["plural"]["on"] is False and kinds["plural"]["chosen_for_word"] is True
        await expect(page.locator(".cards-table")).not_to_contain_text("Plural (typed)")
        plural = page.get_by_label("Plural card (das Haus → die Häuser)")
        await expect(plural).to_have_value("off")
        await expect(plural.locator('option[value="follow"]')).to_have_text(
            "Follow my setting (on)"
        )
        await plural.select_option("follow")
        await expect(page.locator(".cards-table")).to_contain_text("Plural (typed)")
        await expect(page.get_by_label("Plural card (das Haus → die Häuser)")).to_have_value(
            "follow"
        )
        word = (await learner.get(f"/api/v1/vocabulary/deck/{word_id}")).json()
        kinds = {k["kind"]: k for k in word["card_kinds"]}
        assert kinds["plural"]["on"] is True and kinds["plural"]["chosen_for_word"] is False


async def test_a_web_learner_gets_a_code_to_link_telegram_for_reminders(
    learner_page: tuple[Page, WebCredentials], web_server: str, db: Database
) -> None:
    page, me = learner_page
    await page.goto("/#/settings")
    await page.get_by_role("button", name="Link my Telegram").click()
    shown = page.get_by_test_id("telegram-code")
    await expect(shown).to_contain_text("Send this message to the bot in Telegram before")
    command = await shown.locator(".link-code").inner_text()
    assert command.startswith("/start ")
    async with api_as(web_server, me.email, me.password) as learner:
        user_id = (await learner.get("/api/v1/users/me")).json()["id"]
    async with db.unit_of_work() as session:
        link = await session.scalar(
            select(LinkCode).where(LinkCode.code_hash == secret_digest(command.split()[1]))
        )
    assert link is not None and link.user_id == user_id and link.purpose == "telegram"
