"""The placement test on simulated learners: one who knows A2 grammar (and nothing above)
lands on A2, one who knows B2 lands on B2, each in at most 20 items; the level is set."""

from __future__ import annotations

import pytest

from core.db import Database
from core.german import CefrLevel
from core.grammar import placement
from core.study.sessions import Stale
from tests.helpers.placement import simulate_placement
from tests.quizzes.helpers import make_learner


@pytest.mark.parametrize("knows", ["A2", "B2"])
async def test_simulated_learners_land_on_their_level(content: Database, knows: CefrLevel) -> None:
    async with content.unit_of_work() as session:
        for seed in range(3):
            user = await make_learner(session, "A1")
            view = await simulate_placement(session, user, knows, seed)
            assert view.result is not None and view.status == "finished"
            assert view.result.level == knows, (seed, view.result)
            assert view.result.items_used <= 20 and view.result.confidence >= 0.5
            assert user.cefr_level == knows and view.result.recommended_topics


async def test_a_slip_now_and_then_still_lands_close(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session, "A1")
        view = await simulate_placement(session, user, "B1", seed=7, slip_every=7)
        assert view.result is not None and view.result.items_used <= 20
        assert abs(placement.LEVELS.index(view.result.level) - 2) <= 1
        stale = await placement.answer_placement(session, user, view.id, view.version, choice=0)
        assert isinstance(stale, Stale)
