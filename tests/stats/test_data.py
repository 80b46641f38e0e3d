"""The numbers of /stats, by the learner's local day: a learner in Tonga (UTC+13) whose late
evening in UTC is already tomorrow at home, the review-phase-only retention, overdue cards
counted today, words by state, grammar mastery per level, and nothing of anyone else's."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.db import Database
from core.grammar.mastery import accuracy_by_topic, mastery_value, rows_of
from core.models import User
from core.reviews import service
from core.reviews.scheduling import Phase
from core.stats.data import MASTERED_FROM, heatmap_start, learner_stats
from core.stats.schemas import ActivityDay, LearnerStats
from core.vocabulary.adding import add_catalogue_word
from core.vocabulary.catalogue import get_catalogue_word
from tests.stats.seeding import add_card, add_grammar, add_messages, add_review, add_word

TONGA = "Pacific/Tongatapu"  # UTC+13 all year
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)  # already Monday 7 December, 01:00, in Tonga
LOCAL_TODAY = date(2026, 12, 7)


def utc(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def _learner(db: Database, time_zone: str = TONGA, retention: float = 0.9) -> int:
    async with db.unit_of_work() as session:
        user = User(display_name="Test", time_zone=time_zone, desired_retention=retention)
        session.add(user)
        await session.flush()
        return user.id


async def _stats(db: Database, user_id: int, now: datetime = NOW) -> LearnerStats:
    async with db.unit_of_work() as session:
        user = await session.get(User, user_id)
        assert user is not None
        return await learner_stats(session, user, now)


def _day(stats: LearnerStats, on: date) -> ActivityDay:
    [day] = [d for d in stats.heatmap.days if d.on == on]
    return day


async def test_activity_counts_on_the_learners_local_day(content: Database) -> None:
    user_id = await _learner(content)
    async with content.unit_of_work() as session:
        card = await add_card(session, user_id, "Hund", Phase.REVIEW, due_at=NOW)
        add_review(session, card, utc(1, 10, 30))  # 23:30 on Tuesday 1 December in Tonga
        add_review(session, card, utc(1, 11, 30))  # 00:30 on Wednesday 2 December
        add_review(session, card, utc(1, 11, 45))
        add_review(session, card, utc(1, 11, 50), undone=True)  # taken back: not activity
        await add_messages(session, user_id, utc(3, 11, 10), learner=2, tutor=2)  # Fri 4th
        await add_grammar(session, user_id, utc(5, 10, 59), answers=3, stability=30)  # 5th 23:59

    stats = await _stats(content, user_id)

    assert stats.today == LOCAL_TODAY and stats.time_zone == TONGA
    assert _day(stats, date(2026, 12, 1)).model_dump() == {
        "on": date(2026, 12, 1),
        "reviews": 1,
        "grammar_answers": 0,
        "messages": 0,
        "total": 1,
    }
    assert _day(stats, date(2026, 12, 2)).reviews == 2
    assert _day(stats, date(2026, 12, 4)).messages == 2, "the tutor's replies are not activity"
    assert _day(stats, date(2026, 12, 5)).grammar_answers == 3
    assert (stats.heatmap.active_days, stats.heatmap.activities) == (4, 8)
    heatmap = stats.heatmap
    assert heatmap.end_on == LOCAL_TODAY and heatmap.start_on == heatmap_start(LOCAL_TODAY)
    assert heatmap.start_on.weekday() == 0 and (LOCAL_TODAY - heatmap.start_on).days >= 175
    assert [d.on for d in heatmap.days] == [
        heatmap.start_on + timedelta(days=n)
        for n in range((LOCAL_TODAY - heatmap.start_on).days + 1)
    ]
    assert not stats.is_empty


async def test_true_retention_counts_review_phase_answers_per_local_month(db: Database) -> None:
    user_id = await _learner(db, retention=0.85)
    async with db.unit_of_work() as session:
        card = await add_card(session, user_id, "Katze", Phase.REVIEW, due_at=NOW)
        add_review(session, card, utc(30, 10, 30, month=11), rating=1)  # Nov 30, 23:30 local
        add_review(session, card, utc(30, 11, 30, month=11), rating=3)  # Dec 1, 00:30 local
        add_review(session, card, utc(2, 9), rating=2)  # Hard still remembered
        add_review(session, card, utc(3, 9), rating=4)
        add_review(session, card, utc(4, 9), rating=1)
        add_review(session, card, utc(4, 9, 5), rating=3, phase_before=Phase.RELEARNING)
        add_review(session, card, utc(4, 9, 1), rating=1, phase_before=Phase.LEARNING)
        add_review(session, card, utc(5, 9), rating=1, undone=True)
        add_review(session, card, utc(5, 9), rating=1, phase_before=Phase.NEW)
        add_review(session, card, utc(6, 9), rating=1, previous=utc(6, 1))  # the same day again
        add_review(session, card, utc(6, 10), rating=3, previous=utc(5, 9))
        add_review(session, card, datetime(2025, 12, 20, tzinfo=UTC))  # before the 12 months

    retention = (await _stats(db, user_id)).retention

    assert [m.month for m in retention.months] == [date(2026, n, 1) for n in range(1, 13)]
    november, december = retention.months[-2], retention.months[-1]
    assert (november.reviews, november.passed, november.retention) == (1, 0, 0.0)
    assert (december.reviews, december.passed, december.retention) == (5, 4, 0.8)
    assert retention.this_month == 0.8 and retention.desired_retention == 0.85
    assert retention.months[0].reviews == 0 and retention.months[0].retention is None


async def test_forecast_counts_overdue_today_and_local_days_ahead(db: Database) -> None:
    user_id = await _learner(db)
    async with db.unit_of_work() as session:
        await add_card(session, user_id, "Overdue", Phase.REVIEW, due_at=utc(1, 8))
        await add_card(session, user_id, "Tonight", Phase.RELEARNING, due_at=utc(7, 10, 30))
        await add_card(session, user_id, "Tomorrow", Phase.LEARNING, due_at=utc(7, 11, 30))
        await add_card(
            session, user_id, "Later", Phase.REVIEW, due_at=utc(7, 12) + timedelta(days=28)
        )
        await add_card(session, user_id, "TooFar", Phase.REVIEW, due_at=NOW + timedelta(days=31))
        await add_card(session, user_id, "Unstudied", Phase.NEW, due_at=utc(1, 8))
        await add_word(
            session, user_id, "Paused", [Phase.REVIEW], due_at=utc(1, 8), suspended_at=NOW
        )

    forecast = (await _stats(db, user_id)).forecast

    assert len(forecast.days) == 30 and forecast.days[0].on == LOCAL_TODAY
    due = {day.on: day.reviews for day in forecast.days if day.reviews}
    assert due == {
        LOCAL_TODAY: 2,
        date(2026, 12, 8): 1,
        date(2026, 12, 8) + timedelta(days=28): 1,
    }
    assert (forecast.due_today, forecast.next_7_days, forecast.total) == (2, 3, 4)


async def test_words_by_state(db: Database) -> None:
    user_id = await _learner(db)
    new, learning, review, relearning = Phase.NEW, Phase.LEARNING, Phase.REVIEW, Phase.RELEARNING
    async with db.unit_of_work() as session:
        await add_word(session, user_id, "Neu", [new, new, new], due_at=NOW)
        await add_word(session, user_id, "Halb", [review, new], due_at=NOW)
        await add_word(session, user_id, "Lernt", [learning, review], due_at=NOW)
        await add_word(session, user_id, "Gut", [review, review], due_at=NOW)
        await add_word(session, user_id, "Sicher", [review], due_at=NOW)
        await add_word(session, user_id, "Wieder", [review, relearning], due_at=NOW)
        await add_word(session, user_id, "Pause", [review, review], due_at=NOW, suspended_at=NOW)
        await add_word(session, user_id, "Blutegel", [relearning], due_at=NOW, suspended_cards=[0])
        await add_word(
            session, user_id, "Halbegel", [review, relearning], due_at=NOW, suspended_cards=[1]
        )
        await add_word(session, user_id, "Ohne", [], due_at=NOW)

    words = (await _stats(db, user_id)).words

    assert words.model_dump() == {
        "new": 2,  # Neu, and Ohne (no card yet)
        "learning": 2,  # Halb, Lernt
        "review": 3,  # Gut, Sicher, Halbegel (its relearning card is a suspended leech)
        "relearning": 1,  # Wieder
        "suspended": 2,  # Pause (the word), Blutegel (every card)
        "total": 10,
    }


async def test_grammar_mastery_per_level_uses_the_grammar_mastery(content: Database) -> None:
    user_id = await _learner(content)
    async with content.unit_of_work() as session:
        topic_id = await add_grammar(
            session, user_id, NOW - timedelta(days=1), answers=4, stability=60
        )

    stats = await _stats(content, user_id)

    async with content.unit_of_work() as session:
        user = await session.get(User, user_id)
        assert user is not None
        row = (await rows_of(session, user))[topic_id]
        accuracy = (await accuracy_by_topic(session, user, NOW))[topic_id]
        expected = mastery_value(user, row, accuracy, NOW)
    grammar = stats.grammar
    assert expected >= MASTERED_FROM, "a right answer and 60 days of stability: mastered"
    [practised] = [level for level in grammar.levels if level.practised]
    assert (practised.practised, practised.mastered) == (1, 1)
    assert practised.mastery == round(expected / practised.topics, 3)
    assert (grammar.practised, grammar.mastered) == (1, 1)
    assert grammar.topics == sum(level.topics for level in grammar.levels) > 1
    assert [level.level for level in grammar.levels] == sorted(
        (level.level for level in grammar.levels), key=["A1", "A2", "B1", "B2", "C1", "C2"].index
    )


async def test_a_new_learner_is_empty_and_never_sees_anothers_numbers(content: Database) -> None:
    busy = await _learner(content)
    newcomer = await _learner(content, time_zone="Europe/Berlin")
    async with content.unit_of_work() as session:
        card = await add_card(session, busy, "Hund", Phase.REVIEW, due_at=NOW)
        add_review(session, card, NOW - timedelta(hours=2))
        await add_messages(session, busy, NOW, learner=1, tutor=1)
        await add_grammar(session, busy, NOW, answers=1, stability=5)

    stats = await _stats(content, newcomer)

    assert stats.is_empty
    assert stats.heatmap.activities == 0 and stats.heatmap.active_days == 0
    assert stats.forecast.total == 0 and stats.words.total == 0
    assert stats.grammar.practised == 0 and stats.grammar.topics > 0
    assert all(month.reviews == 0 for month in stats.retention.months)
    assert stats.retention.this_month is None
    busy_stats = await _stats(content, busy)
    assert not busy_stats.is_empty and busy_stats.heatmap.activities == 3


@pytest.mark.parametrize("zone", ["Pacific/Pago_Pago", "Europe/Berlin", TONGA])
async def test_today_is_the_local_day_in_every_zone(db: Database, zone: str) -> None:
    user_id = await _learner(db, time_zone=zone)
    stats = await _stats(db, user_id, now=utc(6, 11, 30))
    expected = {"Pacific/Pago_Pago": 6, "Europe/Berlin": 6, TONGA: 7}[zone]
    assert stats.today == date(2026, 12, expected) == stats.heatmap.end_on
    assert stats.forecast.days[0].on == stats.today


async def test_retention_reads_the_review_logs_the_review_service_writes(content: Database) -> None:
    """Through the real FSRS reviews: the learning steps and a same-day early review don't
    score; the reviews of the card in its review phase, a day or more apart, do."""
    async with content.unit_of_work() as session:
        user = User(display_name="Test", time_zone="Europe/Berlin")
        session.add(user)
        await session.flush()
        await add_catalogue_word(session, user, await get_catalogue_word(session, "haus-noun"))
        user_id = user.id
    start = datetime(2026, 11, 2, 8, tzinfo=UTC)
    ratings = [3, 3, 3, 1, 3, 3, 3]  # each answered an hour after the card fell due
    now = start
    async with content.unit_of_work() as session:
        user = await session.get(User, user_id)
        assert user is not None
        [card] = [c for c in await service.due_queue(session, user, now) if c.kind == "recognition"]
        card_id = card.id
    phases_before = []
    for rating in ratings:
        async with content.unit_of_work() as session:
            user = await session.get(User, user_id)
            assert user is not None
            phases_before.append((await service.get_card(session, user, card_id)).phase)
            result = await service.review(session, user, card_id, rating=rating, now=now)
        last_reviewed_at, now = now, max(result.due_at, now) + timedelta(hours=1)
    async with content.unit_of_work() as session:
        user = await session.get(User, user_id)
        assert user is not None
        assert (await service.get_card(session, user, card_id)).phase == Phase.REVIEW
        early = last_reviewed_at + timedelta(hours=3)  # reviewed again the same day: no test
        await service.review(session, user, card_id, rating=1, now=early)

    stats = await _stats(content, user_id, now=datetime(2027, 1, 1, 12, tzinfo=UTC))

    scored = [
        rating
        for phase, rating in zip(phases_before, ratings, strict=True)
        if phase == Phase.REVIEW
    ]
    assert len(scored) >= 2, "the card reached its review phase"
    reviews = sum(month.reviews for month in stats.retention.months)
    passed = sum(month.passed for month in stats.retention.months)
    assert (reviews, passed) == (len(scored), sum(1 for rating in scored if rating > 1))


async def test_local_days_hold_across_a_daylight_saving_change(db: Database) -> None:
    """Berlin leaves summer time on 25 October 2026 (UTC+2 → UTC+1): 00:30 local is 22:30 UTC
    the day before under summer time and 23:30 UTC under winter time."""
    user_id = await _learner(db, time_zone="Europe/Berlin")
    async with db.unit_of_work() as session:
        card = await add_card(session, user_id, "Uhr", Phase.REVIEW, due_at=NOW)
        add_review(session, card, utc(24, 22, 30, month=10))  # Sun 25 Oct, 00:30 CEST
        add_review(session, card, utc(24, 21, 30, month=10))  # Sat 24 Oct, 23:30 CEST
        add_review(session, card, utc(25, 23, 30, month=10))  # Mon 26 Oct, 00:30 CET
        add_review(session, card, utc(25, 22, 30, month=10))  # Sun 25 Oct, 23:30 CET

    stats = await _stats(db, user_id)

    counts = {d.on.day: d.reviews for d in stats.heatmap.days if d.on.month == 10 and d.reviews}
    assert counts == {24: 1, 25: 2, 26: 1}
