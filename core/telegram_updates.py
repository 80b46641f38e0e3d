"""Webhook updates from Telegram: stored and deduplicated by update_id before they are
acknowledged, then claimed with a lease, processed and marked processed (with the error, if
any). Telegram never resends an acknowledged update, so a stored one must be processed even
if the process that acknowledged it dies: an update whose lease expired (or that was never
claimed) is taken by the next sweep of any replica.

Updates of one chat are processed one at a time in update_id order: an update is claimable
only when no earlier update of its chat is unprocessed. Each is processed once, unless its
claimant died mid-way (then the next claimant runs it again: the bot's handlers each commit
one unit of work, so at worst the learner sees a reply twice); after MAX_ATTEMPTS claims it
is given up and marked with an error."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.clock import utcnow
from core.db import Database
from core.models import TelegramUpdate

log = logging.getLogger(__name__)

# Longer than any handler takes (handlers never wait for Claude): a claim this old belongs to
# a process that died. The API passes its setting (telegram_update_lease_seconds).
LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 3
# Updates older than this are not processed any more (a reply days late would confuse more
# than it helps); the purge removes them.
MAX_AGE = timedelta(days=1)
GAVE_UP = "Not processed: its claimants died {attempts} times."

ProcessUpdate = Callable[[dict[str, Any]], Awaitable[None]]


def chat_of(payload: dict[str, Any]) -> int | None:
    """The chat an update belongs to (message, edited message, button press, member change)."""
    for key, value in payload.items():
        if key == "update_id" or not isinstance(value, dict):
            continue
        for holder in (value, value.get("message")):
            if isinstance(holder, dict):
                chat = holder.get("chat")
                if isinstance(chat, dict) and isinstance(chat.get("id"), int):
                    return int(chat["id"])
        sender = value.get("from")
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            return int(sender["id"])
    return None


async def store_update(session: AsyncSession, update_id: int, payload: dict[str, Any]) -> bool:
    """Store the update; False when this update_id was stored before (a Telegram resend)."""
    inserted = await session.scalar(
        insert(TelegramUpdate)
        .values(update_id=update_id, payload=payload, chat_id=chat_of(payload))
        .on_conflict_do_nothing(index_elements=[TelegramUpdate.update_id])
        .returning(TelegramUpdate.update_id)
    )
    return inserted is not None


@dataclass(frozen=True)
class ClaimedUpdate:
    update_id: int
    payload: dict[str, Any]
    attempts: int


async def claim_update(
    session: AsyncSession,
    claimant: str,
    *,
    chat_id: int | None = None,
    update_id: int | None = None,
    lease: timedelta = LEASE,
) -> ClaimedUpdate | None:
    """Claim the oldest claimable update (of one chat, or one update, or any): unprocessed,
    unclaimed or with an expired lease, and the first unprocessed one of its chat."""
    earlier = aliased(TelegramUpdate)
    candidate = (
        select(TelegramUpdate.update_id)
        .where(
            TelegramUpdate.processed_at.is_(None),
            TelegramUpdate.received_at > func.now() - MAX_AGE,
            or_(
                TelegramUpdate.claimed_at.is_(None),
                TelegramUpdate.claimed_at < func.now() - lease,
            ),
            ~exists().where(
                earlier.processed_at.is_(None),
                earlier.chat_id == TelegramUpdate.chat_id,
                earlier.update_id < TelegramUpdate.update_id,
            ),
        )
        .order_by(TelegramUpdate.update_id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if chat_id is not None:
        candidate = candidate.where(TelegramUpdate.chat_id == chat_id)
    if update_id is not None:
        candidate = candidate.where(TelegramUpdate.update_id == update_id)
    row = (
        await session.execute(
            update(TelegramUpdate)
            .where(TelegramUpdate.update_id == candidate.scalar_subquery())
            .values(
                claimed_at=func.now(), claimed_by=claimant, attempts=TelegramUpdate.attempts + 1
            )
            .returning(TelegramUpdate.update_id, TelegramUpdate.payload, TelegramUpdate.attempts)
        )
    ).first()
    return ClaimedUpdate(row[0], row[1], row[2]) if row else None


async def mark_processed(session: AsyncSession, update_id: int, error: str | None) -> None:
    await session.execute(
        update(TelegramUpdate)
        .where(TelegramUpdate.update_id == update_id)
        .values(processed_at=utcnow(), error=error)
    )


async def process_updates(
    db: Database,
    claimant: str,
    process: ProcessUpdate,
    *,
    chat_id: int | None = None,
    update_id: int | None = None,
    lease: timedelta = LEASE,
) -> int:
    """Claim, process and mark updates until none is claimable: the chat's (in order), the
    one update (a chatless one), or every stored one (a sweep). Returns how many."""
    done = 0
    while True:
        async with db.unit_of_work() as session:
            claimed = await claim_update(
                session, claimant, chat_id=chat_id, update_id=update_id, lease=lease
            )
        if claimed is None:
            return done
        error = None
        if claimed.attempts > MAX_ATTEMPTS:
            error = GAVE_UP.format(attempts=claimed.attempts - 1)
        else:
            try:
                await process(claimed.payload)
            except Exception as exc:  # the bot's own error handler has answered the learner
                log.exception("processing telegram update %s failed", claimed.update_id)
                error = repr(exc)[:500]
        async with db.unit_of_work() as session:
            await mark_processed(session, claimed.update_id, error)
        done += 1


async def process_stored(
    db: Database,
    claimant: str,
    process: ProcessUpdate,
    update_id: int,
    payload: dict[str, Any],
    *,
    lease: timedelta = LEASE,
) -> int:
    """After storing an update: process it, after (and with) whatever of its chat waits."""
    chat_id = chat_of(payload)
    if chat_id is None:
        return await process_updates(db, claimant, process, update_id=update_id, lease=lease)
    return await process_updates(db, claimant, process, chat_id=chat_id, lease=lease)
