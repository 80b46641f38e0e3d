"""/stats through the fake Telegram: five photos (decoded PNGs of the promised size), each
with a caption quoting the number GET /api/v1/stats serves for the same learner; a brand-new
learner gets one text that says what to do first; /stats is in the command list and /help."""

from __future__ import annotations

import httpx

from bot import stats_render
from bot.context import BotApplication
from core.clock import utcnow
from core.db import Database
from core.stats.schemas import CHARTS, LearnerStats
from tests.fakes.telegram import FakeMessage
from tests.helpers.bot import BotChat
from tests.helpers.learners import register_learner
from tests.helpers.zones import zone_where_it_is
from tests.stats.seeding import seed_recent_history
from tests.stats.test_charts import assert_png


async def _photos(chat: BotChat, since: int, count: int) -> list[FakeMessage]:
    photos = []
    for _ in range(count):
        call = await chat.tg.wait_for_call(
            "sendPhoto", chat_id=chat.user.id, ok=True, since=since, timeout=60
        )
        since = call.index + 1
        photos.append(chat.tg.message(chat.user.id, int(call.result["message_id"])))
    return photos


async def test_stats_sends_five_charts_captioned_with_the_apis_numbers(
    api: httpx.AsyncClient, polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    now = utcnow()
    # /stats reads the real clock: a zone where it is 09:00-18:00 now keeps the seeded minutes
    # around `now` on one local day and in one local month (in Tonga, UTC+13, "2 due today"
    # read 1 from 10:59 UTC, and this month's retention moved to last month from 11:00 to
    # 11:04 UTC on a month's last day).
    web = await register_learner(api, time_zone=zone_where_it_is(now, 9, 18), desired_retention=0.9)
    code = (await web.post("/api/v1/users/me/telegram-link")).json()["code"]
    linked = await anna.send(f"/start {code}")
    assert "Linked" in (linked.text or "")
    await anna.next()  # onboarding's first step
    async with content.unit_of_work() as session:
        await seed_recent_history(session, web.id, now)
    since = anna.tg.mark()

    await anna.tg.send_command(anna.user, "/stats")
    photos = await _photos(anna, since, len(CHARTS))

    for photo in photos:
        assert photo.photo is not None
        assert_png(photo.photo.content)
    captions = [photo.caption or "" for photo in photos]  # every photo has one (below)
    served = LearnerStats.model_validate((await web.get("/api/v1/stats")).json())
    assert captions == [stats_render.caption(served, chart) for chart in CHARTS]
    assert captions[2] == "Retention this month: 75 % (goal 90 %)"
    assert captions[1].startswith("Reviews due today: 2 · next 7 days: 3")
    assert captions[4] == "Words: 3 of 6 in review, 1 learning, 1 new"
    assert f"{served.heatmap.activities} reviews, grammar answers and messages" in captions[0]
    assert captions[3] == f"Grammar: 1 of {served.grammar.topics} topics mastered, 1 practised"
    assert not anna.tg.calls_to("sendMessage", chat_id=anna.user.id, since=since)


async def test_a_new_learner_gets_one_hint_instead_of_empty_charts(
    polling_bot: BotApplication, anna: BotChat, db: Database
) -> None:
    since = anna.tg.mark()

    hint = await anna.send("/stats")

    assert "No stats yet" in (hint.text or "")
    assert "/add" in (hint.text or "") and "/review" in (hint.text or "")
    assert not anna.tg.calls_to("sendPhoto", chat_id=anna.user.id, since=since)
    assert len(anna.tg.calls_to("sendMessage", chat_id=anna.user.id, since=since)) == 1


async def test_stats_is_in_the_command_list_and_help(
    polling_bot: BotApplication, anna: BotChat, db: Database
) -> None:
    registered = [
        command["command"] for commands in anna.tg.commands.values() for command in commands
    ]
    assert "stats" in registered
    help_text = await anna.send("/help")
    assert "/stats — your progress as charts" in (help_text.text or "")
