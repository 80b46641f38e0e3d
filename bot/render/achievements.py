"""Achievements as the learner sees them: the unlock notice a job sends, and /achievements."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from itertools import groupby

from bot.render.message import Rendered
from core.achievements.schemas import AchievementBadge, AchievementProgress

MESSAGE_LIMIT = 4096

CATEGORY_TITLES = {
    "conversation": "💬 Conversation",
    "vocabulary": "📚 Vocabulary",
    "grammar": "🧩 Grammar",
    "streaks": "🔥 Streaks",
    "consistency": "📅 Consistency",
}


def unlocked_notice(badges: Sequence[AchievementBadge]) -> Rendered:
    """One message for everything unlocked at once."""
    if len(badges) == 1:
        badge = badges[0]
        return Rendered(
            f"🏆 Achievement unlocked: <b>{escape(badge.name)}</b> — {escape(badge.description)}"
            "\n\n/achievements shows all of them."
        )
    lines = [f"🏆 {len(badges)} achievements unlocked:"]
    lines += [f"• <b>{escape(b.name)}</b> — {escape(b.description)}" for b in badges]
    lines.append("\n/achievements shows all of them.")
    return Rendered("\n".join(lines))


def _number(value: int) -> str:
    return f"{value:,}"


def _line(item: AchievementProgress) -> str:
    name = escape(item.name)
    if item.unlocked_at is not None:
        return f"✅ <b>{name}</b> — {escape(item.description)}"
    # The description only repeats the numbers here ("Complete 10 conversation scenarios").
    shown = min(item.progress, item.threshold)
    return f"▫️ {name}: {_number(shown)}/{_number(item.threshold)} {escape(item.unit)}"


def _section(category: str, items: list[AchievementProgress]) -> str:
    title = CATEGORY_TITLES.get(category, escape(category.capitalize()))
    done = sum(1 for i in items if i.unlocked_at is not None)
    return "\n".join([f"<b>{title}</b> ({done}/{len(items)})", *map(_line, items)])


def achievements_pages(board: Sequence[AchievementProgress]) -> list[str]:
    """The board by category, as few messages as fit Telegram's 4,096 characters each (a
    category is never split unless it alone is too long, then by line)."""
    if not board:
        return ["There are no achievements yet."]
    unlocked = sum(1 for i in board if i.unlocked_at is not None)
    header = f"🏆 <b>Achievements</b> — {unlocked} of {len(board)} unlocked"
    blocks = [header]
    for category, items in groupby(board, key=lambda i: i.category):
        section = _section(category, list(items))
        blocks.extend(_split(section) if len(section) > MESSAGE_LIMIT else [section])
    pages: list[str] = []
    for block in blocks:
        if pages and len(pages[-1]) + 2 + len(block) <= MESSAGE_LIMIT:
            pages[-1] += "\n\n" + block
        else:
            pages.append(block)
    return pages


def _split(section: str) -> list[str]:
    parts: list[str] = []
    for line in section.split("\n"):
        if parts and len(parts[-1]) + 1 + len(line) <= MESSAGE_LIMIT:
            parts[-1] += "\n" + line
        else:
            parts.append(line[:MESSAGE_LIMIT])
    return parts
