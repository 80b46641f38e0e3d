"""The scenes a learner can practise, and the brief the tutor gets for one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation.schemas import ScenarioSummary
from core.errors import NotFound
from core.german import SINGULAR_GENDERS, article_of
from core.models import Scenario, VocabularyItem
from core.tutor.base import KeyWord, ScenarioBrief, ScriptedStep, SlotFill


def scenario_summary(scenario: Scenario) -> ScenarioSummary:
    return ScenarioSummary(
        slug=scenario.slug,
        title=scenario.title,
        title_de=scenario.title_de,
        category=scenario.category,
        level_min=scenario.level_min,
        level_max=scenario.level_max,
        learner_goal=scenario.learner_goal,
    )


async def list_scenarios(session: AsyncSession) -> list[ScenarioSummary]:
    scenarios = await session.scalars(
        select(Scenario)
        .where(Scenario.retired_at.is_(None))
        .order_by(Scenario.level_min, Scenario.category, Scenario.title)
    )
    return [scenario_summary(s) for s in scenarios]


async def current_scenario(session: AsyncSession, slug: str) -> Scenario:
    scenario = await session.scalar(
        select(Scenario).where(Scenario.slug == slug, Scenario.retired_at.is_(None))
    )
    if scenario is None:
        raise NotFound("No such scenario.")
    return scenario


async def scenario_of(session: AsyncSession, scenario_id: int | None) -> Scenario | None:
    return await session.get(Scenario, scenario_id) if scenario_id else None


async def scenario_brief(session: AsyncSession, scenario: Scenario) -> ScenarioBrief:
    items = (
        await session.scalars(
            select(VocabularyItem).where(VocabularyItem.slug.in_(scenario.key_vocabulary))
        )
    ).all()
    return ScenarioBrief(
        slug=scenario.slug,
        title=scenario.title,
        title_de=scenario.title_de,
        tutor_role=scenario.tutor_role,
        learner_goal=scenario.learner_goal,
        opening_line=scenario.opening_line,
        closing_line=scenario.closing_line,
        steps=tuple(scripted_step(t) for t in scenario.turns),
        key_words=tuple(
            KeyWord(
                i.lemma,
                article_of(i.gender) if i.gender in SINGULAR_GENDERS else None,
                i.translations[0],
            )
            for i in items
        ),
    )


def scripted_step(turn: dict[str, Any]) -> ScriptedStep:
    """One stored step (a `seeds.schemas.ScriptedTurn` dump; older rows lack the optional
    alternatives and slots)."""
    return ScriptedStep(
        turn["tutor"],
        turn["hint_en"],
        turn["example_answer"],
        tuple(turn["keywords"]),
        alternatives=tuple(turn.get("alternatives", ())),
        slots=tuple(
            SlotFill(
                slot["default"],
                tuple((tuple(k.split()), v) for k, v in slot.get("values", {}).items()),
                slot.get("pattern"),
            )
            for slot in turn.get("slots", ())
        ),
    )
