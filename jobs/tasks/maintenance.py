from __future__ import annotations

from core.maintenance import purge_expired
from jobs.context import JobContext


async def purge_expired_records(ctx: JobContext) -> dict[str, int]:
    """Cron: drop expired tokens, used codes and old webhook deliveries. Idempotent."""
    async with ctx["db"].unit_of_work() as session:
        return await purge_expired(session)
