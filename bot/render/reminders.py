"""The daily reminder and the evening streak nudge: what today's plan has waiting, with a
button per item that starts it and one that opens /today."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.render.message import Rendered
from bot.render.plan import SHOW_PLAN, bar, item_button, waiting_sentence
from core.reminders.deliveries import ReminderMessage

TODAY_LABEL = "📋 Today's plan"


def reminder_text(message: ReminderMessage) -> str:
    plan = message.plan
    waiting = waiting_sentence(plan)
    if message.kind == "nudge":
        days = plan.streak.current
        return (
            f"🔥 <b>Don't break your streak!</b> {days} day{'s' if days != 1 else ''} so far, "
            f"and today's goal isn't met yet.\n{bar(plan)}\n"
            f"{waiting} A few minutes before midnight keep it going."
        )
    cards = plan.reviews_due + plan.new_words_left
    heading = "🔔 <b>Zeit zum Wiederholen!</b>" if cards else "🔔 <b>Zeit zum Üben!</b>"
    return f"{heading}\n{waiting} A few minutes now keep your streak going. Los geht's! 💪"


def reminder(message: ReminderMessage) -> Rendered:
    buttons = [[item_button(item)] for item in message.plan.waiting]
    buttons.append([InlineKeyboardButton(TODAY_LABEL, callback_data=SHOW_PLAN)])
    return Rendered(reminder_text(message), InlineKeyboardMarkup(buttons))
