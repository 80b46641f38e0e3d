"""Grammar drills in core: all five kinds, feedback with the why, tap-to-build, "I was
right", FSRS mastery per topic (one rating a day), due topics, weak areas."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.db import Database
from core.errors import Invalid, NotFound
from core.grammar import catalogue, drills, mastery, weak
from core.grammar.schemas import DrillView
from core.models import Exercise, GrammarAttempt, GrammarMastery, GrammarTopic, User
from core.study.sessions import Stale
from tests.quizzes.helpers import make_learner

TOPIC = "subordinate-clauses-weil-dass-wenn"


async def _exercise(session: AsyncSession, view: DrillView) -> Exercise:
    assert view.current is not None
    exercise = await session.get(Exercise, view.current.id)
    assert exercise is not None
    return exercise


async def answer_right(session: AsyncSession, user: User, view: DrillView) -> DrillView:
    exercise = await _exercise(session, view)
    assert view.current is not None
    if exercise.kind == "multiple_choice":
        choice = (exercise.options or []).index(exercise.answer)
        result = await drills.answer(session, user, view.id, view.version, choice=choice)
    elif exercise.kind == "word_order":
        tokens = list(exercise.tokens or [])
        words = exercise.answer.rstrip(".!?").split()
        order: list[int] = []
        for word in words:
            order.append(next(i for i, t in enumerate(tokens) if t == word and i not in order))
        current = view
        for index in order:
            tapped = await drills.tap(session, user, view.id, current.version, token=index)
            assert not isinstance(tapped, Stale)
            current = tapped
        assert current.built == order
        result = await drills.submit_built(session, user, view.id, current.version)
    else:
        result = await drills.answer(session, user, view.id, view.version, text=exercise.answer)
    assert not isinstance(result, Stale)
    return result


async def test_a_topic_drill_has_all_five_kinds_and_rates_the_topic(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session, "A2")
        view = await drills.start_drill(session, user, topic=TOPIC, rng=random.Random(1))
        assert view.total == 10 and view.stage == "question"
        kinds = set()
        while view.stage != "done":
            assert view.current is not None
            kinds.add(view.current.kind)
            answered = await answer_right(session, user, view)
            assert answered.feedback is not None and answered.feedback.correct, answered.feedback
            assert answered.feedback.explanation
            nxt = await drills.next_exercise(session, user, view.id, answered.version)
            assert not isinstance(nxt, Stale)
            view = nxt
        assert kinds == {
            "multiple_choice",
            "fill_blank",
            "error_correction",
            "translation",
            "word_order",
        }
        assert view.status == "finished" and view.right == 10
        [result] = view.results
        assert (result.slug, result.rating) == (TOPIC, 4)
        page = await catalogue.topic_page(session, user, TOPIC, utcnow())
        assert page.practised and page.mastery is not None and not page.due

        again = await drills.start_drill(session, user, topic=TOPIC)
        stopped = await drills.stop_drill(session, user, again.id)
        assert not isinstance(stopped, Stale) and stopped.results == []  # nothing answered
        later = utcnow() + timedelta(days=60)
        assert await mastery.due_topic_count(session, user, later) == 1
        due = await drills.start_drill(session, user, source="due", now=later)
        assert due.title == "Due topics" and due.total >= 2


async def test_typed_answers_typos_wrong_with_the_why_and_i_was_right(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session, "A2")
        topic = await session.scalar(select(GrammarTopic).where(GrammarTopic.slug == TOPIC))
        assert topic is not None
        fix = await session.scalar(
            select(Exercise).where(Exercise.topic_id == topic.id, Exercise.slug == "fix-1")
        )
        assert fix is not None
        view = await drills.start_drill(session, user, topic=TOPIC, rng=random.Random(3))
        while view.current is not None and view.current.id != fix.id:  # walk to fix-1
            answered = await answer_right(session, user, view)
            nxt = await drills.next_exercise(session, user, view.id, answered.version)
            assert not isinstance(nxt, Stale)
            view = nxt
        assert view.current is not None and view.waits_for_text
        typo = fix.answer.lower()
        wrong = await drills.answer_typed(session, user, view.id, "Ich kann heute nicht kommen.")
        assert wrong is not None and wrong.feedback is not None
        assert wrong.feedback.verdict == "wrong" and wrong.feedback.claimable
        assert wrong.feedback.known_answers == list(fix.accepted_answers)
        assert await drills.answer_typed(session, user, view.id, typo) is None  # feedback shown
        claimed = await drills.claim_right(session, user, view.id, wrong.version)
        assert not isinstance(claimed, Stale) and claimed.feedback is not None
        assert claimed.feedback.claimed and claimed.feedback.correct
        again = await drills.claim_right(session, user, view.id, wrong.version)
        assert isinstance(again, Stale)  # double press
        attempt = await session.scalar(
            select(GrammarAttempt).where(
                GrammarAttempt.user_id == user.id, GrammarAttempt.exercise_id == fix.id
            )
        )
        assert attempt is not None and attempt.claimed and attempt.correct


async def test_word_order_accepts_the_swapped_clauses_and_bad_input(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session, "A2")
        topic = await session.scalar(select(GrammarTopic).where(GrammarTopic.slug == TOPIC))
        assert topic is not None
        order = await session.scalar(
            select(Exercise).where(Exercise.topic_id == topic.id, Exercise.slug == "order-1")
        )
        assert order is not None
        view = await drills.start_drill(session, user, topic=TOPIC, rng=random.Random(5))
        while view.current is not None and view.current.id != order.id:
            answered = await answer_right(session, user, view)
            nxt = await drills.next_exercise(session, user, view.id, answered.version)
            assert not isinstance(nxt, Stale)
            view = nxt
        with pytest.raises(Invalid):
            await drills.answer(session, user, view.id, view.version, tokens=[0, 0])
        with pytest.raises(Invalid):
            await drills.tap(session, user, view.id, view.version, token=99)
        swapped = await drills.answer(
            session,
            user,
            view.id,
            view.version,
            text="weil ich krank bin bleibe Ich heute zu Hause,",
        )
        assert not isinstance(swapped, Stale) and swapped.feedback is not None
        assert swapped.feedback.correct and swapped.feedback.verdict == "correct"
        with pytest.raises(NotFound):
            await drills.start_drill(session, user, topic="no-such-topic")


async def test_weak_areas_from_wrong_answers(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session, "A2")
        with pytest.raises(Invalid):
            await drills.start_drill(session, user, source="weak")
        view = await drills.start_drill(session, user, topic=TOPIC, rng=random.Random(2))
        for _ in range(3):
            assert view.current is not None
            exercise = await _exercise(session, view)
            if exercise.kind == "multiple_choice":
                options = exercise.options or []
                wrong_choice = next(i for i, o in enumerate(options) if o != exercise.answer)
                answered = await drills.answer(
                    session, user, view.id, view.version, choice=wrong_choice
                )
            else:
                answered = await drills.answer(
                    session, user, view.id, view.version, text="Das ist falsch."
                )
            assert not isinstance(answered, Stale) and answered.feedback is not None
            assert not answered.feedback.correct and answered.feedback.diagnosis
            nxt = await drills.next_exercise(session, user, view.id, answered.version)
            assert not isinstance(nxt, Stale)
            view = nxt
        stopped = await drills.stop_drill(session, user, view.id, view.version)
        assert not isinstance(stopped, Stale)
        assert [(r.slug, r.rating) for r in stopped.results] == [(TOPIC, 1)]
        areas = await weak.weak_areas(session, user, utcnow())
        assert [a.slug for a in areas] == [TOPIC] and areas[0].accuracy == 0
        drill = await drills.start_drill(session, user, source="weak")
        assert drill.title == "Weak areas"
        rows = (await session.scalars(select(GrammarMastery))).all()
        assert [r.user_id for r in rows] == [user.id]
