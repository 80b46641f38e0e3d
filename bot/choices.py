"""The options offered on buttons during onboarding and in /settings."""

from __future__ import annotations

from datetime import time

from pydantic import ValidationError

from core.accounts.schemas import ProfileUpdate
from core.german import CEFR_LEVEL_NAMES
from core.progress.goal import GOAL_CHOICES

LEVEL_LABELS: dict[str, str] = {
    level: f"{level} · {name}" for level, name in CEFR_LEVEL_NAMES.items()
}

TIME_ZONES: dict[str, str] = {
    "Europe/Berlin": "Berlin",
    "Europe/Vienna": "Vienna",
    "Europe/Zurich": "Zurich",
    "Europe/London": "London",
    "Europe/Istanbul": "Istanbul",
    "Europe/Moscow": "Moscow",
    "America/New_York": "New York",
    "America/Chicago": "Chicago",
    "America/Los_Angeles": "Los Angeles",
    "America/Sao_Paulo": "São Paulo",
    "Asia/Dubai": "Dubai",
    "Asia/Kolkata": "India",
    "Asia/Shanghai": "China",
    "Asia/Tokyo": "Tokyo",
    "Australia/Sydney": "Sydney",
    "Pacific/Auckland": "Auckland",
    "UTC": "UTC",
}

REMINDER_TIMES: tuple[time, ...] = tuple(time(h, 0) for h in (7, 8, 9, 12, 17, 18, 19, 20, 21))
DAILY_GOALS: tuple[int, ...] = GOAL_CHOICES
RETENTIONS: tuple[float, ...] = (0.80, 0.85, 0.90, 0.95)
NEW_CARDS_PER_DAY: tuple[int, ...] = (5, 10, 20, 30, 50)


def hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def parse_hhmm(text: str) -> time | None:
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return None


def profile_change(action: str, arg: str) -> ProfileUpdate | None:
    """The profile change a settings button stands for; None for unknown or tampered data."""
    try:
        if action == "lvl":
            return ProfileUpdate.model_validate({"cefr_level": arg})
        if action == "tz":
            return ProfileUpdate(time_zone=arg)
        if action == "rem":
            if arg == "off":
                return ProfileUpdate(reminders_enabled=False)
            at = parse_hhmm(arg)
            return ProfileUpdate(reminder_time=at, reminders_enabled=True) if at else None
        if action == "goal":
            return ProfileUpdate(daily_goal=int(arg))
        if action == "ret":
            return ProfileUpdate(desired_retention=float(arg))
        if action == "new" and int(arg) in NEW_CARDS_PER_DAY:
            return ProfileUpdate(new_cards_per_day=int(arg))
    except (ValidationError, ValueError):
        return None
    return None
