"""Review in a real browser: add five words, then review them with the keyboard only
(Space shows, 1-4 rate, U undoes, Enter checks a typed answer), with the bot's feedback."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.web.conftest import Shoot, WebCredentials
from tests.web.learner_api import api_as, assert_fits_360

ARTICLE_KEYS = {"der": "1", "die": "2", "das": "3"}


async def add_typed_word(page: Page, text: str) -> None:
    box = page.get_by_label("German word (nouns with der/die/das)")
    await box.fill(text)
    await box.press("Enter")


async def test_add_five_words_and_review_them_with_the_keyboard(
    learner_page: tuple[Page, WebCredentials], web_server: str, shoot: Shoot
) -> None:
    page, me = learner_page
    await page.goto("/#/deck?tab=add")
    status = page.locator(".add-status")
    for word in ("der Hund", "der Tisch", "die Stadt"):
        await add_typed_word(page, word)
        await expect(status).to_contain_text(f"Added {word}.")
    # A wrong article is corrected ...
    await add_typed_word(page, "der Haus")
    await expect(status).to_contain_text("Added das Haus — the article is “das”")
    # ... and a typo gets "did you mean" buttons.
    await add_typed_word(page, "Katse")
    await expect(status).to_contain_text("is not in my word list. Did you mean")
    await expect(status).not_to_contain_text("force=true")
    await shoot(page, "deck-add-did-you-mean")
    await assert_fits_360(page)
    await status.get_by_role("button", name="Add die Katze").click()
    await expect(status).to_contain_text("Added die Katze.")

    async with api_as(web_server, me.email, me.password) as learner:
        due = (await learner.get("/api/v1/reviews/summary")).json()["total_due"]
        assert due == 15  # five nouns: recognition, recall and article cards

        await page.locator('#nav a[href="#/review"]').click()
        stage = page.locator(".review-stage")
        progress = page.locator(".review-progress")
        await expect(progress).to_have_text("1 of 15 · new word")
        undone = typed_wrong = False
        shot_front = False
        for _ in range(40):
            await expect(stage).not_to_have_class(re.compile("stage-loading"))
            classes = await stage.get_attribute("class") or ""
            if "stage-done" in classes:
                break
            assert "stage-front" in classes, classes
            head = (await learner.get("/api/v1/reviews/next")).json()[0]
            if head["kind"] == "recognition":
                if not shot_front:
                    await shoot(page, "review-front")
                    await assert_fits_360(page)
                    shot_front = True
                await page.keyboard.press("Space")
                buttons = page.locator(".rating-buttons")
                await expect(buttons).to_be_visible()
                await expect(buttons.get_by_role("button")).to_have_count(4)
                await expect(buttons).to_contain_text(re.compile(r"Again\s*1m"))
                await expect(buttons).to_contain_text(re.compile(r"Good\s*10m"))
                before = await progress.inner_text()
                await page.keyboard.press("3")
                await expect(stage).not_to_have_class(re.compile("stage-back"))
                if not undone:
                    # U takes the rating back: the same card, the same count.
                    await page.keyboard.press("Escape")
                    await page.keyboard.press("u")
                    await expect(page.locator(".review-note")).to_have_text(
                        "↩ Undone. Here it is again:"
                    )
                    await expect(progress).to_have_text(before)
                    await expect(stage.locator(".card-prompt")).to_have_text(head["prompt"])
                    undone = True
            elif head["kind"] == "article":
                await page.keyboard.press(ARTICLE_KEYS[head["answer"]])
                await expect(stage.locator(".verdict")).to_contain_text("Richtig!")
                await page.keyboard.press("Space")
                await expect(stage).not_to_have_class(re.compile("stage-result"))
            else:
                answer = page.get_by_label(re.compile(r"^German"))
                await expect(answer).to_be_focused()
                if not typed_wrong:
                    typed = head["answer"][:-1] + "x"
                    await page.keyboard.type(typed)
                    await page.keyboard.press("Enter")
                    verdict = stage.locator(".verdict")
                    await expect(verdict).to_contain_text(
                        re.compile(rf"(Not quite|Almost) — it's {re.escape(head['answer'])}\.")
                    )
                    await expect(verdict).to_contain_text(f"You wrote: {typed}")
                    await expect(verdict).to_contain_text(f"Answer: {head['answer']}")
                    await expect(verdict.locator("mark").first).to_have_text("x")
                    await shoot(page, "review-verdict")
                    await assert_fits_360(page)
                    await stage.get_by_role("button", name="I was right").click()
                    await expect(page.locator(".review-note")).to_contain_text(
                        f"Counted as right: {head['answer']} (Good, back in 10m)."
                    )
                    typed_wrong = True
                else:
                    await page.keyboard.type(head["answer"])
                    await page.keyboard.press("Enter")
                    await expect(stage.locator(".verdict")).to_contain_text(
                        f"Richtig! {head['answer']}"
                    )
                await expect(page.locator("#review-next")).to_be_focused()
                await page.keyboard.press("Enter")
                await expect(stage).not_to_have_class(re.compile("stage-result"))
        else:
            raise AssertionError("the review never finished")

        assert undone and typed_wrong
        await expect(stage).to_contain_text("15 cards reviewed. Gut gemacht!")
        await expect(stage.locator(".review-goal")).to_contain_text(
            re.compile(r"Daily goal: \d+ / 20 XP")
        )
        await expect(stage).to_contain_text("Goal met!")
        await shoot(page, "review-done")
        await assert_fits_360(page)

        log = (await learner.get("/api/v1/reviews/log")).json()
        kept = [entry for entry in log if not entry["undone"]]
        assert len(kept) == 15
        assert {entry["rating"] for entry in kept} == {3}
        assert [e["source"] for e in kept].count("override") == 1
        assert len(log) - len(kept) == 2  # the undone rating and the overridden answer
        assert (await learner.get("/api/v1/reviews/summary")).json()["total_due"] == 0


async def test_nothing_due_points_to_the_deck(
    learner_page: tuple[Page, WebCredentials], shoot: Shoot
) -> None:
    page, _ = learner_page
    await page.goto("/#/review")
    await expect(page.get_by_role("heading", name="Nothing due right now.")).to_be_visible()
    await shoot(page, "review-empty")
    await assert_fits_360(page)
    await page.get_by_role("link", name="add words in Deck").click()
    await expect(page.get_by_label("German word (nouns with der/die/das)")).to_be_visible()


async def test_new_words_only_as_today_links_it(
    learner_page: tuple[Page, WebCredentials], web_server: str
) -> None:
    page, me = learner_page
    async with api_as(web_server, me.email, me.password) as learner:
        added = await learner.post("/api/v1/vocabulary/deck", json={"text": "der Hund"})
        assert added.status_code == 201, added.text
        await learner.patch("/api/v1/users/me", json={"new_cards_per_day": 0})
    await page.goto("/#/review?new_only=true")
    await expect(page.get_by_role("heading", name="New words")).to_be_visible()
    await expect(page.get_by_text("No new words left for today")).to_be_visible()
    async with api_as(web_server, me.email, me.password) as learner:
        await learner.patch("/api/v1/users/me", json={"new_cards_per_day": 20})
    await page.reload()
    await expect(page.locator(".review-progress")).to_have_text("1 of 3 · new word")
    await expect(page.locator(".card-prompt")).to_be_visible()


async def test_plural_cards_turned_on_and_answered_by_typing(
    learner_page: tuple[Page, WebCredentials], web_server: str, shoot: Shoot
) -> None:
    page, me = learner_page
    await page.goto("/#/settings")
    await page.get_by_label("Plural cards (das Haus → die Häuser)").check()
    await page.get_by_role("button", name="Save learning").click()
    learning = page.locator("form", has=page.get_by_role("heading", name="Learning"))
    await expect(learning.locator(".form-status")).to_have_text("Saved.")
    await page.goto("/#/deck?tab=add")
    await add_typed_word(page, "das Haus")
    await expect(page.locator(".add-status")).to_contain_text("Added das Haus.")

    async with api_as(web_server, me.email, me.password) as learner:
        due = (await learner.get("/api/v1/reviews/summary")).json()["total_due"]
        assert due == 4  # recognition, recall, article and the plural card
        await page.locator('#nav a[href="#/review"]').click()
        stage = page.locator(".review-stage")
        for _ in range(4):
            await expect(stage).to_have_class(re.compile("stage-front"))
            head = (await learner.get("/api/v1/reviews/next")).json()[0]
            if head["kind"] == "plural":
                break
            # The other cards of the word, answered right.
            if head["kind"] == "recognition":
                await page.keyboard.press("Space")
                await expect(stage).to_have_class(re.compile("stage-back"))
                await page.keyboard.press("3")
            else:
                if head["kind"] == "article":
                    await page.keyboard.press(ARTICLE_KEYS[head["answer"]])
                else:
                    await page.keyboard.type(head["answer"])
                    await page.keyboard.press("Enter")
                await expect(page.locator("#review-next")).to_be_focused()
                await page.keyboard.press("Enter")
            await expect(stage).not_to_have_attribute("data-kind", head["kind"])
        else:
            raise AssertionError("no plural card came up")

        # The plural card: its prompt, a box labelled for the plural, the API's feedback.
        await expect(stage).to_have_attribute("data-kind", "plural")
        await expect(stage.locator(".card-prompt")).to_have_text(head["prompt"])
        box = page.get_by_label("Plural", exact=True)
        await expect(box).to_be_focused()
        await shoot(page, "review-plural")
        async with page.expect_response(re.compile(r"/api/v1/reviews$")) as answered:
            await box.fill("die Hauser")
            await box.press("Enter")
        result = await (await answered.value).json()
        assert result["verdict"] != "correct" and result["reason"]
        verdict = stage.locator(".verdict")
        await expect(verdict).to_contain_text(f"it's {result['expected']}.")
        await expect(verdict.locator(".verdict-reason")).to_have_text(result["reason"])
        await shoot(page, "review-plural-verdict")

        # Undo, and type it right with the umlaut row.
        await page.keyboard.press("u")
        await expect(stage).to_have_attribute("data-kind", "plural")
        await box.fill("die H")
        await page.get_by_role("button", name="Insert ä").click()
        await box.press_sequentially("user")
        await expect(box).to_have_value("die Häuser")
        await box.press("Enter")
        await expect(stage.locator(".verdict")).to_contain_text("Richtig! die Häuser")
