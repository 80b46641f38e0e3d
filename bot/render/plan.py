"""Today's plan in Telegram: the /today message, the sentence that says what is waiting (the
daily reminder uses it too), and one button per item that starts it."""

from __future__ import annotations

from html import escape
from typing import Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack
from bot.cards import NEW_WORDS_START, REVIEW_START
from bot.render.conversation import FEATURE as CONVERSATION_FEATURE
from bot.render.grammar import FEATURE as GRAMMAR_FEATURE
from bot.render.message import Rendered
from bot.render.progress import goal_bar
from core.plan.schemas import DailyPlan, PlanItem
from core.progress.goal import GoalProgress

FEATURE: Final = "td"
SHOW_PLAN = pack(FEATURE, "show")
"""Opens /today's message (the reminders carry it)."""
GRAMMAR_REASONS = {
    "due": "due for practice",
    "weak": "your weak spot",
    "next": "next at your level",
}


def item_button(item: PlanItem) -> InlineKeyboardButton:
    """The button that starts a plan item: the same as its /review, /grammar or /talk."""
    if item.kind == "reviews":
        return InlineKeyboardButton(f"▶️ Review ({item.count})", callback_data=REVIEW_START)
    if item.kind == "new_words":
        cards = "card" if item.count == 1 else "cards"
        return InlineKeyboardButton(
            f"🆕 Learn new words ({item.count} {cards})", callback_data=NEW_WORDS_START
        )
    assert item.slug is not None
    if item.kind == "grammar":
        data = pack(GRAMMAR_FEATURE, "p", item.slug)
        return InlineKeyboardButton(f"📘 {item.label}", callback_data=data)
    data = pack(CONVERSATION_FEATURE, "start", item.slug)
    return InlineKeyboardButton(f"💬 {item.label}", callback_data=data)


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def waiting_sentence(plan: DailyPlan) -> str:
    """ "12 reviews, 5 new words and <b>Perfekt mit sein</b> are waiting." ('' if nothing)."""
    parts = [
        f"<b>{escape(item.label)}</b>" if item.kind == "grammar" else escape(item.label)
        for item in plan.waiting
    ]
    if not parts:
        return ""
    one = len(parts) == 1 and plan.waiting[0].count in (None, 1)
    return f"{_joined(parts)} {'is' if one else 'are'} waiting."


def _line(item: PlanItem, plan: DailyPlan) -> str:
    if item.kind == "reviews":
        return f"🔁 <b>{escape(item.label)}</b> due now — /review"
    if item.kind == "new_words":
        return f"🆕 <b>{escape(item.label)}</b> left today (of {plan.new_words_per_day} a day)"
    if item.kind == "grammar":
        reason = GRAMMAR_REASONS.get(item.reason or "", "")
        return f"📘 Grammar: <b>{escape(item.label)}</b> — {reason}"
    scene = plan.scene
    english = f" ({escape(scene.title)})" if scene is not None else ""
    return f"💬 Talk: <b>{escape(item.label)}</b>{english}"


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def bar(plan: DailyPlan) -> str:
    goal = plan.goal
    return goal_bar(GoalProgress(goal.xp_today, goal.goal, goal.met, plan.local_on))


def streak_line(plan: DailyPlan) -> str:
    streak = plan.streak
    freezes = f" · ❄️ {streak.freezes} freeze{'s' if streak.freezes != 1 else ''}"
    if not streak.current:
        return "🔥 No streak yet: meet today's goal to start one" + (
            freezes if streak.freezes else ""
        )
    return f"🔥 Streak: <b>{_days(streak.current)}</b>" + (freezes if streak.freezes else "")


def today(plan: DailyPlan) -> Rendered:
    """The /today message: XP toward the goal, the streak, the plan's items with buttons."""
    lines = [
        f"📋 <b>Today's plan</b> · {plan.local_on:%a %d %b}",
        bar(plan) + (" 🎯" if plan.goal.met else ""),
        streak_line(plan),
        "",
    ]
    lines += [_line(item, plan) for item in plan.items]
    if not plan.reviews_due and not plan.new_words_left:
        lines.append(
            "\nNo cards waiting. Add words with <code>/add das Wort</code> or a starter pack "
            "in /deck."
        )
    keyboard = [[item_button(item)] for item in plan.items]
    return Rendered("\n".join(lines), InlineKeyboardMarkup(keyboard) if keyboard else None)
