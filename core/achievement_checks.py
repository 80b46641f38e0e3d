"""Asking for a learner's achievement check after an activity: the one place that requests
`check_achievements` (words added to the deck ask here, and so does paid XP through
core.progress.xp.award_followups).

Lives outside core.achievements so that every domain (the deck, the XP ledger) may ask
without importing the evaluation, which sits above them all."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.outbox import Requested, request_coalesced

# How long an activity's follow-ups (the achievement check, the league refresh of paid XP)
# may wait: a run of answers asks once while a request is pending (the relay sends the row
# when due), not once per answer, and the answer does no work after its commit.
FOLLOWUP_DELAY = timedelta(seconds=20)


def achievement_check(user_id: int) -> Requested:
    """The request for one learner's check (to fold into a larger set of follow-ups)."""
    return ("check_achievements", {"user_id": user_id})


async def request_achievement_check(session: AsyncSession, user_id: int) -> None:
    """Evaluate the learner's achievements after this transaction, within FOLLOWUP_DELAY: one
    pending request per learner, however many activities ask (one check sees them all)."""
    await request_coalesced(session, [achievement_check(user_id)], FOLLOWUP_DELAY)
