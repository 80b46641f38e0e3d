from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class AchievementBadge(BaseModel):
    """An achievement as announced: what it is called and what it took."""

    slug: str
    name: str
    description: str
    tier: str


class AchievementProgress(BaseModel):
    slug: str
    name: str
    description: str
    tier: str = Field(description="bronze, silver, gold or platinum")
    category: str
    criterion_kind: str
    threshold: int
    progress: int = Field(description="The learner's current value of the criterion.")
    unit: str = Field(description='What the numbers count, as in "143/250 words".')
    unlocked_at: datetime | None = Field(description="When it was unlocked; null while locked.")


class AchievementNotice(BaseModel):
    """Unlocks claimed for one Telegram message."""

    chat_id: int
    unlock_ids: list[int]
    achievements: list[AchievementBadge]
