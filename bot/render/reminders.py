"""The daily review reminder: what is waiting, and a button that starts /review."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.cards import REVIEW_START
from bot.render.message import Rendered
from core.reminders.deliveries import ReminderMessage

REVIEW_NOW_LABEL = "▶️ Review now"


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def reminder_text(message: ReminderMessage) -> str:
    parts = []
    if message.due_reviews:
        parts.append(_counted(message.due_reviews, "review", "reviews"))
    if message.new_available:
        parts.append(f"{message.new_available} new")
    topics = (
        f"\n📘 {_counted(message.due_topics, 'grammar topic is', 'grammar topics are')} due "
        "too: /grammar"
        if message.due_topics
        else ""
    )
    if not message.total:
        return f"🔔 <b>Zeit zum Üben!</b>{topics}"
    return (
        "🔔 <b>Zeit zum Wiederholen!</b>\n"
        f"You have <b>{_counted(message.total, 'card', 'cards')}</b> waiting "
        f"({', '.join(parts)}). A few minutes now keep your streak going. Los geht's! 💪"
        f"{topics}"
    )


def reminder(message: ReminderMessage) -> Rendered:
    button = InlineKeyboardButton(REVIEW_NOW_LABEL, callback_data=REVIEW_START)
    return Rendered(reminder_text(message), InlineKeyboardMarkup([[button]]))
