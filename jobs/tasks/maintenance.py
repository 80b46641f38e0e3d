from __future__ import annotations

from core.maintenance import purge_expired
from core.outbox import purge_sent
from jobs.context import JobContext
from jobs.transactions import in_transaction


async def purge_expired_records(ctx: JobContext) -> dict[str, int]:
    """Cron: drop expired tokens, used codes, old webhook deliveries and jobs sent long ago.
    Idempotent."""
    counts = await in_transaction(ctx, purge_expired)
    counts["outbox_jobs"] = await in_transaction(ctx, purge_sent)
    return counts
