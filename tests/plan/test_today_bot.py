"""/today and the starter pack through the fake Telegram: onboarding ends with the starter
pack button, /today shows the plan with one button per item, and each button starts its item
(a review run, a run of new words only, the grammar topic's drill, the scene)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from bot.context import BotApplication
from core.clock import utcnow
from core.db import Database
from core.models import Card, Conversation, Scenario, StudySession, User
from core.progress.xp import XP_AMOUNTS, XpReason, award
from core.reviews.scheduling import Phase
from tests.helpers.bot import BotChat
from tests.helpers.clock import stop_the_clock


async def _learner(db: Database, chat: BotChat) -> User:
    async with db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == chat.user.id))
        assert user is not None
        return user


async def _onboard(anna: BotChat) -> None:
    await anna.send("/start")
    await anna.press("A1 · Beginner")
    await anna.press("Berlin")
    done = await anna.press("19:00")
    assert "All set" in (done.text or "") and "/today" in (done.text or "")


async def test_the_starter_pack_from_the_end_of_onboarding_fills_review(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    assert (await anna.send("/review")).text
    empty = anna.last.text or ""
    added = await anna.press_new_message("📦 Add 20 starter words (A1)")
    assert "20 words" in (added.text or "") and "Starter A1" in (added.text or "")
    assert added.buttons == [("🆕 Learn new words", "v1:rv:new")]

    # The same button again (a double tap, or later): nothing is added twice.
    again = await anna.press_new_message("📦 Add 20 starter words (A1)")
    assert "already in your deck" in (again.text or "")
    user = await _learner(content, anna)
    async with content.unit_of_work() as session:
        words = await session.scalars(select(Card.deck_word_id).where(Card.user_id == user.id))
        assert len(set(words)) == 20

    review = await anna.send("/review")
    assert review.text != empty and review.buttons, "day one: /review has cards"


async def test_the_deck_offers_the_starter_pack_of_the_learners_level(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    deck = await anna.send("/deck")
    assert ("📦 Starter words for my level", "v1:sp:add") in deck.buttons
    added = await anna.press_new_message("📦 Starter words for my level")
    assert "Starter A1" in (added.text or "")
    deck = await anna.send("/deck")
    assert "Starter A1 (20)" in (deck.text or "")


async def test_today_lists_the_plan_and_each_button_starts_its_item(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    stop_the_clock()  # the journey's XP, goal and streak: one local day
    await _onboard(anna)
    await anna.press_new_message("📦 Add 20 starter words (A1)")
    user = await _learner(content, anna)
    async with content.unit_of_work() as session:
        # Two cards learnt earlier and due again now: reviews on the plan.
        first_two = (
            await session.scalars(
                select(Card.id).where(Card.user_id == user.id).order_by(Card.id).limit(2)
            )
        ).all()
        await session.execute(
            update(Card)
            .where(Card.id.in_(first_two))
            .values(
                phase=int(Phase.REVIEW),
                stability=3.0,
                difficulty=5.0,
                reps=2,
                due_at=utcnow() - timedelta(hours=1),
                last_review_at=utcnow() - timedelta(days=4),
            )
        )

    today = await anna.send("/today")
    text = today.text or ""
    assert "Today's plan" in text and "2 reviews due now" in text and "20 new cards" in text
    assert "▱▱▱▱▱ 0/20 XP today" in text and "No streak yet" in text
    labels = [label for label, _ in today.buttons]
    assert labels[:2] == ["▶️ Review (2)", "🆕 Learn new words (20 cards)"]
    grammar_label, scene_label = labels[2], labels[3]
    assert grammar_label.startswith("📘 ") and scene_label.startswith("💬 ")
    assert len(labels) == 4

    review = await anna.press_new_message("▶️ Review (2)")
    assert "1 of 2" in (review.text or "")  # the due reviews first
    for _ in range(2):
        reveal = next(label for label, _ in anna.last.buttons if "how" in label)
        await anna.press(reveal)
        await anna.press("Good")
    async with content.unit_of_work() as session:  # XP from the ledger, however earned
        await award(session, user.id, XpReason.CONVERSATION_FINISHED, 1)
    earned = 2 * XP_AMOUNTS[XpReason.REVIEW] + XP_AMOUNTS[XpReason.CONVERSATION_FINISHED]
    after = await anna.send("/today")
    assert "reviews due" not in (after.text or "")
    assert f"▰▰▰▰▰ {earned}/20 XP today 🎯" in (after.text or "")
    assert "Streak: 1 day" in (after.text or "")  # today counts once its goal is met

    await anna.send("/today")
    new_words = await anna.press_new_message("🆕 Learn new words (20 cards)")
    assert "1 of 20" in (new_words.text or "")  # only the new words, no reviews
    async with content.unit_of_work() as session:
        run = await session.scalar(
            select(StudySession).where(
                StudySession.user_id == user.id,
                StudySession.kind == "review",
                StudySession.status == "active",
            )
        )
        assert run is not None and run.payload["new_only"] is True
        shown = await session.get(Card, run.payload["card_id"])
        assert shown is not None and shown.phase == int(Phase.NEW)

    await anna.send("/today")
    drill = await anna.press_new_message(grammar_label)
    assert grammar_label.removeprefix("📘 ") in (drill.text or "")

    await anna.send("/today")
    opening = await anna.press_new_message(scene_label)
    async with content.unit_of_work() as session:
        conversation = await session.scalar(
            select(Conversation).where(Conversation.user_id == user.id)
        )
        assert conversation is not None and conversation.scenario_id is not None
        scenario = await session.get(Scenario, conversation.scenario_id)
        assert scenario is not None and scenario.title_de == scene_label.removeprefix("💬 ")
    assert opening.text


async def test_today_for_a_learner_with_no_cards_points_to_the_starter_pack(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    today = await anna.send("/today")
    assert "No cards waiting" in (today.text or "") and "/deck" in (today.text or "")
    assert [label[:1] for label, _ in today.buttons] == ["📘", "💬"]


async def test_the_evening_nudge_is_switched_in_settings(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    overview = await anna.send("/settings")
    assert "Evening streak nudge: off" in (overview.text or "")
    on = await anna.press("🔥 Streak nudge: turn on")
    assert "Evening streak nudge: on, 20:30 when your streak is at risk" in (on.text or "")
    user = await _learner(content, anna)
    assert user.streak_nudge_enabled and user.next_nudge_at is not None
    off = await anna.press("🔥 Streak nudge: turn off")
    assert "Evening streak nudge: off" in (off.text or "")
    assert not (await _learner(content, anna)).streak_nudge_enabled


async def test_learn_new_words_when_none_are_left_says_so_and_points_to_reviews(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    await anna.press_new_message("📦 Add 20 starter words (A1)")
    await anna.send("/today")
    user = await _learner(content, anna)
    async with content.unit_of_work() as session:  # since then: the day's new words used up
        await session.execute(update(User).where(User.id == user.id).values(new_cards_per_day=0))
        first = await session.scalar(select(Card.id).where(Card.user_id == user.id).limit(1))
        await session.execute(
            update(Card)
            .where(Card.id == first)
            .values(
                phase=int(Phase.REVIEW),
                stability=3.0,
                difficulty=5.0,
                due_at=utcnow() - timedelta(hours=1),
                last_review_at=utcnow() - timedelta(days=4),
            )
        )
    done = await anna.press_new_message("🆕 Learn new words (20 cards)")
    assert "No new words left for today" in (done.text or "")
    assert "Reviews are waiting: /review" in (done.text or "")
