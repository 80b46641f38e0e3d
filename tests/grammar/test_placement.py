"""The placement test on simulated learners: one who knows A2 grammar (and nothing above)
lands on A2, one who knows B2 lands on B2, each in at most 20 items; the level is set."""

from __future__ import annotations

import random

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database
from core.german import CefrLevel
from core.grammar import placement
from core.grammar.schemas import PlacementView
from core.models import Exercise, User
from core.study.sessions import Stale
from tests.quizzes.helpers import make_learner


async def _simulate(
    session: AsyncSession, user: User, knows: CefrLevel, seed: int, slip_every: int = 0
) -> PlacementView:
    view = await placement.start_placement(session, user, rng=random.Random(seed))
    rng = random.Random(seed)
    while view.current is not None:
        exercise = await session.get(Exercise, view.current.id)
        assert exercise is not None
        item_level = placement.LEVELS.index(view.current.topic_level)
        right = item_level <= placement.LEVELS.index(knows)
        if slip_every and view.answered % slip_every == slip_every - 1:
            right = not right
        if exercise.kind == "multiple_choice":
            options = exercise.options or []
            wrong = next(i for i, o in enumerate(options) if o != exercise.answer)
            choice = options.index(exercise.answer) if right else wrong
            outcome = await placement.answer_placement(
                session, user, view.id, view.version, choice=choice, rng=rng
            )
        else:
            text = exercise.answer if right else "xyz"
            outcome = await placement.answer_placement(
                session, user, view.id, view.version, text=text, rng=rng
            )
        assert not isinstance(outcome, Stale)
        view = outcome
    return view


@pytest.mark.parametrize("knows", ["A2", "B2"])
async def test_simulated_learners_land_on_their_level(content: Database, knows: CefrLevel) -> None:
    async with content.unit_of_work() as session:
        for seed in range(3):
            user = await make_learner(session, "A1")
            view = await _simulate(session, user, knows, seed)
            assert view.result is not None and view.status == "finished"
            assert view.result.level == knows, (seed, view.result)
            assert view.result.items_used <= 20 and view.result.confidence >= 0.5
            assert user.cefr_level == knows and view.result.recommended_topics


async def test_a_slip_now_and_then_still_lands_close(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session, "A1")
        view = await _simulate(session, user, "B1", seed=7, slip_every=7)
        assert view.result is not None and view.result.items_used <= 20
        assert abs(placement.LEVELS.index(view.result.level) - 2) <= 1
        stale = await placement.answer_placement(session, user, view.id, view.version, choice=0)
        assert isinstance(stale, Stale)
