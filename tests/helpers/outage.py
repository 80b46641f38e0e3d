"""Outages on demand: a TCP relay the test starts in front of a real server and cuts.

Cutting closes the listening port (new connections are refused, as with a stopped server)
and resets every open connection (as with a crashed one); restoring listens on the same port
again. The shared servers behind it keep running for everybody else."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.engine import make_url

from tutor.embedded import free_port


class Outage:
    def __init__(self, target_host: str, target_port: int, socket_path: str | None = None) -> None:
        self.target = (target_host, target_port)
        self.socket_path = socket_path  # a server on a Unix socket (the embedded PostgreSQL)
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def restore(self) -> None:
        """Listen (again) on the same port and relay to the server."""
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)

    async def cut(self) -> None:
        """The server is gone: refuse new connections and reset the open ones."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _relay(
        self, client_reader: asyncio.StreamReader, client: asyncio.StreamWriter
    ) -> None:
        try:
            if self.socket_path is not None:
                server_reader, server = await asyncio.open_unix_connection(self.socket_path)
            else:
                server_reader, server = await asyncio.open_connection(*self.target)
        except OSError:
            client.transport.abort()
            return
        self._writers |= {client, server}
        for reader, writer in ((client_reader, server), (server_reader, client)):
            task = asyncio.create_task(_pipe(reader, writer))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    def url_for(self, url: str) -> str:
        """`url` (of the real server) pointed at this relay."""
        parsed = make_url(url)
        query = {k: v for k, v in parsed.query.items() if k not in ("host", "port")}
        return parsed.set(host="127.0.0.1", port=self.port, query=query).render_as_string(
            hide_password=False
        )


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, asyncio.IncompleteReadError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    writer.transport.abort()


@asynccontextmanager
async def relay_to(url: str) -> AsyncIterator[Outage]:
    """A relay in front of the server of `url` (a database or Redis URL), listening."""
    parsed = make_url(url)
    port = parsed.port or int(str(parsed.query.get("port") or _default_port(parsed.drivername)))
    socket_dir = parsed.query.get("host")
    socket_path = (
        f"{socket_dir}/.s.PGSQL.{port}"
        if isinstance(socket_dir, str) and socket_dir.startswith("/")
        else None
    )
    outage = Outage(parsed.host or "127.0.0.1", port, socket_path)
    await outage.restore()
    try:
        yield outage
    finally:
        await outage.cut()


def _default_port(drivername: str) -> int:
    return 6379 if drivername.startswith("redis") else 5432
