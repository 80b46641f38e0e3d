"""The league table and the leaderboards in Telegram: one message, switched in place."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from typing import Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack
from core.clock import utcnow
from core.leagues.schemas import Leaderboard, LeagueMember, LeagueTable
from core.leagues.tiers import TIER_EMOJI, TIERS

FEATURE: Final = "lg"
BOARD_BUTTONS: Final = {"xp_week": "🏆 XP this week", "streak": "🔥 Streaks", "words": "📚 Words"}
ZONE_MARKS: Final = {"promotion": "⬆️", "demotion": "⬇️", "safe": "▫️"}
MAX_NAME = 24


def _button(label: str, action: str, arg: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=pack(FEATURE, action, arg))


def _name(name: str) -> str:
    return escape(name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…")


def _time_left(ends_at: datetime) -> str:
    left = max(ends_at - utcnow(), timedelta(0))
    days, hours = left.days, left.seconds // 3600
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {left.seconds % 3600 // 60} min"


def _member_line(member: LeagueMember) -> str:
    line = f"{ZONE_MARKS[member.zone]} {member.rank}. {_name(member.display_name)} — {member.xp} XP"
    return f"<b>{line} ← you</b>" if member.is_me else line


def league_text(table: LeagueTable) -> str:
    emoji = TIER_EMOJI[table.tier_level]
    lines = [f"{emoji} <b>{escape(table.tier)} league</b>"]
    if table.last_week is not None:
        last = table.last_week
        verdicts = {
            "promoted": f"moved up to {last.next_tier} 🎉",
            "demoted": f"moved down to {last.next_tier}",
            "stayed": f"stayed in {last.next_tier}",
            "left": f"you had left; you stay in {last.next_tier}",
        }
        place = f"#{last.rank} in {last.tier}, " if last.rank else ""
        lines.append(f"Last week: {place}{last.xp} XP — {verdicts[last.result]}.")
    if table.status == "left":
        lines.append(
            "\nYou've left the leagues: you're on no league table and no leaderboard. "
            "Join again whenever you like."
        )
        return "\n".join(lines)
    ends = f"Week ends Monday 00:00 UTC (in {_time_left(table.week_ends_at)})."
    if table.status == "not_joined":
        lines += [
            ends,
            "\nYour first XP this week puts you in a group of up to 30 learners of your tier: "
            "/review, /quiz, /grammar or /talk.",
        ]
        return "\n".join(lines)
    lines.append(ends)
    zones = []
    if table.promotion_zone:
        up = TIERS[table.tier_level + 1]
        top = "1st place moves" if table.promotion_zone == 1 else f"top {table.promotion_zone} move"
        zones.append(f"⬆️ {top} up to {up}")
    if table.demotion_zone:
        down = TIERS[table.tier_level - 1]
        bottom = (
            "last place moves" if table.demotion_zone == 1 else f"bottom {table.demotion_zone} move"
        )
        zones.append(f"⬇️ {bottom} down to {down}")
    if zones:
        lines.append(" · ".join(zones) + ".")
    lines.append("")
    lines += [_member_line(member) for member in table.members]
    return "\n".join(lines)


def league_keyboard(table: LeagueTable) -> InlineKeyboardMarkup:
    boards = [_button(label, "board", board) for board, label in BOARD_BUTTONS.items()]
    membership = (
        _button("✅ Join the leagues", "join")
        if table.status == "left"
        else _button("🚪 Leave the leagues", "leave")
    )
    return InlineKeyboardMarkup([boards, [membership]])


def board_text(board: Leaderboard) -> str:
    lines = [f"<b>{escape(board.title)}</b> — top {len(board.entries)}", ""]
    for entry in board.entries:
        line = f"{entry.rank}. {_name(entry.display_name)} — {_amount(entry.score, board.unit)}"
        lines.append(f"<b>{line} ← you</b>" if entry.is_me else line)
    if not board.entries:
        lines.append("Nobody is on this board yet.")
    lines.append("")
    if not board.in_leagues:
        lines.append("You've left the leagues, so you're not on the boards.")
    elif board.my_rank is None:
        lines.append(f"You're not on this board yet: {_how_to_get_on(board)}")
    else:
        lines.append(f"You: #{board.my_rank} with {_amount(board.my_score or 0, board.unit)}.")
    return "\n".join(lines)


def _amount(score: int, unit: str) -> str:
    return f"{score} {unit.removesuffix('s') if score == 1 else unit}"


def _how_to_get_on(board: Leaderboard) -> str:
    return {
        "xp_week": "earn XP this week (/review, /quiz, /talk).",
        "streak": "meet your daily goal to start a streak.",
        "words": "a word counts once you've remembered it across days in /review.",
    }[board.board]


def board_keyboard(board: Leaderboard) -> InlineKeyboardMarkup:
    others = [
        _button(label, "board", name)
        for name, label in BOARD_BUTTONS.items()
        if name != board.board
    ]
    return InlineKeyboardMarkup([others, [_button("« My league", "table")]])


def name_text(name: str, changed: bool) -> str:
    if changed:
        return (
            f"Done: others now see you as <b>{escape(name)}</b> in /league and on the leaderboards."
        )
    return (
        f"On league tables and leaderboards others see you as <b>{escape(name)}</b>.\n"
        "To choose your name, send /name and the name, e.g. <code>/name Anna</code>."
    )
