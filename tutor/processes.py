"""Run the API, the worker and the bot in one event loop (`tutor up`) or one at a time."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterator

import uvicorn
from arq.worker import Worker
from fastapi import FastAPI

from api.app import create_app
from bot.app import WebhookBot, build_application, running
from core.heap import freeze_long_lived
from core.settings import Settings
from jobs.worker import worker_settings


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: the caller decides when to stop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def build_api(settings: Settings) -> FastAPI:
    webhook = WebhookBot(settings) if settings.telegram_mode == "webhook" else None
    return create_app(settings, telegram=webhook)


async def serve_all(
    settings: Settings,
    *,
    with_worker: bool = True,
    with_api: bool = True,
    on_ready: Callable[[], None] | None = None,
) -> None:
    """Serve until SIGINT/SIGTERM, then stop every part cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    tasks: dict[str, asyncio.Task[None]] = {}
    server = None
    worker = None
    if with_api:
        config = uvicorn.Config(
            build_api(settings),
            host=settings.api_host,
            port=settings.api_port,
            log_level="warning",
            lifespan="on",
            # The app reads X-Forwarded-For itself, from FORWARDED_ALLOW_IPS only.
            proxy_headers=False,
        )
        server = _Server(config)
        tasks["api"] = asyncio.create_task(server.serve())
    if with_worker:
        worker = Worker(**worker_settings(settings), handle_signals=False)
        tasks["worker"] = asyncio.create_task(worker.main())

    polling = settings.telegram_mode == "polling"
    bot_running = (
        running(build_application(settings), polling=True) if polling else contextlib.nullcontext()
    )
    try:
        async with bot_running:
            while server is not None and not server.started:
                if tasks["api"].done():
                    tasks["api"].result()
                    raise RuntimeError("the API stopped during start-up")
                await asyncio.sleep(0.05)
            freeze_long_lived()
            if on_ready is not None:
                on_ready()
            waiter = asyncio.create_task(stop.wait())
            done, _ = await asyncio.wait(
                [waiter, *tasks.values()], return_when=asyncio.FIRST_COMPLETED
            )
            waiter.cancel()
            for task in done:
                if task is not waiter and task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]
    finally:
        if server is not None:
            server.should_exit = True
        if "worker" in tasks:
            tasks["worker"].cancel()
        for task in tasks.values():
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if worker is not None:
            await worker.close()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
