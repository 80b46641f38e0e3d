"""Run the real arq worker in burst mode: it processes what is queued, then returns."""

from __future__ import annotations

from arq.worker import Worker

from core.settings import Settings
from jobs.worker import worker_settings


async def run_queued_jobs(settings: Settings) -> Worker:
    worker = Worker(**worker_settings(settings, burst=True), handle_signals=False)
    try:
        await worker.main()
    finally:
        await worker.close()
    return worker
