"""The numbers behind the five charts: the API serves them as JSON, the charts draw them and
the bot's captions quote them, so all three always agree."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, get_args

from pydantic import BaseModel, Field, computed_field

from core.errors import NotFound
from core.german import CefrLevel

ChartName = Literal["heatmap", "forecast", "retention", "grammar", "words"]
CHARTS: tuple[ChartName, ...] = get_args(ChartName)

WordState = Literal["new", "learning", "review", "relearning", "suspended"]
WORD_STATES: tuple[WordState, ...] = get_args(WordState)


class ActivityDay(BaseModel):
    """What the learner did on one local day."""

    on: date
    reviews: int
    grammar_answers: int
    messages: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total(self) -> int:
        return self.reviews + self.grammar_answers + self.messages


class Heatmap(BaseModel):
    """Every local day of the last six months (today included), oldest first."""

    start_on: date
    end_on: date
    days: list[ActivityDay]
    active_days: int = Field(description="Days with at least one review, answer or message.")
    activities: int = Field(description="Reviews + grammar answers + conversation messages.")


class DueDay(BaseModel):
    on: date
    reviews: int


class Forecast(BaseModel):
    """Reviews due per local day for the next 30 days; overdue cards count today."""

    days: list[DueDay]
    due_today: int
    next_7_days: int
    total: int


class RetentionMonth(BaseModel):
    """Reviews of cards in the review phase (not learning or relearning) in one local month,
    and the share rated above Again; `retention` is null in a month without such reviews."""

    month: date = Field(description="The first day of the month.")
    reviews: int
    passed: int
    retention: float | None


class Retention(BaseModel):
    months: list[RetentionMonth] = Field(description="The last 12 months, oldest first.")
    desired_retention: float
    this_month: float | None


class GrammarLevel(BaseModel):
    level: CefrLevel
    topics: int
    practised: int
    mastered: int = Field(description="Topics with mastery of at least `mastered_from`.")
    mastery: float = Field(description="Mean mastery of the level's topics (0 if unpractised).")


class GrammarStats(BaseModel):
    levels: list[GrammarLevel]
    mastered_from: float
    topics: int
    practised: int
    mastered: int


class WordStates(BaseModel):
    """Deck words by state: suspended (the word or all its cards), relearning (a card
    relearning), new (no card studied yet), review (every card in review), else learning."""

    new: int
    learning: int
    review: int
    relearning: int
    suspended: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total(self) -> int:
        return self.new + self.learning + self.review + self.relearning + self.suspended

    def count(self, state: WordState) -> int:
        counts: dict[WordState, int] = {
            "new": self.new,
            "learning": self.learning,
            "review": self.review,
            "relearning": self.relearning,
            "suspended": self.suspended,
        }
        return counts[state]


class LearnerStats(BaseModel):
    """All numbers of /stats, by the learner's local days in `time_zone`."""

    generated_at: datetime
    time_zone: str
    today: date
    is_empty: bool = Field(description="Nothing studied or added yet: no chart to draw.")
    heatmap: Heatmap
    forecast: Forecast
    retention: Retention
    grammar: GrammarStats
    words: WordStates


def chart_named(name: str) -> ChartName:
    """The chart of this name; any other name is NotFound, with the names that exist."""
    for chart in CHARTS:
        if chart == name:
            return chart
    raise NotFound(f"No such chart. Charts: {', '.join(CHARTS)}.")
