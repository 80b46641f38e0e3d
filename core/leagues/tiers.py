"""Tiers, group size, activity bands and the promotion and demotion zones, in one place."""

from __future__ import annotations

from bisect import bisect_right
from math import ceil
from typing import Literal

TIERS: tuple[str, ...] = (
    "Bronze",
    "Silver",
    "Gold",
    "Sapphire",
    "Ruby",
    "Emerald",
    "Amethyst",
    "Pearl",
    "Obsidian",
    "Diamond",
)
TIER_EMOJI: tuple[str, ...] = ("🥉", "🥈", "🥇", "🔷", "♦️", "💚", "🔮", "🦪", "⚫", "💎")
LOWEST_TIER = 0
HIGHEST_TIER = len(TIERS) - 1

GROUP_SIZE = 30
"""At most this many learners compete in one group."""

# Last week's XP that starts each activity band: learners of a tier in the same band share
# groups, so a learner who earned 600 XP last week does not meet one who earned 20.
ACTIVITY_BANDS: tuple[int, ...] = (0, 1, 100, 350, 1000)

# A full group of 30 promotes its top 7 and demotes its bottom 5; smaller groups promote
# about a quarter (at least the winner) and demote a sixth, so the zones never overlap.
MAX_PROMOTED = 7
MAX_DEMOTED = 5

Result = Literal["promoted", "stayed", "demoted", "left"]


def tier_name(tier: int) -> str:
    return TIERS[tier]


def activity_band(last_week_xp: int) -> int:
    return max(0, bisect_right(ACTIVITY_BANDS, last_week_xp) - 1)


def promotion_zone(tier: int, ranked: int) -> int:
    """How many of the top ranks are promoted (none from the highest tier)."""
    if tier >= HIGHEST_TIER or ranked == 0:
        return 0
    return min(MAX_PROMOTED, ceil(ranked / 4))


def demotion_zone(tier: int, ranked: int) -> int:
    """How many of the bottom ranks are demoted (none from the lowest tier)."""
    if tier <= LOWEST_TIER:
        return 0
    return min(MAX_DEMOTED, ranked // 6)


def zone_of(tier: int, rank: int, ranked: int) -> Literal["promotion", "demotion", "safe"]:
    if rank <= promotion_zone(tier, ranked):
        return "promotion"
    if rank > ranked - demotion_zone(tier, ranked):
        return "demotion"
    return "safe"


def outcome(tier: int, rank: int, ranked: int) -> tuple[Result, int]:
    """The result of finishing at `rank` of `ranked` and the tier it leads to."""
    zone = zone_of(tier, rank, ranked)
    if zone == "promotion":
        return "promoted", tier + 1
    if zone == "demotion":
        return "demoted", tier - 1
    return "stayed", tier
