"""The XP kinds, computed inside the evaluation's one statement, say what core.progress says:
total XP, active days, goals met (closed days met, plus today once met) and the longest
streak as the learner is shown it."""

from __future__ import annotations

from datetime import timedelta

from core.achievements.board import progress_values
from core.clock import frozen_at
from core.db import Database
from core.models import User
from core.progress.goal import active_days, goal_today, goals_met_count
from core.progress.views import progress_view
from core.progress.xp import total_xp
from tests.achievements.history import GOAL, NOW, History, close_days, make_learner


async def test_the_xp_kinds_agree_with_core_progress(content: Database) -> None:
    async with content.unit_of_work() as session:
        history = History(await make_learner(session))
    await close_days(content, NOW)
    async with content.unit_of_work() as session:
        # Days 0-3 met, day 4 some XP, day 5 nothing, day 6 met, day 7 (today) met. Nothing
        # was ever due, so days 4 and 5 are skipped: they neither extend nor break the streak.
        await history._xp(session, "a", [0, 1, 2, 3, 6, 7], GOAL)
        await history._xp(session, "b", [4], GOAL // 2)
    today = NOW + timedelta(days=7)
    await close_days(content, today)
    with frozen_at(today):
        async with content.unit_of_work() as session:
            user = await session.get(User, history.user_id)
            assert user is not None
            values = await progress_values(session, user.id, today)
            view = await progress_view(session, user, today)
            today_met = (await goal_today(session, user, today)).met
            assert values["xp_total"] == await total_xp(session, user.id) == 6 * GOAL + GOAL // 2
            assert values["active_days"] == await active_days(session, user.id) == 7
            assert today_met
            assert values["daily_goals_met"] == await goals_met_count(session, user.id) + 1 == 6
            assert values["streak_days"] == view.streak.longest == 6
