"""XP toward the daily goal, the goal reached, streaks and freezes: what the learner reads
in the bot after a session, in /streak, and from the worker (a freeze that saved a streak)."""

from __future__ import annotations

from html import escape

from bot.render.message import Rendered
from core.progress.goal import GoalProgress
from core.progress.views import ProgressView

BAR_CELLS = 5


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def goal_bar(progress: GoalProgress) -> str:
    """▰▰▰▱▱ 30/50 XP today"""
    filled = min(BAR_CELLS, progress.xp_today * BAR_CELLS // max(progress.goal, 1))
    return (
        f"{'▰' * filled}{'▱' * (BAR_CELLS - filled)} {progress.xp_today}/{progress.goal} XP today"
    )


GOAL_REACHED = "🎯 Daily goal reached!"


def after_session(progress: GoalProgress, goal_just_reached: bool) -> str:
    """The lines shown under a finished session's summary."""
    lines = [goal_bar(progress)]
    if goal_just_reached:
        lines.append(GOAL_REACHED)
    return "\n".join(lines)


def freeze_saved(streak: int) -> Rendered:
    return Rendered(
        f"❄️ A freeze saved your {_days(streak)} streak. Meet today's goal to keep it going!",
        html=False,
    )


WEEKDAY_MARKS = {"met": "✅", "frozen": "❄️", "skipped": "➖", "broken": "❌"}


def progress_text(view: ProgressView) -> str:
    streak = view.streak
    lines = [
        "<b>Your progress</b>",
        "",
        goal_bar(view.goal_progress) + (" 🎯" if view.goal_met else ""),
        f"🔥 Streak: <b>{_days(streak.current)}</b> (longest {_days(streak.longest)})",
        f"❄️ Freezes held: <b>{streak.freezes}</b> of 2 (one earned every 7-day run; "
        "a missed day with something due uses one)",
        f"⭐ Total XP: <b>{view.total_xp}</b>",
    ]
    if view.last_days:
        marks = " ".join(
            f"{day.local_on.strftime('%a')} {WEEKDAY_MARKS.get(day.outcome, '·')}"
            for day in view.last_days
        )
        lines += ["", f"Last days: {escape(marks)}"]
        lines.append("✅ goal met · ❄️ freeze used · ➖ nothing due · ❌ missed")
    if not view.goal_met:
        lines += ["", "Earn XP with /review, /grammar, /quiz, /articles or /talk."]
    return "\n".join(lines)
