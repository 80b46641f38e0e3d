"""`tutor up` with nothing configured: embedded servers, health answers, Ctrl-C leaves nothing."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from tutor.embedded import free_port

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder() -> Iterator[Path]:
    """A data folder outside pytest's own temporary root: the embedded PostgreSQL runs as
    another system user, and a concurrent pytest session resets that root to mode 0700,
    which locked a restarted server out of its data (seen with parallel test runs)."""
    path = Path(tempfile.mkdtemp(prefix="tutor-up-test-")) / "data"
    yield path
    shutil.rmtree(path.parent, ignore_errors=True)


def _servers_in(folder: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if str(folder) in cmdline and ("postgres" in cmdline or "redis-server" in cmdline):
            found.append(proc)
    return found


def _start(folder: Path, port: int) -> subprocess.Popen[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "REDIS_URL", "TELEGRAM_", "ANTHROPIC_", "SECRET_KEY"))
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tutor", "up", "--data-dir", str(folder), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=REPO,
    )


def _wait_healthy(port: int, proc: subprocess.Popen[str], timeout: float = 90) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        try:
            response = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
            if response.status_code == 200:
                body: dict[str, str] = response.json()
                return body
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("tutor up did not become healthy")


def test_up_serves_refuses_a_second_instance_and_stops_cleanly(folder: Path) -> None:
    port = free_port()
    first = _start(folder, port)
    try:
        health = _wait_healthy(port, first)
        assert health["database"] == "ok" and health["redis"] == "ok"
        assert health["ai_mode"] == "offline" and health["telegram_mode"] == "off"
        assert httpx.get(f"http://127.0.0.1:{port}/docs").status_code == 200
        assert (folder / "secret_key").stat().st_mode & 0o777 == 0o600

        second = _start(folder, free_port())
        output, _ = second.communicate(timeout=60)
        assert second.returncode == 1
        assert "another `tutor up`" in output
    finally:
        first.send_signal(signal.SIGINT)
        output, _ = first.communicate(timeout=60)
    assert first.returncode == 0, output
    assert "german-tutor is running" in output and "stopped." in output
    assert _servers_in(folder) == []


def test_up_recovers_after_an_unclean_stop(folder: Path) -> None:
    port = free_port()
    crashed = _start(folder, port)
    _wait_healthy(port, crashed)
    crashed.kill()
    crashed.communicate(timeout=30)

    again = _start(folder, port)
    try:
        assert _wait_healthy(port, again)["database"] == "ok"
    finally:
        again.send_signal(signal.SIGINT)
        output, _ = again.communicate(timeout=60)
    assert again.returncode == 0, output
    assert _servers_in(folder) == []


async def test_up_runs_the_bot_against_the_configured_bot_api(folder: Path) -> None:
    """`tutor up` with a token onboards a learner through the Bot API at TELEGRAM_API_BASE_URL."""
    from tests.fakes.telegram import FakeTelegram
    from tests.helpers.bot import BOT_TOKEN, BotChat

    port = free_port()
    async with FakeTelegram(token=BOT_TOKEN) as tg:
        env = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("DATABASE_URL", "REDIS_URL"))
            },
            "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
            "TELEGRAM_API_BASE_URL": tg.base_url,
            "TELEGRAM_API_FILE_URL": tg.base_file_url,
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tutor",
            "up",
            "--data-dir",
            str(folder),
            "--port",
            str(port),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            env=env,
            cwd=REPO,
        )
        try:
            chat = BotChat(tg, tg.user(first_name="Mia"))
            await tg.wait_for_call("getUpdates", since=0, timeout=90)
            greeting = await chat.send("/start", timeout=30)
            assert "Willkommen, Mia" in (greeting.text or "")
            step2 = await chat.press("A1 · Beginner")
            assert "Step 2 of 3" in (step2.text or "")
        finally:
            proc.send_signal(signal.SIGINT)
            output, _ = await asyncio.wait_for(proc.communicate(), 60)
        assert proc.returncode == 0, output.decode()
        assert "Telegram   on, long polling" in output.decode()
    assert _servers_in(folder) == []
