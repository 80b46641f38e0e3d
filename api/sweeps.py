"""What every API replica sweeps, at start and then periodically: webhook updates that were
acknowledged but not processed (their process died), and jobs left in the outbox (the queue
was unreachable when their transaction committed)."""

from __future__ import annotations

import asyncio
import logging

from api.resources import ApiResources
from api.routes.telegram import sweep_webhook_updates

log = logging.getLogger(__name__)

SWEEP_INTERVAL_SECONDS = 15.0


async def sweep_once(resources: ApiResources) -> None:
    updates = await sweep_webhook_updates(resources)
    jobs = await resources.db.relay_outbox()
    if updates or jobs:
        log.info("sweep: %d webhook update(s) processed, %d job(s) relayed", updates, jobs)


async def sweep_forever(resources: ApiResources, interval: float = SWEEP_INTERVAL_SECONDS) -> None:
    """Until cancelled; a failed sweep (database or queue down) is retried next time."""
    while True:
        try:
            await sweep_once(resources)
        except Exception:
            log.exception("sweep failed; retrying in %.0f s", interval)
        await asyncio.sleep(interval)
