"""Leagues: the live standing after an award, and closing finished weeks (cron)."""

from __future__ import annotations

from functools import partial

from core.leagues.boards import publish, refresh_board, standing_of
from core.leagues.membership import close_finished_weeks
from jobs.context import JobContext
from jobs.transactions import in_transaction


async def refresh_league_standing(ctx: JobContext, user_id: int) -> str:
    """Recompute the learner's weekly XP, streak and words from PostgreSQL (seating them in
    this week's league on their first XP) and write them to the boards. Idempotent."""
    standing = await in_transaction(ctx, partial(standing_of, user_id=user_id))
    if standing is None:
        return "no such learner"
    await publish(ctx["redis"], standing)
    return "published"


async def maintain_leagues(ctx: JobContext) -> dict[str, int]:
    """Cron: close every group of a finished week (promotions, demotions, final ranks), and
    rewrite the streak board, whose streaks change when days close, not only on awards."""
    closed = await close_finished_weeks(ctx["db"])
    on_board = await refresh_board(ctx["db"], ctx["redis"], "streak")
    return {"closed": closed, "streak_board": on_board}
