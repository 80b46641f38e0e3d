"""Simulated learners taking the placement test (used by tests/grammar and bench/)."""

from __future__ import annotations

import random

from sqlalchemy.ext.asyncio import AsyncSession

from core.german import CefrLevel
from core.grammar import placement
from core.grammar.schemas import PlacementView
from core.models import Exercise, User
from core.study.sessions import Stale


async def simulate_placement(
    session: AsyncSession,
    user: User,
    knows: CefrLevel,
    seed: int,
    slip_every: int = 0,
    slip_rate: float = 0.0,
) -> PlacementView:
    """A learner who answers every item of their level or below right and every item above
    wrong, slipping (the other way) on every `slip_every`-th item or at random with
    `slip_rate`."""
    view = await placement.start_placement(session, user, rng=random.Random(seed))
    rng = random.Random(seed)
    slips = random.Random(seed * 7919 + 1)
    while view.current is not None:
        exercise = await session.get(Exercise, view.current.id)
        assert exercise is not None
        item_level = placement.LEVELS.index(view.current.topic_level)
        right = item_level <= placement.LEVELS.index(knows)
        if slip_every and view.answered % slip_every == slip_every - 1:
            right = not right
        if slip_rate and slips.random() < slip_rate:
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
