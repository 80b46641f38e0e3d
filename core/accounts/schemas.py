from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from core.constrained import (
    ChosenDisplayName,
    FiniteFloat,
    OnePrintableLine,
    Storable,
    TimeZoneName,
    WallClockTime,
)
from core.german import CefrLevel

Password = Annotated[str, StringConstraints(min_length=8, max_length=128), Storable]
DisplayName = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=80), Storable, OnePrintableLine
]
# XP per local day: one of core.progress.goal.GOAL_CHOICES (kept literal for a clear 422).
DailyGoal = Literal[10, 20, 50, 100]
Retention = Annotated[FiniteFloat, Field(ge=0.7, le=0.97)]
NewCardsPerDay = Annotated[int, Field(ge=0, le=500)]


class Registration(BaseModel):
    email: EmailStr
    password: Password
    display_name: DisplayName = ""


class PasswordChange(BaseModel):
    current_password: Annotated[str, StringConstraints(min_length=1, max_length=1024), Storable]
    new_password: Password


class PasswordResetRequest(BaseModel):
    email: EmailStr


class PasswordReset(BaseModel):
    email: EmailStr
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
    new_password: Password


class ProfileUpdate(BaseModel):
    """Every field optional: only the ones sent are changed."""

    model_config = ConfigDict(extra="forbid")

    display_name: ChosenDisplayName | None = Field(
        default=None, description="The name others see on the leaderboards."
    )
    cefr_level: CefrLevel | None = None
    time_zone: TimeZoneName | None = None
    daily_goal: DailyGoal | None = Field(
        None, description="XP to earn per local day: 10, 20, 50 or 100 (see GET /progress)."
    )
    reminder_time: WallClockTime | None = None
    reminders_enabled: bool | None = None
    desired_retention: Retention | None = None
    new_cards_per_day: NewCardsPerDay | None = Field(
        default=None, description="New cards introduced per local day in reviews (0–500)."
    )
    streak_nudge_enabled: bool | None = Field(
        default=None,
        description="An evening message in Telegram (20:30 local) when your streak is at "
        "risk: a streak of a day or more, today's goal not met yet and something due.",
    )


class Profile(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str | None
    display_name: str
    cefr_level: CefrLevel
    time_zone: str
    daily_goal: int
    reminder_time: WallClockTime
    reminders_enabled: bool
    reminders_disabled_reason: str | None
    desired_retention: float
    new_cards_per_day: int
    streak_nudge_enabled: bool
    telegram_linked: bool
    has_web_login: bool
    onboarded: bool
    leaderboard_name: str = Field(
        description="What others see on league tables and leaderboards: the display name once "
        'you set it yourself, else a pseudonym such as "Learner 4821".'
    )
    in_leagues: bool = Field(description="False after POST /leagues/leave.")
    fsrs_fitted_at: datetime | None = Field(
        None,
        description="When your review scheduler was fitted to your own review log (weekly "
        "once you have 1,000 reviews, used only when it predicts your reviews better); "
        "null: the standard FSRS parameters.",
    )
    fsrs_fitted_reviews: int | None = Field(None, description="How many reviews that fit used.")
    created_at: datetime


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class AccessToken(BaseModel):
    """An access token alone: cookie mode (the refresh token is in the cookie) and the
    Telegram Mini App (which signs in again from Telegram's launch data instead)."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class MiniAppSignIn(BaseModel):
    init_data: str = Field(
        min_length=1,
        max_length=4096,
        description="Telegram.WebApp.initData as the Mini App received it (tgWebAppData).",
    )


class LinkCodeIssued(BaseModel):
    code: str
    expires_at: datetime
    telegram_url: str | None = Field(
        default=None, description="Open this to link Telegram (when the bot's username is known)."
    )


class CredentialsClaim(BaseModel):
    code: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=4, max_length=64), Storable
    ]
    email: EmailStr
    password: Password
