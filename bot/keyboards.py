from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot.callbacks import pack
from bot.choices import (
    DAILY_GOALS,
    LEVEL_LABELS,
    NEW_CARDS_PER_DAY,
    REMINDER_TIMES,
    RETENTIONS,
    TIME_ZONES,
    hhmm,
)


def rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def grid(
    feature: str, action: str, options: Iterable[tuple[str, str]], width: int
) -> list[list[InlineKeyboardButton]]:
    """(label, arg) pairs as a keyboard grid of callback buttons."""
    buttons = [
        InlineKeyboardButton(label, callback_data=pack(feature, action, arg))
        for label, arg in options
    ]
    return rows(buttons, width)


def level_keyboard(
    feature: str, extra: list[list[InlineKeyboardButton]] | None = None
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        grid(feature, "lvl", ((label, code) for code, label in LEVEL_LABELS.items()), 2)
        + (extra or [])
    )


def time_zone_keyboard(
    feature: str, extra: list[list[InlineKeyboardButton]] | None = None
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        grid(feature, "tz", ((v, k) for k, v in TIME_ZONES.items()), 3) + (extra or [])
    )


def reminder_keyboard(
    feature: str, extra: list[list[InlineKeyboardButton]] | None = None
) -> InlineKeyboardMarkup:
    options = [(hhmm(t), hhmm(t)) for t in REMINDER_TIMES] + [("🔕 No reminders", "off")]
    return InlineKeyboardMarkup(grid(feature, "rem", options, 3) + (extra or []))


def goal_keyboard(
    feature: str, extra: list[list[InlineKeyboardButton]] | None = None
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        grid(feature, "goal", ((f"{g} XP a day", str(g)) for g in DAILY_GOALS), 3) + (extra or [])
    )


def retention_keyboard(
    feature: str, extra: list[list[InlineKeyboardButton]] | None = None
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        grid(feature, "ret", ((f"{round(r * 100)} %", f"{r:.2f}") for r in RETENTIONS), 4)
        + (extra or [])
    )


def new_cards_keyboard(
    feature: str, extra: list[list[InlineKeyboardButton]] | None = None
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        grid(feature, "new", ((str(n), str(n)) for n in NEW_CARDS_PER_DAY), 5) + (extra or [])
    )


PLACEMENT_OFFER = "plt"
"""The feature of the button that offers the placement test (bot.handlers.placement)."""


def placement_offer_rows() -> list[list[InlineKeyboardButton]]:
    return [
        [
            InlineKeyboardButton(
                "🎯 Take the placement test", callback_data=pack(PLACEMENT_OFFER, "go")
            )
        ]
    ]


OPEN_APP_MENU = "Open app"
OPEN_APP = f"📱 {OPEN_APP_MENU}"


def open_app_keyboard(web_app_url: str | None) -> InlineKeyboardMarkup | None:
    """The web client as a Mini App, one tap away; None when WEB_APP_URL is not set."""
    if not web_app_url:
        return None
    button = InlineKeyboardButton(OPEN_APP, web_app=WebAppInfo(web_app_url))
    return InlineKeyboardMarkup([[button]])
