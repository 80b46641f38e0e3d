"""Talk in a real browser: a scene with the offline tutor, three turns with the typing
indicator while the reply is made, corrections struck through and bolded, a new word added
to the deck with ➕, the learner's own scene written, changed and played, the end report."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from arq.worker import Worker
from playwright.async_api import Dialog, Page, expect

from core.settings import Settings
from jobs.worker import worker_settings
from tests.web.conftest import Shoot, WebCredentials
from tests.web.learner_api import api_as

StartWorker = Callable[[], Awaitable[None]]

FAULTY = "Ich möchte einen Tee. Ich gehe mit der Kind."
# The first reply waits for the worker to start (it loads the tutor's lexical data).
REPLY_MS = 60_000
MARKUP = '<b>Hallo</b> <img src="x" onerror="alert(1)">'
MESSAGE_BOX = "Your message (Enter sends, Shift+Enter a new line)"
KEY_WORDS = "Key words (comma-separated, up to 12)"
MESSAGES = (FAULTY, "Ein Stück Käsekuchen, bitte.", "Mit Karte, bitte.")


@pytest.fixture
async def worker(settings: Settings) -> AsyncIterator[StartWorker]:
    """start(): the real arq worker from then on, making the tutor's replies (no cron). It
    runs on the test settings without a bot token (the replies go to the web page, and a
    worker with a token would call Telegram at start-up)."""
    running: list[tuple[Worker, asyncio.Task[None]]] = []

    async def start() -> None:
        if running:
            return
        options = {**worker_settings(settings), "cron_jobs": [], "poll_delay": 0.1}
        arq_worker = Worker(**options, handle_signals=False)
        running.append((arq_worker, asyncio.create_task(arq_worker.async_run())))

    yield start
    for arq_worker, task in running:
        await arq_worker.close()
        await asyncio.gather(task, return_exceptions=True)


async def _send(tab: Page, text: str) -> None:
    box = tab.get_by_label(MESSAGE_BOX)
    await box.fill(text)
    await box.press("Enter")
    await expect(box).to_have_value("")


async def test_three_turns_with_the_offline_tutor(
    learner_page: tuple[Page, WebCredentials], worker: StartWorker, shoot: Shoot, web_server: str
) -> None:
    tab, credentials = learner_page
    await tab.get_by_role("navigation", name="Main").get_by_role("link", name="Talk").click()
    await expect(tab.get_by_role("heading", name="Scenes", exact=True)).to_be_visible()
    await shoot(tab, "talk-scenes")

    await tab.locator('button[data-slug="cafe-ordering"]').click()
    chat = tab.get_by_test_id("chat")
    await expect(chat.locator(".turn.tutor")).to_have_count(1)  # the opening line

    # No worker yet: the message is stored (202) and the typing indicator waits for a reply.
    await _send(tab, MESSAGES[0])
    await expect(chat.locator(".turn.learner")).to_have_count(1)
    await expect(tab.get_by_test_id("typing")).to_be_visible()
    await expect(tab.get_by_test_id("typing")).to_contain_text("The tutor is typing")
    await worker()
    await expect(chat.locator(".turn.tutor")).to_have_count(2, timeout=REPLY_MS)
    await expect(tab.get_by_test_id("typing")).to_have_count(0)

    first = chat.locator(".turn.learner").first
    await expect(first.locator(".bubble del")).to_have_count(1)
    await expect(first.locator(".bubble strong")).to_have_count(1)
    wrong = await first.locator(".bubble del").text_content()
    right = await first.locator(".bubble strong").text_content()
    assert wrong and right and wrong != right and wrong in FAULTY
    await expect(first.locator(".corrections li")).to_have_count(1)
    await expect(first.locator(".corrections li del")).to_have_text(wrong)
    await expect(first.locator(".corrections li strong")).to_have_text(right)

    for text in MESSAGES[1:]:
        await _send(tab, text)
    await expect(chat.locator(".turn.learner")).to_have_count(3)
    await expect(chat.locator(".turn.tutor")).to_have_count(4, timeout=REPLY_MS)
    # Each reply follows its own message.
    roles = await chat.locator(".turn").evaluate_all("(els) => els.map((e) => e.classList[1])")
    assert roles == ["tutor", "learner", "tutor", "learner", "tutor", "learner", "tutor"]

    # ➕ puts one of the tutor's new words into the deck.
    add = chat.locator("button.add-word").first
    label = await add.get_attribute("aria-label")
    assert label and label.startswith("Add ")
    headword = label.removeprefix("Add ").removesuffix(" to my deck")
    await add.click()
    await expect(add).to_have_text("✓")
    await expect(tab.locator("#toast")).to_contain_text(f"Added “{headword}” to your deck.")
    async with api_as(web_server, credentials.email, credentials.password) as api:
        deck = (await api.get("/api/v1/vocabulary/deck")).json()
    lemma = headword.split()[-1]
    assert [w["lemma"] for w in deck["items"]] == [lemma]
    await shoot(tab, "talk-chat")

    await tab.get_by_test_id("finish").click()
    report = tab.get_by_test_id("report")
    await expect(report).to_contain_text("3 messages · 1 with something to fix")
    await expect(report.locator(".corrections li")).to_have_count(1)
    await expect(tab.get_by_label(MESSAGE_BOX)).to_have_count(0)
    await shoot(tab, "talk-report")


async def test_the_learners_own_scene_is_written_changed_played_and_deleted(
    learner_page: tuple[Page, WebCredentials], worker: StartWorker, shoot: Shoot
) -> None:
    tab, _ = learner_page
    await tab.goto("/#/talk")
    await expect(tab.get_by_text("No scenes of your own yet.")).to_be_visible()
    await tab.get_by_text("✍️ Write your own scene").click()
    await tab.get_by_label("Title").fill("Beim Fahrradladen")
    await tab.get_by_label("Setting").fill("A small bike shop in Leipzig on a rainy Saturday.")
    await tab.get_by_label("The tutor plays").fill("the mechanic")
    await tab.get_by_label("Your goal").fill("Get a flat tyre fixed by Monday.")
    await tab.get_by_label("Level").select_option("A2")
    await tab.get_by_label(KEY_WORDS).fill("Reifen, Fahrrad, reparieren")
    await tab.get_by_role("button", name="Save scene").click()
    await expect(tab.locator(".talk-my-scenes li")).to_have_count(1)
    await expect(tab.locator(".talk-my-scenes")).to_contain_text(
        "Key words: Reifen, Fahrrad, reparieren"
    )
    await shoot(tab, "talk-my-scene")

    # Changed in place: the form holds the scene as it is, the list shows the change.
    mine = tab.locator(".talk-my-scenes li")
    await mine.get_by_role("button", name="Edit Beim Fahrradladen").click()
    await expect(mine.get_by_label("The tutor plays")).to_have_value("the mechanic")
    await expect(mine.get_by_label(KEY_WORDS)).to_have_value("Reifen, Fahrrad, reparieren")
    await mine.get_by_label("Your goal").fill("Get a flat tyre fixed by Tuesday.")
    await mine.get_by_label("Level").select_option("B1")
    await mine.get_by_role("button", name="Save changes").click()
    await expect(tab.locator("#toast")).to_have_text("Scene changed.")
    await expect(mine).to_contain_text("You: Get a flat tyre fixed by Tuesday.")
    await expect(mine.locator(".gr-badge")).to_have_text("B1")

    await tab.get_by_role("button", name="Play Beim Fahrradladen").click()
    await expect(tab.get_by_role("heading", name="Beim Fahrradladen")).to_be_visible()
    await worker()
    chat = tab.get_by_test_id("chat")
    openers = await chat.locator(".turn.tutor").count()
    await _send(tab, "Mein Fahrrad hat einen platten Reifen.")
    await expect(chat.locator(".turn.tutor")).to_have_count(openers + 1, timeout=REPLY_MS)
    await expect(chat.locator(".turn").last).to_have_class(re.compile(r"\btutor\b"))
    await expect(tab.get_by_test_id("typing")).to_have_count(0)

    # Markup in a message is text, never markup.
    await _send(tab, MARKUP)
    await expect(chat.locator(".turn.tutor")).to_have_count(openers + 2, timeout=REPLY_MS)
    await expect(chat.locator(".turn.learner .bubble").last).to_have_text(MARKUP)
    await expect(chat.locator("img, b")).to_have_count(0)

    # The scene is still there to play again, and can be deleted.
    await tab.get_by_role("link", name="← Scenes").click()
    await expect(tab.get_by_role("link", name="▶ Continue: Beim Fahrradladen")).to_be_visible()
    tab.once("dialog", accept)
    await tab.get_by_role("button", name="Delete Beim Fahrradladen").click()
    await expect(tab.get_by_text("No scenes of your own yet.")).to_be_visible()


async def test_todays_scene_from_the_plan_is_offered_first(
    learner_page: tuple[Page, WebCredentials],
) -> None:
    tab, _ = learner_page
    plan_link = tab.locator(".plan-items a", has_text="Talk: ")
    label = (await plan_link.inner_text()).removeprefix("Talk: ").removesuffix("→").strip()
    await plan_link.click()
    suggested = tab.get_by_test_id("suggested-scene")
    await expect(suggested.get_by_role("heading")).to_have_text(f"Today’s scene: {label}")
    await suggested.get_by_role("button", name="▶ Start this scene").click()
    await expect(tab.get_by_role("heading", name=label)).to_be_visible()
    await expect(tab.get_by_test_id("chat").locator(".turn.tutor")).to_have_count(1)


async def test_a_bad_scene_is_refused_with_the_reason(
    learner_page: tuple[Page, WebCredentials],
) -> None:
    tab, _ = learner_page
    await tab.goto("/#/talk")
    await tab.get_by_text("✍️ Write your own scene").click()
    await tab.get_by_label("Title").fill("Zu viele Wörter")
    await tab.get_by_label("Setting").fill("Somewhere.")
    await tab.get_by_label("The tutor plays").fill("a friend")
    await tab.get_by_label("Your goal").fill("Talk.")
    words = ", ".join(f"Wort{n}" for n in range(13))
    await tab.get_by_label(KEY_WORDS).fill(words)
    await tab.get_by_role("button", name="Save scene").click()
    await expect(tab.locator("#toast")).to_contain_text("key_words")
    await expect(tab.get_by_text("No scenes of your own yet.")).to_be_visible()


async def accept(dialog: Dialog) -> None:
    await dialog.accept()
