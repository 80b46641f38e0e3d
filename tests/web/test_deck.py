"""Deck in a real browser: search my words and the catalogue, edit a word, pause it, move it
into a list, delete it and undo that, lists (create, rename, study, delete), import a small
CSV and export the deck."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.web.conftest import Shoot, WebCredentials
from tests.web.learner_api import api_as, assert_fits_360


async def test_search_edit_pause_list_and_delete_with_undo(
    learner_page: tuple[Page, WebCredentials], web_server: str, shoot: Shoot
) -> None:
    page, me = learner_page
    async with api_as(web_server, me.email, me.password) as learner:
        for text in ("der Hund", "die Katze", "der Tisch"):
            added = await learner.post("/api/v1/vocabulary/deck", json={"text": text})
            assert added.status_code == 201, added.text

        await page.goto("/#/deck")
        results = page.locator(".deck-results")
        await expect(results).to_contain_text("3 words")
        await shoot(page, "deck-words")
        await assert_fits_360(page)
        await page.get_by_label("Search my words").fill("katz")
        await expect(results).to_contain_text("1 word")
        await expect(results).not_to_contain_text("Hund")
        await results.get_by_role("link", name=re.compile("die Katze")).click()

        # Edit the translation and the example.
        await expect(page.get_by_role("heading", name="die Katze")).to_be_visible()
        await page.get_by_label("Translation (several: separate with ;)").fill("cat; kitty")
        await page.get_by_label("Example (German)").fill("Die Katze schläft.")
        await page.get_by_role("button", name="Save", exact=True).click()
        await expect(page.locator("#toast")).to_have_text("Saved.")
        # Pause it.
        await page.get_by_role("button", name="Pause", exact=True).click()
        await expect(page.get_by_role("button", name="Unpause")).to_be_visible()
        katze = (await learner.get("/api/v1/vocabulary/deck", params={"q": "katze"})).json()
        word = katze["items"][0]
        assert word["translations"] == ["cat", "kitty"]
        assert word["example_de"] == "Die Katze schläft."
        assert word["suspended"] is True
        await shoot(page, "deck-word")
        await assert_fits_360(page)

        # Lists: create and rename one, move the word into it.
        await page.goto("/#/deck?tab=lists")
        await expect(page.get_by_text("No lists yet.")).to_be_visible()
        await page.get_by_label("New list").fill("Tiere")
        await page.get_by_role("button", name="Create").click()
        await page.get_by_role("button", name="Rename Tiere").click()
        await page.get_by_label("New name for “Tiere”").fill("Haustiere")
        await page.get_by_role("button", name="Save").click()
        await expect(page.get_by_role("button", name="Study Haustiere")).to_be_visible()
        lists = (await learner.get("/api/v1/vocabulary/lists")).json()
        assert [entry["name"] for entry in lists] == ["Haustiere"]
        list_id = lists[0]["id"]

        await page.goto(f"/#/deck?word={word['id']}")
        await page.get_by_label("List", exact=True).select_option(label="Haustiere")
        await page.get_by_role("button", name="Move").click()
        await expect(page.locator("#toast")).to_have_text("Moved to “Haustiere”.")
        lists = (await learner.get("/api/v1/vocabulary/lists")).json()
        assert lists[0]["word_count"] == 1

        # Delete the word, then undo the delete from the list of words.
        await page.get_by_role("button", name="Delete word").click()
        await expect(page.locator(".deck-undo")).to_contain_text("Deleted “die Katze”.")
        await expect(page.locator(".deck-results")).to_contain_text("2 words")
        assert (await learner.get(f"/api/v1/vocabulary/deck/{word['id']}")).status_code == 404
        await page.locator(".deck-undo").get_by_role("button", name="Undo").click()
        await expect(page.locator(".deck-results")).to_contain_text("3 words")
        restored = await learner.get(f"/api/v1/vocabulary/deck/{word['id']}")
        assert restored.status_code == 200
        assert restored.json()["lists"] == [list_id]

        # Filter by the list, then study it: a review of that list only.
        await page.get_by_label("List", exact=True).select_option(label="Haustiere")
        await expect(page.locator(".deck-results")).to_contain_text("1 word")
        await page.goto("/#/deck?tab=lists")
        await page.get_by_role("button", name="Study Haustiere").click()
        await expect(page).to_have_url(re.compile(rf"#/review\?list_id={list_id}$"))
        await expect(page.get_by_role("heading", name="Review: Haustiere")).to_be_visible()
        # Its one word is paused: nothing to study in the list.
        await expect(page.get_by_text("Nothing due in this list")).to_be_visible()

        # Delete the list (its words stay).
        await page.goto("/#/deck?tab=lists")
        await page.get_by_role("button", name="Delete Haustiere").click()
        await page.get_by_role("button", name="Delete list").click()
        await expect(page.get_by_text("No lists yet.")).to_be_visible()
        assert (await learner.get("/api/v1/vocabulary/lists")).json() == []
        deck = (await learner.get("/api/v1/vocabulary/deck")).json()
        assert deck["total"] == 3


async def test_catalogue_search_adds_a_word(
    learner_page: tuple[Page, WebCredentials], web_server: str
) -> None:
    page, me = learner_page
    await page.goto("/#/deck?tab=add")
    await page.get_by_label("Search the catalogue (German or English)").fill("house")
    results = page.locator(".cat-results")
    await results.get_by_role("button", name="Add das Haus").click()
    await expect(results.locator(".badge").first).to_have_text("✓ In deck")
    async with api_as(web_server, me.email, me.password) as learner:
        deck = (await learner.get("/api/v1/vocabulary/deck")).json()
        assert [item["lemma"] for item in deck["items"]] == ["Haus"]


CSV = b"german,english,tags\r\nHund,dog,animals\r\nKatze,cat,animals\r\n,nothing here,\r\n"


async def test_import_a_csv_and_export_the_deck(
    learner_page: tuple[Page, WebCredentials], web_server: str, shoot: Shoot
) -> None:
    page, me = learner_page
    await page.goto("/#/deck?tab=files")
    file_input = page.get_by_label("CSV file or Anki package (.apkg)")

    # A file the API cannot read: its reason is shown.
    await file_input.set_input_files(
        {"name": "bad.csv", "mimeType": "text/csv", "buffer": b"english\r\ndog\r\n"}
    )
    await page.get_by_role("button", name="Import").click()
    await expect(page.get_by_role("alert")).to_contain_text(
        "The first row must name a German column"
    )

    await file_input.set_input_files({"name": "words.csv", "mimeType": "text/csv", "buffer": CSV})
    await page.get_by_role("button", name="Import").click()
    report = page.locator(".import-report")
    await expect(report).to_contain_text("Added 2 · merged 0 · rejected 1")
    await expect(report).to_contain_text("Row 4")
    await shoot(page, "deck-files")
    await assert_fits_360(page)
    async with api_as(web_server, me.email, me.password) as learner:
        deck = (await learner.get("/api/v1/vocabulary/deck")).json()
        assert sorted(item["lemma"] for item in deck["items"]) == ["Hund", "Katze"]

    async with page.expect_download() as download_info:
        await page.get_by_role("button", name="Download CSV").click()
    download = await download_info.value
    assert download.suggested_filename == "german-tutor.csv"
    exported = (await download.path()).read_text(encoding="utf-8-sig")
    assert exported.startswith("german,article,plural")
    assert "Hund,der,Hunde" in exported and "Katze" in exported

    async with page.expect_download() as download_info:
        await page.get_by_role("button", name="Download Anki package").click()
    package = await download_info.value
    assert package.suggested_filename == "german-tutor.apkg"
    assert (await package.path()).read_bytes()[:2] == b"PK"


async def test_a_topic_starter_pack_is_added_as_that_topic(
    learner_page: tuple[Page, WebCredentials], web_server: str, shoot: Shoot
) -> None:
    page, me = learner_page
    async with api_as(web_server, me.email, me.password) as learner:
        packs = (await learner.get("/api/v1/vocabulary/starter-packs?level=A2")).json()
        pack = next(p for p in packs if p["topic"])
        await page.goto("/#/deck?tab=add")
        # The learner's own level first; another level shows only its packs.
        await expect(page.get_by_label("Packs for level")).to_have_value("A1")
        await page.get_by_label("Packs for level").select_option("A2")
        packs_box = page.locator(".pack-list")
        await expect(packs_box.locator("li")).to_have_count(len(packs))
        await expect(packs_box).not_to_contain_text("A1 ·")
        await shoot(page, "deck-packs")
        await page.get_by_role("button", name=f"Add the pack A2 · {pack['topic']}").click()
        await expect(page.locator("#toast")).to_contain_text(f"“{pack['list_name']}”")
        lists = (await learner.get("/api/v1/vocabulary/lists")).json()
        assert [(w["name"], w["word_count"]) for w in lists] == [
            (pack["list_name"], pack["word_count"])
        ]
