"""Cron, every minute: what was acknowledged but never queued or never run is queued now."""

from __future__ import annotations

from functools import partial

from core.clock import utcnow
from core.stale_work import requeue_stale_work
from jobs.context import JobContext
from jobs.transactions import in_transaction


async def recover_unsent_work(ctx: JobContext) -> dict[str, int]:
    """Relay the outbox (jobs written while Redis was down, or by a process that died after
    its commit) and ask again for replies and enrichments that have waited too long."""
    requeued = await in_transaction(ctx, partial(requeue_stale_work, now=utcnow()))
    relayed = await ctx["db"].relay_outbox()
    return {"relayed": relayed, "conversations": requeued.conversations, "words": requeued.words}
