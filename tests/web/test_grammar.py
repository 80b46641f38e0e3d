"""Grammar in a real browser: topics by level, a topic's explanation, a drill that goes
through every kind it is given — the word order built by tapping words from the keyboard,
and by dragging — with the API's feedback, and the placement test to its result."""

from __future__ import annotations

import re

from playwright.async_api import Locator, Page, expect

from core.db import Database
from core.models import Exercise
from tests.web.conftest import Shoot, WebCredentials

TOPIC = "accusative-case"
KINDS = ("multiple_choice", "fill_blank", "error_correction", "translation", "word_order")


def _norm(text: str) -> list[str]:
    return [w for w in (re.sub(r"[^\w]", "", t).casefold() for t in text.split()) if w]


def token_order(tokens: list[str], answer: str) -> list[int]:
    """The indices of `tokens` that spell `answer` (each token used once)."""
    wanted = _norm(answer)
    order: list[int] = []
    while wanted:
        index = next(
            i
            for i, token in enumerate(tokens)
            if i not in order and _norm(token) and wanted[: len(_norm(token))] == _norm(token)
        )
        order.append(index)
        wanted = wanted[len(_norm(tokens[index])) :]
    assert sorted(order) == list(range(len(tokens))), (tokens, answer)
    return order


async def _exercise(database: Database, exercise_id: int) -> Exercise:
    async with database.unit_of_work() as session:
        exercise = await session.get(Exercise, exercise_id)
    assert exercise is not None
    return exercise


async def _question(tab: Page, position: int) -> Locator:
    """The exercise at `position` once it is asked (the screen is redrawn after each step)."""
    screen = tab.locator(f'.gr-drill[data-stage="question"][data-position="{position}"]')
    await expect(screen).to_be_visible()
    return screen.locator(".gr-exercise")


async def _answer_plainly(card: Locator, kind: str) -> None:
    """Any answer: the first option, or a typed word."""
    if kind == "multiple_choice":
        await card.page.keyboard.press("1")
    else:
        field = card.get_by_role("textbox")
        await field.fill("Hund")
        await field.press("Enter")


async def test_topics_explanation_and_a_drill_with_tap_to_build(
    learner_page: tuple[Page, WebCredentials], shoot: Shoot, database: Database
) -> None:
    tab, _ = learner_page
    await tab.get_by_role("navigation", name="Main").get_by_role("link", name="Grammar").click()
    await expect(tab.get_by_role("heading", name="Grammar", exact=True)).to_be_visible()
    levels = tab.get_by_role("navigation", name="Levels")
    await expect(levels.get_by_role("link", name=re.compile(r"^A1 · \d+"))).to_have_attribute(
        "aria-current", "page"
    )
    await shoot(tab, "grammar-topics")
    await levels.get_by_role("link", name=re.compile(r"^B1 ·")).click()
    await expect(tab.get_by_role("list", name="B1 topics")).to_be_visible()
    await levels.get_by_role("link", name=re.compile(r"^A1 ·")).click()

    await tab.get_by_role("link", name="The accusative case").click()
    await expect(tab.get_by_role("heading", name="The accusative case")).to_be_visible()
    explanation = tab.get_by_role("region", name="Explanation")
    await expect(explanation.locator("table th", has_text="accusative")).to_be_visible()
    await expect(explanation.locator("strong", has_text="direct object").first).to_be_visible()
    await expect(tab.get_by_role("heading", name="Common mistakes")).to_be_visible()
    await shoot(tab, "grammar-topic")

    await tab.get_by_test_id("start-drill").click()
    seen: set[str] = set()
    for position in range(10):
        card = await _question(tab, position)
        kind = await card.get_attribute("data-kind")
        assert kind
        seen.add(kind)
        if kind == "word_order":
            exercise_id = int(await card.get_attribute("data-exercise") or 0)
            exercise = await _exercise(database, exercise_id)
            tokens = exercise.tokens or []
            order = token_order(tokens, exercise.answer)
            await shoot(tab, "grammar-word-order")
            # Drag where a mouse is at hand: the first word dragged into the sentence, then
            # taken back out with Undo; then every word tapped from the keyboard.
            sentence = tab.get_by_test_id("wo-sentence")
            pool = card.locator(".wo-pool")
            await pool.locator(f'[data-token="{order[0]}"]').drag_to(sentence)
            await expect(sentence.locator(".wo-placed")).to_have_text([tokens[order[0]]])
            await card.get_by_role("button", name="⌫ Undo").click()
            await expect(sentence.locator(".wo-placed")).to_have_count(0)
            for index in order:
                await pool.locator(f'[data-token="{index}"]').focus()
                await tab.keyboard.press("Enter")
            await expect(sentence.locator(".wo-placed")).to_have_text([tokens[i] for i in order])
            await expect(pool.locator("button")).to_have_count(0)
            await expect(card.get_by_test_id("wo-check")).to_be_focused()
            await shoot(tab, "grammar-word-order-built")
            await tab.keyboard.press("Enter")
            feedback = tab.get_by_test_id("feedback")
            await expect(feedback).to_contain_text("✅ Richtig!")
            await expect(feedback).to_contain_text(f"Answer: {exercise.answer}")
            await expect(feedback).to_contain_text(f"💡 {exercise.explanation}")
            await shoot(tab, "grammar-feedback")
        else:
            await _answer_plainly(card, kind)
            await expect(tab.get_by_test_id("feedback")).to_be_visible()
        next_button = tab.get_by_test_id("drill-next")
        await expect(next_button).to_be_focused()
        label = await next_button.text_content()
        await next_button.click()
        if label and "Finish" in label:
            break
    # A topic drill takes the kinds in turn: the accusative's ten exercises hold all five.
    assert seen == set(KINDS), seen
    done = tab.locator(".gr-done")
    await expect(done).to_contain_text("🏁 Fertig!")
    await expect(done.get_by_role("link", name="The accusative case")).to_be_visible()
    await shoot(tab, "grammar-done")


async def test_a_typed_wrong_answer_shows_the_why_and_can_be_claimed(
    learner_page: tuple[Page, WebCredentials],
) -> None:
    tab, _ = learner_page
    await tab.goto(f"/#/grammar?topic={TOPIC}")
    await tab.get_by_test_id("start-drill").click()
    for position in range(10):
        card = await _question(tab, position)
        kind = await card.get_attribute("data-kind")
        if kind in ("fill_blank", "translation", "error_correction"):
            break
        if kind == "word_order":
            await card.locator(".wo-pool button").first.click()
            await card.get_by_test_id("wo-check").click()
        else:
            await _answer_plainly(card, kind or "")
        await tab.get_by_test_id("drill-next").click()
    field = card.get_by_role("textbox")
    await field.fill("")
    await card.get_by_role("button", name="Insert ä", exact=True).click()
    await expect(field).to_have_value("ä")
    await field.fill("Quatsch")
    await field.press("Enter")
    feedback = tab.get_by_test_id("feedback")
    await expect(feedback).to_contain_text("❌ Not quite.")
    await expect(feedback).to_contain_text("Your answer: Quatsch")
    await tab.get_by_role("button", name="🙋 I was right").click()
    await expect(feedback).to_contain_text("(you said you were right)")


async def test_the_placement_test_runs_to_a_level(
    learner_page: tuple[Page, WebCredentials], shoot: Shoot
) -> None:
    tab, _ = learner_page
    await tab.goto("/#/grammar")
    await tab.get_by_role("link", name="🧭 Placement test").click()
    await tab.get_by_test_id("placement-start").click()
    result = tab.get_by_test_id("placement-result")
    for n in range(21):
        screen = tab.locator(f'.gr-placement[data-answered="{n}"]')
        await expect(screen).to_be_visible()
        if await result.is_visible():
            break
        card = screen.locator(".gr-exercise")
        if n == 1:
            await shoot(tab, "grammar-placement")
            last = tab.locator(".gr-last")
            await expect(last).to_have_text(re.compile(r"✅ Richtig!|❌ It was: "))
        await _answer_plainly(card, await card.get_attribute("data-kind") or "")
    await expect(result).to_contain_text(re.compile(r"Your level: (A1|A2|B1|B2|C1) \(\d+% sure"))
    await expect(result).to_contain_text("It is set on your profile.")
    # The topics to start with are named by their titles and open their pages.
    links = result.get_by_role("link")
    assert await links.count() > 0
    for link in await links.all():
        slug = (await link.get_attribute("href") or "").rsplit("=", 1)[-1]
        assert slug and await link.text_content() not in ("", slug)
    await shoot(tab, "grammar-placement-result")
