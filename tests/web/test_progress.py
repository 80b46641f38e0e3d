"""Progress in a real browser: a quiz answered from the keyboard earns XP, which seats the
learner in this week's league; the display name they choose is what the table shows;
leaving and joining the leagues; achievements with their progress; the article drill."""

from __future__ import annotations

import re

from playwright.async_api import Dialog, Page, expect

from tests.web.conftest import Shoot, WebCredentials
from tests.web.learner_api import api_as


async def test_quiz_league_name_and_achievements(
    learner_page: tuple[Page, WebCredentials], shoot: Shoot
) -> None:
    tab, _ = learner_page
    await tab.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    await expect(tab.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
    league = tab.get_by_test_id("league")
    await expect(league).to_contain_text("Earn XP this week to join a group.")

    # A quiz, answered with the number keys.
    await tab.get_by_test_id("start-quiz").click()
    await expect(tab.get_by_role("heading", name="❓ Quiz")).to_be_visible()
    await shoot(tab, "progress-quiz")
    for n in range(10):
        await expect(tab.get_by_text(f"{n + 1} of 10", exact=True)).to_be_visible()
        await tab.keyboard.press("1")
        verdict = tab.locator(".pr-verdict")
        await expect(verdict).to_contain_text(re.compile(r"✅ Richtig!|❌ Not quite\."))
        if n == 0:
            await shoot(tab, "progress-quiz-answer")
        await expect(tab.get_by_test_id("quiz-next")).to_be_focused()
        await tab.keyboard.press("Enter")
    summary = tab.get_by_test_id("quiz-summary")
    await expect(summary).to_contain_text(re.compile(r"🏁 \d+ of 10 right\."))
    await expect(summary.locator("li")).to_have_count(10)
    await shoot(tab, "progress-quiz-summary")

    # The display name is what the league shows.
    await tab.get_by_role("link", name="Progress", exact=True).last.click()
    await tab.get_by_label("Your display name").fill("Lena aus Leipzig")
    await tab.get_by_role("button", name="Save name").click()
    await expect(tab.locator("#toast")).to_have_text("Name saved.")
    # Seen afresh: the page drawn again from the API.
    await tab.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    await expect(tab.get_by_role("heading", name="Your plan for today")).to_be_visible()
    await tab.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    league = tab.get_by_test_id("league")
    me = league.locator("tr.me")
    await expect(me).to_contain_text("Lena aus Leipzig (you)")
    await expect(league.get_by_role("heading")).to_contain_text("League: ")
    await expect(tab.get_by_label("Your display name")).to_have_value("Lena aus Leipzig")

    # Achievements with progress: the first category open, each a progress bar and a count.
    achievements = tab.get_by_test_id("achievements")
    await expect(achievements.get_by_role("heading")).to_have_text(
        re.compile(r"Achievements \(\d+ of \d+\)")
    )
    first = achievements.locator("details").first
    await expect(first).to_have_attribute("open", "")
    await expect(first.locator("progress").first).to_be_visible()
    await expect(first.locator("li").first).to_contain_text(re.compile(r"\d+/\d+ \w+|Unlocked"))
    await shoot(tab, "progress")

    # Leaving the leagues takes the learner off the table; joining brings them back.
    tab.once("dialog", accept)
    await league.get_by_role("button", name="Leave the leagues").click()
    await expect(league).to_contain_text("You left the weekly leagues")
    await expect(league.locator("tr.me")).to_have_count(0)
    await league.get_by_role("button", name="Join the leagues").click()
    await expect(league.locator("tr.me")).to_contain_text("Lena aus Leipzig (you)")


async def accept(dialog: Dialog) -> None:
    await dialog.accept()


async def test_article_drill_with_rules_and_a_summary_with_xp(
    learner_page: tuple[Page, WebCredentials], web_server: str, shoot: Shoot
) -> None:
    tab, me = learner_page
    await tab.goto("/#/progress")
    card = tab.get_by_test_id("article-drill-card")
    await card.get_by_role("link", name="Start the article drill").click()
    await expect(tab.get_by_role("heading", name="🎯 der, die oder das?")).to_be_visible()
    noun = tab.get_by_test_id("article-noun")
    await expect(noun).not_to_be_empty()
    drill_id = int(tab.url.rsplit("=", 1)[1])

    async with api_as(web_server, me.email, me.password) as learner:
        drill = (await learner.get(f"/api/v1/article-drills/{drill_id}")).json()
        total = drill["total"]
        assert await noun.text_content() == drill["current"]
        await expect(tab.get_by_text(f"1 of {total}", exact=True)).to_be_visible()
        await shoot(tab, "progress-articles")

        # The first noun by clicking, the second with key 2: each verdict names the right
        # article (as the API has it), the translation and the rule when one applies.
        await tab.get_by_role("button", name="der").click()
        await expect(tab.get_by_text(f"2 of {total}", exact=True)).to_be_visible()
        first = (await learner.get(f"/api/v1/article-drills/{drill_id}")).json()["last"]
        assert first["chosen"] == "der"
        verdict = tab.get_by_test_id("article-verdict")
        await expect(verdict).to_contain_text(f"{first['article']} {first['lemma']}")
        await expect(verdict).to_contain_text("✅ Richtig" if first["correct"] else "not der")
        if first["translation"]:
            await expect(verdict).to_contain_text(first["translation"])
        if first["rule"]:
            await expect(verdict).to_contain_text(first["rule"])
        await tab.keyboard.press("2")
        await expect(tab.get_by_text(f"3 of {total}", exact=True)).to_be_visible()
        await shoot(tab, "progress-articles-verdict")

        # A reload picks the round up where it was; so does the Progress page.
        await tab.reload()
        await expect(tab.get_by_text(f"3 of {total}", exact=True)).to_be_visible()
        await tab.goto("/#/progress")
        await tab.get_by_role("link", name=f"Continue your round (3 of {total})").click()
        await expect(tab.get_by_text(f"3 of {total}", exact=True)).to_be_visible()

        for n in range(3, total + 1):
            await expect(tab.get_by_text(f"{n} of {total}", exact=True)).to_be_visible()
            await tab.keyboard.press("3")
        summary = tab.get_by_test_id("article-summary")
        await expect(summary).to_contain_text("🏁 Fertig!")
        finished = (await learner.post(f"/api/v1/article-drills/{drill_id}/finish")).json()
        assert finished["answered"] == total
        await expect(summary).to_contain_text(f"{finished['right']} of {total} right.")
        await expect(summary).to_contain_text(f"+{finished['xp']} XP")
        await expect(summary.locator("li")).to_have_count(total)
        for mistake in finished["mistakes"]:
            await expect(summary).to_contain_text(mistake)
        assert finished["xp"] > 0
        await shoot(tab, "progress-articles-summary")
        await tab.get_by_role("link", name="New round").click()
        await expect(tab.get_by_test_id("article-noun")).not_to_be_empty()
        assert int(tab.url.rsplit("=", 1)[1]) != drill_id
