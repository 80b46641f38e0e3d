"""The scenes a learner can practise, and the brief the tutor gets for one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation.schemas import ScenarioSummary
from core.errors import NotFound
from core.german import CEFR_LEVELS, SINGULAR_GENDERS, CefrLevel, article_of
from core.models import LearnerScene, Scenario, User, VocabularyItem
from core.ownership import mine
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


@dataclass(frozen=True)
class TalkMenu:
    """The /talk screen: the shared scenes of one level (the learner's own level unless
    another was chosen), how many each other level has, and how many scenes of their own."""

    level: CefrLevel
    scenarios: list[ScenarioSummary]
    other_levels: list[tuple[CefrLevel, int]]
    own_scenes: int
    learners_level: bool


def _menu_level(level: str, starts: list[str]) -> str:
    """The group a level reads: its own, or the highest one below it that has scenes."""
    below = [start for start in starts if CEFR_LEVELS.index(start) <= CEFR_LEVELS.index(level)]
    return below[-1] if below else starts[0]


async def talk_menu(session: AsyncSession, user: User, level: str | None = None) -> TalkMenu:
    """Scenes grouped by the level they start at, so the list stays short."""
    scenarios = await list_scenarios(session)
    own = await session.scalar(select(func.count()).where(mine(LearnerScene, user)))
    starts = sorted({s.level_min for s in scenarios}, key=CEFR_LEVELS.index)
    wanted = level if level in CEFR_LEVELS else user.cefr_level
    shown = _menu_level(wanted, starts) if starts else user.cefr_level
    return TalkMenu(
        level=_cefr(shown),
        scenarios=[s for s in scenarios if s.level_min == shown],
        other_levels=[
            (_cefr(start), sum(1 for s in scenarios if s.level_min == start))
            for start in starts
            if start != shown
        ],
        own_scenes=int(own or 0),
        learners_level=level is None,
    )


def _cefr(level: str) -> CefrLevel:
    return next(lv for lv in CEFR_LEVELS if lv == level)
