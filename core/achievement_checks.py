"""Asking for a learner's achievement check after an activity, once per transaction.

Lives outside core.achievements so that every domain (the deck, the XP ledger) may ask
without importing the evaluation, which sits above them all."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.outbox import request_job_once


def request_achievement_check(session: AsyncSession, user_id: int) -> None:
    """Evaluate the learner's achievements once this transaction has committed. Asked again in
    the same transaction, nothing more is queued (one check sees everything it wrote)."""
    request_job_once(session, "check_achievements", user_id=user_id)
