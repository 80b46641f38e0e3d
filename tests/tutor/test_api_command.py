"""`tutor api` listens where API_HOST/API_PORT say (127.0.0.1 by default) and believes no
X-Forwarded-For, not even from localhost, unless FORWARDED_ALLOW_IPS names the proxy."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import httpx
import psutil

from core.db import Database
from core.settings import Settings
from tutor.embedded import free_port

REPO = Path(__file__).resolve().parents[2]


async def _wait_healthy(client: httpx.AsyncClient, proc: asyncio.subprocess.Process) -> None:
    for _ in range(300):
        assert proc.returncode is None, "tutor api exited"
        try:
            if (await client.get("/api/v1/health")).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.2)
    raise AssertionError("tutor api did not become healthy")


async def test_api_honours_host_and_port_and_ignores_forwarded_for(
    settings: Settings, db: Database
) -> None:
    assert settings.database_url and settings.redis_url and settings.secret_key
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("API_", "FORWARDED_"))},
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "SECRET_KEY": settings.secret_key.get_secret_value(),
        "API_PORT": str(port),
        "LOGIN_MAX_FAILURES_PER_IP": "2",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tutor",
        "api",
        env=env,
        cwd=REPO,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            await _wait_healthy(client, proc)
            listening = {
                (c.laddr.ip, c.laddr.port)
                for c in psutil.Process(proc.pid).net_connections("inet")
                if c.status == psutil.CONN_LISTEN
            }
            assert listening == {("127.0.0.1", port)}
            statuses = []
            for i in range(3):
                response = await client.post(
                    "/api/v1/auth/login",
                    data={"username": f"probe{i}@example.org", "password": "wrong-password"},
                    headers={"X-Forwarded-For": f"192.0.2.{i}"},
                )
                statuses.append(response.status_code)
            assert statuses == [401, 401, 429]
    finally:
        proc.terminate()
        await proc.wait()
