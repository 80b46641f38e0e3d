"""Builds today's plan from the domains that own each part: the review queue (core.reviews),
grammar mastery and weak areas (core.grammar), the scenes (core.conversation)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import local_today, utcnow
from core.conversation.scenarios import scenario_summary
from core.german import CEFR_LEVELS, CefrLevel, level_rank
from core.grammar.catalogue import level_of
from core.grammar.mastery import due_topic_ids
from core.grammar.weak import weak_areas
from core.models import Conversation, GrammarMastery, GrammarTopic, Scenario, User
from core.ownership import mine
from core.plan.schemas import (
    DailyPlan,
    GoalToday,
    GrammarReason,
    GrammarSuggestion,
    PlanItem,
    SceneSuggestion,
    StartHint,
    StreakNow,
)
from core.progress.goal import goal_today
from core.progress.streaks import streak_state
from core.reviews.service import due_summary

RECENT_SCENES = timedelta(days=14)
"""A scene practised this recently is not suggested again (unless every scene was)."""
API = "/api/v1"


def _level(user: User) -> CefrLevel:
    return next((level for level in CEFR_LEVELS if level == user.cefr_level), CEFR_LEVELS[0])


async def _topic(session: AsyncSession, user: User, now: datetime) -> GrammarSuggestion | None:
    """A due topic (longest overdue), else the weakest, else the next one at the level."""
    due = await due_topic_ids(session, user, now)
    if due:
        topic = await session.get(GrammarTopic, due[0])
        if topic is not None:
            return _suggestion(topic, "due")
    weak = await weak_areas(session, user, now, limit=1)
    if weak:
        return GrammarSuggestion(
            slug=weak[0].slug, title=weak[0].title, level=weak[0].level, reason="weak"
        )
    practised = select(GrammarMastery.topic_id).where(mine(GrammarMastery, user))
    fresh = await session.scalars(
        select(GrammarTopic).where(
            GrammarTopic.retired_at.is_(None),
            GrammarTopic.level == _level(user),
            GrammarTopic.id.not_in(practised),
        )
    )
    candidates = sorted(fresh, key=lambda t: (t.category, t.title, t.slug))
    return _suggestion(candidates[0], "next") if candidates else None


def _suggestion(topic: GrammarTopic, reason: GrammarReason) -> GrammarSuggestion:
    return GrammarSuggestion(
        slug=topic.slug, title=topic.title, level=level_of(topic), reason=reason
    )


async def _scene(
    session: AsyncSession, user: User, now: datetime, today: date
) -> SceneSuggestion | None:
    """A scene whose level range holds the learner's level (the nearest easier ones when
    none does), not practised in the last two weeks; which one turns with the day."""
    rank = level_rank(_level(user))
    scenes = [
        s
        for s in await session.scalars(select(Scenario).where(Scenario.retired_at.is_(None)))
        if s.level_min in CEFR_LEVELS and s.level_max in CEFR_LEVELS
    ]
    fitting = [
        s
        for s in scenes
        if CEFR_LEVELS.index(s.level_min) <= rank <= CEFR_LEVELS.index(s.level_max)
    ] or [s for s in scenes if CEFR_LEVELS.index(s.level_min) <= rank]
    if not fitting:
        return None
    recent = set(
        await session.scalars(
            select(Conversation.scenario_id).where(
                mine(Conversation, user),
                Conversation.scenario_id.is_not(None),
                Conversation.created_at >= now - RECENT_SCENES,
            )
        )
    )
    fresh = sorted((s for s in fitting if s.id not in recent), key=lambda s: s.slug)
    pool = fresh or sorted(fitting, key=lambda s: s.slug)
    chosen = scenario_summary(pool[today.toordinal() % len(pool)])
    return SceneSuggestion(
        slug=chosen.slug,
        title=chosen.title,
        title_de=chosen.title_de,
        level_min=chosen.level_min,
        level_max=chosen.level_max,
    )


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _items(
    reviews: int, new: int, grammar: GrammarSuggestion | None, scene: SceneSuggestion | None
) -> list[PlanItem]:
    items = []
    if reviews:
        items.append(
            PlanItem(
                kind="reviews",
                label=_counted(reviews, "review", "reviews"),
                count=reviews,
                start=StartHint(method="GET", path=f"{API}/reviews/next", bot_command="/review"),
            )
        )
    if new:
        items.append(
            PlanItem(
                kind="new_words",
                label=_counted(new, "new card", "new cards"),
                count=new,
                start=StartHint(
                    method="GET", path=f"{API}/reviews/next?new_only=true", bot_command="/review"
                ),
            )
        )
    if grammar is not None:
        items.append(
            PlanItem(
                kind="grammar",
                label=grammar.title,
                slug=grammar.slug,
                reason=grammar.reason,
                start=StartHint(
                    method="POST",
                    path=f"{API}/grammar/sessions",
                    body={"source": "topic", "topic": grammar.slug},
                    bot_command="/grammar",
                ),
            )
        )
    if scene is not None:
        items.append(
            PlanItem(
                kind="conversation",
                label=scene.title_de,
                slug=scene.slug,
                start=StartHint(
                    method="POST",
                    path=f"{API}/conversations",
                    body={"scenario_slug": scene.slug},
                    bot_command="/talk",
                ),
            )
        )
    return items


async def daily_plan(session: AsyncSession, user: User, now: datetime | None = None) -> DailyPlan:
    now = now or utcnow()
    today = local_today(user.time_zone, now)
    due = await due_summary(session, user, now)
    grammar = await _topic(session, user, now)
    scene = await _scene(session, user, now, today)
    goal = await goal_today(session, user, now)
    stored = await streak_state(session, user.id)
    current = stored.current + (1 if goal.met else 0)  # today joins the streak once met
    return DailyPlan(
        local_on=today,
        time_zone=user.time_zone,
        level=_level(user),
        reviews_due=due.due_reviews,
        new_words_left=due.new_available,
        new_words_per_day=due.new_per_day,
        grammar=grammar,
        scene=scene,
        items=_items(due.due_reviews, due.new_available, grammar, scene),
        goal=GoalToday(
            xp_today=goal.xp_today,
            goal=goal.goal,
            met=goal.met,
            xp_left=max(goal.goal - goal.xp_today, 0),
        ),
        streak=StreakNow(
            current=current, longest=max(stored.longest, current), freezes=stored.freezes
        ),
    )


def something_due(plan: DailyPlan) -> bool:
    """Cards waiting (reviews or today's new words) or a grammar topic due: what the daily
    reminder is sent for."""
    grammar_due = plan.grammar is not None and plan.grammar.reason == "due"
    return plan.reviews_due > 0 or plan.new_words_left > 0 or grammar_due


def streak_at_risk(plan: DailyPlan) -> bool:
    """What the evening nudge is sent for: a streak of at least one day, today's goal not met
    yet, and something due (a review card or a grammar topic), so that today counts: a day
    with nothing due is skipped and cannot break the streak (core.progress.streaks)."""
    grammar_due = plan.grammar is not None and plan.grammar.reason == "due"
    something_counts = plan.reviews_due > 0 or grammar_due
    return plan.streak.current >= 1 and not plan.goal.met and something_counts
