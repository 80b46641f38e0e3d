"""Event-loop lag benchmark: how long GET /api/v1/health takes while heavy requests run, as a
ratio to /health on an idle API, in the same run. Not a test: run by hand, see bench/README.md.

    .venv/bin/python -m bench.event_loop_lag [--rounds 3] [--registrations 16]
        [--import-rows 2000] [--database-url URL] [--redis-url URL] [--server-root PATH]

Heavy requests: N concurrent registrations (an Argon2 hash each) and one CSV import of M rows
(parsed in the request). The API runs in a child process (`uvicorn tutor.asgi:create`, one
worker, configured through the environment) on a scratch database (tutor_bench_lag_*, dropped
afterwards) and a Redis database it empties (default db 14). `--server-root` serves another
checkout of the project (e.g. `git archive` of an older commit) with this benchmark as the
client, for before/after figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import signal
import statistics
import sys
import time
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from pathlib import Path

import httpx
from redis.asyncio import Redis

from bench.reminder_fanout import scratch_database
from core.db import async_database_url
from tutor.embedded import free_port

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Gr0sse-Freude-2026"
HEALTH = "/api/v1/health"
SAMPLE_EVERY_S = 0.02


@dataclass
class Phase:
    name: str
    health_ms: list[float]
    work_s: float

    @property
    def median_ms(self) -> float:
        return statistics.median(self.health_ms)


@contextlib.asynccontextmanager
async def api_server(root: Path, database_url: str, redis_url: str) -> AsyncIterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "ENVIRONMENT": "development",
        "DATABASE_URL": async_database_url(database_url),
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench-event-loop-lag-" + "k" * 32,
        # The throttles are not what is measured here.
        "REGISTRATIONS_PER_IP": "1000000",
        "LOGIN_MAX_FAILURES_PER_IP": "1000000",
    }
    command = [sys.executable, "-m", "uvicorn", "tutor.asgi:create", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    process = await asyncio.create_subprocess_exec(*command, cwd=root, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=2) as client:
            for _ in range(600):
                if process.returncode is not None:
                    raise RuntimeError(f"the API process exited with {process.returncode}")
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(HEALTH)).status_code == 200:
                        break
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError("the API did not answer within 60 s")
        yield base_url
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()
                await process.wait()


async def sample_health(base_url: str, work: Awaitable[object], name: str) -> Phase:
    """GET /health one after another (20 ms apart) until `work` is done."""
    latencies: list[float] = []
    task = asyncio.ensure_future(work)
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        while not task.done() or not latencies:
            sent = time.perf_counter()
            response = await client.get(HEALTH)
            response.raise_for_status()
            latencies.append((time.perf_counter() - sent) * 1000)
            await asyncio.sleep(SAMPLE_EVERY_S)
    await task
    return Phase(name, latencies, time.perf_counter() - started)


async def idle(samples: int) -> None:
    await asyncio.sleep(samples * SAMPLE_EVERY_S * 2)


async def register(base_url: str, email: str) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        response = await client.post(
            "/api/v1/auth/register", json={"email": email, "password": PASSWORD}
        )
        if response.status_code != 201:
            raise RuntimeError(f"registration failed: {response.status_code} {response.text}")


async def registrations(base_url: str, round_no: int, count: int) -> None:
    emails = [f"lag-{round_no}-{i}@example.org" for i in range(count)]
    await asyncio.gather(*(register(base_url, email) for email in emails))


async def importer_headers(base_url: str) -> dict[str, str]:
    await register(base_url, "lag-importer@example.org")
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        response = await client.post(
            "/api/v1/auth/login",
            data={"username": "lag-importer@example.org", "password": PASSWORD},
        )
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


def import_file(round_no: int, rows: int) -> bytes:
    lines = ["german,english,tags,example_de"]
    lines += [
        f"Probewort{round_no}x{n},test word {n},bench; lag,Das ist das Probewort Nummer {n}."
        for n in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


async def big_import(base_url: str, headers: dict[str, str], data: bytes) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=600) as client:
        response = await client.post(
            "/api/v1/vocabulary/deck/import",
            files={"file": ("words.csv", data, "text/csv")},
            headers=headers,
        )
        if response.status_code != 200:
            raise RuntimeError(f"import failed: {response.status_code} {response.text[:300]}")


async def run(args: argparse.Namespace) -> None:
    redis = Redis.from_url(args.redis_url)
    await redis.flushdb()
    await redis.aclose()
    async with (
        scratch_database(args.database_url, "lag") as database_url,
        api_server(Path(args.server_root), database_url, args.redis_url) as base_url,
    ):
        headers = await importer_headers(base_url)
        results: dict[str, list[float]] = {"idle": [], "registrations": [], "import": []}
        for round_no in range(args.rounds):
            phases = [
                await sample_health(base_url, idle(40), "idle"),
                await sample_health(
                    base_url,
                    registrations(base_url, round_no, args.registrations),
                    "registrations",
                ),
                await sample_health(
                    base_url,
                    big_import(base_url, headers, import_file(round_no, args.import_rows)),
                    "import",
                ),
            ]
            for phase in phases:
                results[phase.name].append(phase.median_ms)
                print(
                    f"  round {round_no + 1} {phase.name:<13} /health median "
                    f"{phase.median_ms:8.1f} ms  max {max(phase.health_ms):8.1f} ms  "
                    f"({len(phase.health_ms)} samples over {phase.work_s:.1f} s)"
                )
    idle_ms = statistics.median(results["idle"])
    print(f"\npython {platform.python_version()}, {os.cpu_count()} CPUs, server {args.server_root}")
    print("| load | /health median ms (median of rounds) | ÷ idle |")
    print("|---|---:|---:|")
    labels = {
        "idle": "none (idle)",
        "registrations": f"{args.registrations} concurrent registrations",
        "import": f"CSV import of {args.import_rows:,} rows",
    }
    for name, medians in results.items():
        value = statistics.median(medians)
        print(f"| {labels[name]} | {value:.1f} | {value / idle_ms:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--registrations", type=int, default=16)
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument(
        "--database-url", default=os.environ.get("TEST_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--server-root", default=str(ROOT))
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
