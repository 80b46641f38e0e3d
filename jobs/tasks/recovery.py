"""Cron, every minute: what was acknowledged but never queued or never run is queued now."""

from __future__ import annotations

from functools import partial

from core.clock import utcnow
from core.stale_work import requeue_stale_work
from core.vocabulary.import_jobs import fail_stalled_imports
from jobs.context import JobContext
from jobs.transactions import in_transaction


async def recover_unsent_work(ctx: JobContext) -> dict[str, int]:
    """Relay the outbox (jobs written while Redis was down, or by a process that died after
    its commit), ask again for replies and enrichments that have waited too long, and mark
    deck imports that stalled as failed."""
    requeued = await in_transaction(ctx, partial(requeue_stale_work, now=utcnow()))
    stalled = await in_transaction(ctx, partial(fail_stalled_imports, now=utcnow()))
    relayed = await ctx["db"].relay_outbox()
    return {
        "relayed": relayed,
        "conversations": requeued.conversations,
        "words": requeued.words,
        "stalled_imports": len(stalled),
    }
