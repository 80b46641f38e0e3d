"""Every achievement in the content unlocks from a constructed history: for each criterion
kind a learner of their own, and for each threshold (ascending) the history is filled to one
short of it (nothing unlocks), then one more unit unlocks exactly that achievement."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import yaml
from sqlalchemy import select

from core.achievements.criteria import CRITERION_KINDS
from core.achievements.evaluation import evaluate_learner
from core.db import Database
from core.models import Achievement, LearnerAchievement
from tests.achievements.history import NOW, History, close_days, make_learner

CONTENT = Path(__file__).resolve().parents[2] / "seeds" / "content" / "achievements.yaml"


def test_every_kind_in_the_content_is_implemented() -> None:
    kinds = {a["criterion"]["kind"] for a in yaml.safe_load(CONTENT.read_text())["achievements"]}
    assert kinds <= set(CRITERION_KINDS)


async def _unlocked(db: Database, user_id: int) -> set[str]:
    async with db.unit_of_work() as session:
        rows = await session.scalars(
            select(Achievement.slug)
            .join(LearnerAchievement, LearnerAchievement.achievement_id == Achievement.id)
            .where(LearnerAchievement.user_id == user_id)
        )
        return set(rows)


async def test_every_achievement_unlocks_at_its_threshold(content: Database) -> None:
    async with content.unit_of_work() as session:
        achievements = list(await session.scalars(select(Achievement)))
    by_kind: dict[str, list[Achievement]] = defaultdict(list)
    for achievement in achievements:
        by_kind[achievement.criterion_kind].append(achievement)
    walked: list[str] = []
    for kind, theirs in sorted(by_kind.items()):
        async with content.unit_of_work() as session:
            history = History(await make_learner(session, name=kind))
        await close_days(content, NOW)  # the learner's streak starts counting
        slugs = {a.slug for a in theirs}
        for achievement in sorted(theirs, key=lambda a: a.threshold):
            have = history.added.get(kind, 0)
            async with content.unit_of_work() as session:
                await history.add(session, kind, achievement.threshold - 1 - have)  # type: ignore[arg-type]
            await close_days(content, history.now)
            async with content.unit_of_work() as session:
                before = await evaluate_learner(session, history.user_id, history.now)
            assert achievement.slug not in {u.badge.slug for u in before}, achievement.slug
            assert achievement.slug not in await _unlocked(content, history.user_id)
            async with content.unit_of_work() as session:
                await history.add(session, kind, 1)  # type: ignore[arg-type]
            await close_days(content, history.now)
            async with content.unit_of_work() as session:
                after = await evaluate_learner(session, history.user_id, history.now)
            # Exactly this one of its kind (a history may reach another kind's too: mastered
            # grammar topics come with right answers).
            of_kind = [u.badge.slug for u in after if u.badge.slug in slugs]
            assert of_kind == [achievement.slug], (kind, after)
            walked.append(achievement.slug)
        # Evaluating again unlocks nothing more.
        async with content.unit_of_work() as session:
            assert await evaluate_learner(session, history.user_id, history.now) == []
        assert slugs <= await _unlocked(content, history.user_id)
    assert sorted(walked) == sorted(a.slug for a in achievements)
    assert len(walked) == 45
