from __future__ import annotations

from core.maintenance import purge_expired
from jobs.context import JobContext
from jobs.transactions import in_transaction


async def purge_expired_records(ctx: JobContext) -> dict[str, int]:
    """Cron: drop expired tokens, used codes and old webhook deliveries. Idempotent."""
    return await in_transaction(ctx, purge_expired)
