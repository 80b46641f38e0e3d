"""The daily plan as a web client gets it: items in the order to do them, each with how to
start it (the API route to call, and the bot command that does the same)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from core.german import CefrLevel

PlanItemKind = Literal["reviews", "new_words", "grammar", "conversation"]
GrammarReason = Literal["due", "weak", "next"]


class StartHint(BaseModel):
    """How to start an item: call `method` `path` (with `body` as JSON, if any)."""

    method: Literal["GET", "POST"]
    path: str = Field(description="The API route, e.g. /api/v1/reviews/next.")
    body: dict[str, str] | None = Field(default=None, description="The JSON body to send.")
    bot_command: str = Field(description="The same in the Telegram bot, e.g. /review.")


class PlanItem(BaseModel):
    kind: PlanItemKind
    label: str = Field(
        description="What it is, for a button: '12 reviews', '5 new cards', 'Perfekt mit sein'."
    )
    count: int | None = Field(
        default=None, description="Cards waiting (reviews, new words); null for the others."
    )
    slug: str | None = Field(default=None, description="The grammar topic's or scene's slug.")
    reason: GrammarReason | None = Field(
        default=None,
        description="Grammar only: due for practice, weak (mistakes), or next at your level.",
    )
    start: StartHint


class GrammarSuggestion(BaseModel):
    slug: str
    title: str
    level: CefrLevel
    reason: GrammarReason


class SceneSuggestion(BaseModel):
    slug: str
    title: str
    title_de: str
    level_min: str
    level_max: str


class GoalToday(BaseModel):
    xp_today: int = Field(description="XP earned today (the learner's local day).")
    goal: int = Field(description="The daily goal in XP.")
    met: bool
    xp_left: int = Field(description="XP still needed today (0 once met).")


class StreakNow(BaseModel):
    current: int = Field(description="Days in a row with the goal met, today included once met.")
    longest: int
    freezes: int = Field(description="Freezes held; one covers a missed day.")


class DailyPlan(BaseModel):
    """Today's plan in the learner's own time zone."""

    local_on: date = Field(description="The learner's local day the plan is for.")
    time_zone: str
    level: CefrLevel
    reviews_due: int = Field(description="Review cards due now.")
    new_words_left: int = Field(
        description="New cards (of new words) still allowed today: the daily limit minus the "
        "new cards already introduced today, at most the new cards in the deck."
    )
    new_words_per_day: int
    grammar: GrammarSuggestion | None = Field(
        description="A due topic first, else the weakest, else the next one at your level."
    )
    scene: SceneSuggestion | None = Field(
        description="A conversation scene for your level that you have not practised lately."
    )
    items: list[PlanItem] = Field(description="What to do, in order, each with how to start.")
    goal: GoalToday
    streak: StreakNow

    @property
    def waiting(self) -> list[PlanItem]:
        """Items with work waiting (cards, a grammar topic): what a reminder talks about."""
        return [item for item in self.items if item.kind != "conversation"]
