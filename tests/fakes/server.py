"""Serve an ASGI app with uvicorn on 127.0.0.1 and a free port, inside the running event loop.

    async with LocalServer(app) as server:
        httpx.get(server.url + "/ping")

Both fakes use it; tests can use it too for tiny receivers (e.g. a webhook endpoint).
The server runs as a task of the current loop, installs no signal handlers, and on exit
stops accepting connections, closes idle keep-alive connections and waits for the task.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from types import TracebackType

import uvicorn
from starlette.types import ASGIApp

__all__ = ["LocalServer"]


class _EmbeddedServer(uvicorn.Server):
    """A uvicorn server that leaves signals alone and exits as soon as it is asked to."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._wakeup = asyncio.Event()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # Signal handling belongs to the test runner, not to an embedded server.
        yield

    async def main_loop(self) -> None:
        # uvicorn polls `should_exit` every 0.1 s; wait on an event instead so that
        # stopping is immediate. on_tick refreshes the Date header once a second.
        await self.on_tick(0)
        while not self.should_exit:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout=1.0)
            await self.on_tick(0)

    def request_exit(self) -> None:
        self.should_exit = True
        self._wakeup.set()


class LocalServer:
    """An ASGI app listening on http://127.0.0.1:<free port> while the context is open."""

    def __init__(self, app: ASGIApp, *, host: str = "127.0.0.1", startup_timeout: float = 5.0):
        self._config = uvicorn.Config(
            app,
            host=host,
            port=0,
            loop="none",
            http="h11",
            ws="none",
            lifespan="off",
            log_config=None,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=2,
        )
        self._host = host
        self._startup_timeout = startup_timeout
        self._server: _EmbeddedServer | None = None
        self._task: asyncio.Task[None] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``http://127.0.0.1:43121``."""
        if not self.port:
            raise RuntimeError("server is not running")
        return f"http://{self._host}:{self.port}"

    async def start(self) -> None:
        server = _EmbeddedServer(self._config)
        self._server = server
        self._task = asyncio.create_task(server.serve(), name=f"uvicorn-{id(self):x}")
        deadline = asyncio.get_running_loop().time() + self._startup_timeout
        while not server.started:
            if self._task.done():
                self._task.result()  # re-raise the startup error
                raise RuntimeError("uvicorn exited before it started")
            if asyncio.get_running_loop().time() > deadline:
                await self.stop()
                raise TimeoutError("uvicorn did not start in time")
            await asyncio.sleep(0.001)
        sockets = server.servers[0].sockets
        self.port = int(sockets[0].getsockname()[1])

    async def stop(self) -> None:
        server, task = self._server, self._task
        self._server = self._task = None
        if server is None or task is None:
            return
        server.request_exit()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=10)
        except TimeoutError:
            server.force_exit = True
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.port = 0

    async def __aenter__(self) -> LocalServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
