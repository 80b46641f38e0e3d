from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from core.leagues.tiers import Result

BoardName = Literal["xp_week", "streak", "words"]
BOARD_TITLES: dict[BoardName, str] = {
    "xp_week": "XP this week",
    "streak": "Current streak",
    "words": "Words learned",
}
BOARD_UNITS: dict[BoardName, str] = {"xp_week": "XP", "streak": "days", "words": "words"}
Zone = Literal["promotion", "demotion", "safe"]


class LeagueMember(BaseModel):
    rank: int
    display_name: str
    xp: int
    zone: Zone = Field(description="promotion: moves up a tier if the week ended now.")
    is_me: bool


class LastWeek(BaseModel):
    """How the learner's previous league week ended."""

    tier: str
    rank: int | None
    xp: int
    result: Result
    next_tier: str


class LeagueTable(BaseModel):
    status: Literal["competing", "not_joined", "left"] = Field(
        description="not_joined: no XP yet this week (the first XP joins a group); "
        "left: the learner left the leagues (POST /leagues/join to come back)."
    )
    tier: str
    tier_level: int = Field(description="0 = Bronze … 9 = Diamond.")
    week_starts_at: datetime
    week_ends_at: datetime = Field(description="Monday 00:00 UTC: the week closes then.")
    promotion_zone: int = Field(description="Ranks 1..promotion_zone move up a tier.")
    demotion_zone: int = Field(description="The last demotion_zone ranks move down a tier.")
    members: list[LeagueMember]
    my_rank: int | None
    last_week: LastWeek | None


class BoardEntry(BaseModel):
    rank: int
    display_name: str
    score: int
    is_me: bool


class Leaderboard(BaseModel):
    board: BoardName
    title: str
    unit: str
    entries: list[BoardEntry] = Field(description="The top of the board (at most 50).")
    my_rank: int | None = Field(description="None while the learner is not on this board.")
    my_score: int | None
    in_leagues: bool
