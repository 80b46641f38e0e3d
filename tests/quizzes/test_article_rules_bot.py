"""The article drill teaches: after each answer, the noun's meaning and the gender rule it
follows (or breaks), read in the message the learner sees."""

from __future__ import annotations

from sqlalchemy import select

from bot.context import BotApplication
from core.db import Database
from core.models import User
from tests.helpers.bot import BotChat
from tests.quizzes.helpers import add_word, make_due


async def test_each_answer_tells_the_rule_and_the_meaning(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await anna.send("/start")
    async with content.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == anna.user.id))
        assert user is not None
        for slug in ("zeitung-noun", "kuchen-noun", "maedchen-noun"):
            cards = await add_word(session, user, slug)
            await make_due(session, user, cards["article"])

    message = await anna.send("/articles")
    seen: dict[str, str] = {}
    for _ in range(3):
        text = message.text or ""
        noun = text.rsplit("🇩🇪 ", 1)[1].strip()
        article = {"Zeitung": "die", "Kuchen": "das", "Mädchen": "das"}[noun]
        message = await anna.press(article)
        seen[noun] = (message.text or "").split("\n\n🎯")[0]

    assert seen["Zeitung"] == (
        "✅ richtig: die Zeitung · 🧠 review saved\n🇬🇧 newspaper\n"
        "💡 Nouns ending in -ung are die (exceptions: der Sprung, der Schwung)."
    ), seen
    assert seen["Kuchen"].startswith("❌ der Kuchen (not das) · 🧠 review saved\n🇬🇧 cake"), seen
    assert seen["Kuchen"].endswith(
        "💡 Nouns ending in -chen are usually das, but it's der Kuchen: "
        "there -chen is part of the word, not the little-thing ending."
    ), seen
    assert "💡 Nouns ending in -chen are das" in seen["Mädchen"], seen
