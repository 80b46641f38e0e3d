"""/achievements in the bot, and an unlock told in the chat: a learner adds their 25th word."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import COMMANDS
from bot.context import BotApplication
from bot.render.achievements import MESSAGE_LIMIT, achievements_pages
from core.achievements.schemas import AchievementProgress
from core.db import Database
from core.models import User
from core.settings import Settings
from tests.achievements.history import History
from tests.helpers.bot import BotChat
from tests.helpers.worker import run_queued_jobs, send_followups_now


async def test_achievements_with_progress_and_an_unlock_in_the_chat(
    polling_bot: BotApplication, anna: BotChat, content: Database, bot_settings: Settings
) -> None:
    board = await anna.send("/achievements")
    text = board.text or ""
    assert text.startswith("🏆 Achievements — 0 of 45 unlocked"), text
    assert "💬 Conversation (0/8)" in text
    assert "▫️ Eisbrecher: 0/1 scenarios\n" in text
    assert "▫️ Wortschatzsucher: 0/25 words" in text
    assert "✅" not in text
    assert len(text) <= MESSAGE_LIMIT

    async with content.unit_of_work() as session:
        user_id = await session.scalar(select(User.id).where(User.telegram_user_id == anna.user.id))
        assert user_id is not None
        await History(user_id).add(session, "words_in_deck", 24)
    added = await anna.send("/add der Hund")
    assert "Added der Hund" in (added.text or ""), added.text
    await send_followups_now(content)  # the check, due FOLLOWUP_DELAY after the word was added
    await run_queued_jobs(bot_settings)
    await run_queued_jobs(bot_settings)
    notice = await anna.next()
    assert notice.text == (
        "🏆 Achievement unlocked: Wortschatzsucher — Have 25 words in your vocabulary deck."
        "\n\n/achievements shows all of them."
    )

    after = (await anna.send("/achievements")).text or ""
    assert after.startswith("🏆 Achievements — 1 of 45 unlocked"), after
    assert "📚 Vocabulary (1/12)" in after
    assert "✅ Wortschatzsucher — Have 25 words in your vocabulary deck." in after
    assert "▫️ Wortsammler: 25/100 words" in after


async def test_the_command_is_listed_and_in_help(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    assert "achievements" in [command.command for command in COMMANDS]
    help_text = (await anna.send("/help")).text or ""
    assert "/achievements — what you have unlocked and how close you are to the rest" in help_text


def test_a_long_board_is_split_under_telegrams_limit() -> None:
    item = AchievementProgress(
        slug="x",
        name="Ein sehr langer Name, so lang wie keiner im Inhalt, " * 3,
        description="A description.",
        tier="gold",
        category="vocabulary",
        criterion_kind="words_in_deck",
        threshold=100,
        progress=143,
        unit="words",
        unlocked_at=None,
    )
    board = [item.model_copy(update={"category": c}) for c in ("a", "b") for _ in range(40)]
    pages = achievements_pages(board)
    assert len(pages) > 1
    assert all(len(page) <= MESSAGE_LIMIT for page in pages)
    joined = "\n".join(pages)
    assert joined.count("▫️") == 80
    # Progress beyond the threshold is shown as the threshold reached.
    assert "100/100 words" in joined


async def test_finishing_a_first_scene_unlocks_eisbrecher(
    polling_bot: BotApplication, anna: BotChat, content: Database, bot_settings: Settings
) -> None:
    await anna.send("/talk")
    opening = await anna.press_new_message("Im Café")
    assert "Offline tutor" in (opening.text or "")
    for text in ("Hallo! Einen Kaffee, bitte.", "Mit Milch, bitte.", "Was kostet das?"):
        before = anna.tg.mark()
        await anna.tg.send_text(anna.user, text)
        await anna.tg.wait_for_call("sendChatAction", chat_id=anna.user.id, since=before)
        await run_queued_jobs(bot_settings)  # the tutor answers; XP paid, a check finds nothing
    assert not [
        c
        for c in anna.tg.calls_to("sendMessage", chat_id=anna.user.id, ok=True)
        if "🏆" in (c.text or "")
    ]
    summary = await anna.send("/end")
    assert "Conversation summary" in (summary.text or "")
    await send_followups_now(content)  # the check, due FOLLOWUP_DELAY after the scene ended
    await run_queued_jobs(bot_settings)
    await run_queued_jobs(bot_settings)
    notice = await anna.next()
    assert notice.text == (
        "🏆 Achievement unlocked: Eisbrecher — Complete your first conversation scenario."
        "\n\n/achievements shows all of them."
    )
    board = (await anna.send("/achievements")).text or ""
    assert "✅ Eisbrecher — Complete your first conversation scenario." in board
    assert "▫️ Aufgetaut: 3/50 replies" in board
