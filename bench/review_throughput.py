"""Review throughput benchmark: POST /api/v1/reviews against the real API under uvicorn,
compared in the same run with GET /api/v1/users/me (an authenticated endpoint that does one
indexed SELECT by primary key). Not a test: run by hand, see bench/README.md.

    .venv/bin/python -m bench.review_throughput [--concurrency 50] [--requests 2000]
        [--workers 1] [--learners 50] [--database-url URL] [--redis-url URL]
        [--server-root PATH] [--py-spy PATH]

Needs a PostgreSQL server where it may create and drop its own database (tutor_bench_reviews_*)
and a Redis database for the API's job queue and login throttle (default db 12; not emptied).
The API runs as production runs it, `uvicorn tutor.asgi:create --factory --workers N` (uvloop,
httptools, JSON logs), in child processes, so that the load generator shares neither the
server's event loop nor its CPU time slice.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import math
import os
import platform
import signal
import statistics
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import asyncpg
import httpx
import psutil
from pydantic import SecretStr
from sqlalchemy import event, select

from bench.reminder_fanout import scratch_database
from core.accounts.service import TokenPolicy, issue_tokens, register
from core.db import Database, async_database_url
from core.models import Card, VocabularyItem
from core.outbox import discard_pending_jobs
from core.reviews.scheduling import MemoryState, Rating, ReviewScheduler
from core.settings import Settings
from core.vocabulary.adding import add_catalogue_word
from seeds.loader import load_content
from tutor.embedded import free_port
from tutor.processes import build_api

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"
SECRET_KEY = "bench-review-throughput-" + "k" * 32
ACCESS_TTL_SECONDS = 6 * 3600  # the benchmark must not outlive its tokens
PASSWORD = "Gr0sse-Freude-2026"
ROOT = Path(__file__).resolve().parent.parent
# Starting takes seconds on an idle machine, minutes on a shared busy one (imports).
STARTUP_SECONDS = 600
ME = "/api/v1/users/me"
REVIEWS = "/api/v1/reviews"
Endpoint = Literal["baseline", "review"]
ENDPOINTS: tuple[Endpoint, ...] = ("baseline", "review")
LABELS: dict[Endpoint, str] = {
    "baseline": f"GET {ME} (baseline)",
    "review": f"POST {REVIEWS} (rating 3)",
}


@dataclass
class Learner:
    user_id: int
    headers: dict[str, str]
    card_ids: list[int]
    next_card: int = 0

    def card(self) -> int:
        """The learner's cards in turn, so consecutive reviews touch different rows."""
        card_id = self.card_ids[self.next_card % len(self.card_ids)]
        self.next_card += 1
        return card_id


@dataclass
class Round:
    endpoint: Endpoint
    latencies_ms: list[float]
    wall_s: float
    server_cpu_s: float
    postgres_cpu_s: float
    client_cpu_s: float
    failures: list[tuple[int, str]] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p99_ms(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]

    @property
    def per_second(self) -> float:
        return len(self.latencies_ms) / self.wall_s

    def cpu_ms_per_request(self, seconds: float) -> float:
        return seconds * 1000 / len(self.latencies_ms)


# ---- the server (child processes) ---------------------------------------------------------


@contextlib.asynccontextmanager
async def api_server(
    database_url: str, redis_url: str, workers: int, root: Path = ROOT
) -> AsyncIterator[tuple[str, int]]:
    """`uvicorn tutor.asgi:create --factory --workers N` from `root` (this checkout or an
    older one, for before/after figures), configured through the environment as production
    is: JSON logs at INFO (to /dev/null here), uvloop and httptools (uvicorn's "auto")."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "tutor.asgi:create", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "ENVIRONMENT": "production",
        "LOG_LEVEL": "INFO",
        "DATABASE_URL": database_url,  # in the environment: it may hold a password
        "REDIS_URL": redis_url,
        "SECRET_KEY": SECRET_KEY,
        "ACCESS_TOKEN_TTL_SECONDS": str(ACCESS_TTL_SECONDS),
    }
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=root,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        async with httpx.AsyncClient(base_url=base_url, timeout=2) as client:
            ready = 0
            while ready < 4 * workers:  # answers from (very likely) every worker
                if process.returncode is not None:
                    raise RuntimeError(f"the API process exited with {process.returncode}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the API did not answer within {STARTUP_SECONDS} s")
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get("/api/v1/health")).status_code == 200:
                        ready += 1
                        continue
                await asyncio.sleep(0.1)
        yield base_url, process.pid
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()
                await process.wait()


# ---- setup --------------------------------------------------------------------------------


async def create_learners(url: str, count: int, words: int) -> tuple[list[Learner], float]:
    """Content loaded, then `count` learners made with the core services, each with the `words`
    most frequent catalogue words (all their cards new, so due) and an access token."""
    db = Database(async_database_url(url))
    policy = TokenPolicy(SECRET_KEY, ACCESS_TTL_SECONDS, 30)
    started = time.monotonic()
    learners = []
    try:
        async with db.unit_of_work() as session:
            await load_content(session)
        async with db.unit_of_work() as session:
            items = list(
                (
                    await session.scalars(
                        select(VocabularyItem)
                        .where(VocabularyItem.retired_at.is_(None))
                        .order_by(VocabularyItem.frequency_rank.asc().nulls_last())
                        .order_by(VocabularyItem.id)
                        .limit(words)
                    )
                ).all()
            )
        for index in range(count):
            async with db.unit_of_work() as session:
                user = await register(
                    session, f"bench-review-{index}@example.org", PASSWORD, f"Bench {index}"
                )
                for item in items:
                    await add_catalogue_word(session, user, item)
                # New words ask for an achievement check; no worker runs in the bench.
                discard_pending_jobs(session)
                tokens = await issue_tokens(session, user, policy)
                card_ids = list(
                    (
                        await session.scalars(
                            select(Card.id).where(Card.user_id == user.id).order_by(Card.id)
                        )
                    ).all()
                )
            learners.append(
                Learner(user.id, {"Authorization": f"Bearer {tokens.access_token}"}, card_ids)
            )
    finally:
        await db.dispose()
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return learners, time.monotonic() - started


# ---- load ---------------------------------------------------------------------------------


def load_client(base_url: str) -> httpx.AsyncClient:
    """One client per concurrent worker, each with one keep-alive connection: httpcore's shared
    pool costs the load generator ~3 ms of CPU per request at 50 connections (more than the
    API spends on GET /users/me), one connection per client ~0.8 ms. Idle connections are
    dropped after 2 s, before uvicorn's 5 s keep-alive timeout, so a request never races the
    server closing its connection (an httpx.ReadError)."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=2)
    return httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60)


class CpuMeter:
    """CPU seconds (user + system) of the API's processes (uvicorn and its workers), of the
    PostgreSQL server's processes (the postmaster and all its children: backends of every
    client, autovacuum, WAL writer) and of this process (the load generator)."""

    def __init__(self, server_pid: int, postmaster_pid: int) -> None:
        self.server = psutil.Process(server_pid)
        self.postmaster = psutil.Process(postmaster_pid)
        self.client = psutil.Process()

    @staticmethod
    def _cpu(process: psutil.Process, *, reaped: bool = False) -> float:
        """User + system seconds; with `reaped`, plus those of its exited children (the
        backends of closed connections, whose time would otherwise vanish from the sum)."""
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total = times.user + times.system
            if reaped:
                total += times.children_user + times.children_system
            return float(total)
        return 0.0

    def read(self) -> tuple[float, float, float]:
        children: list[psutil.Process] = []
        with contextlib.suppress(psutil.Error):
            children = self.postmaster.children()
        postgres = self._cpu(self.postmaster, reaped=True) + sum(
            self._cpu(child) for child in children
        )
        workers: list[psutil.Process] = []
        with contextlib.suppress(psutil.Error):
            workers = self.server.children(recursive=True)  # uvicorn's worker processes
        server = self._cpu(self.server) + sum(self._cpu(worker) for worker in workers)
        return server, postgres, self._cpu(self.client)


async def run_round(
    clients: Sequence[httpx.AsyncClient],
    endpoint: Endpoint,
    learners: Sequence[Learner],
    requests: int,
    concurrency: int,
    meter: CpuMeter | None,
) -> Round:
    """`requests` requests by `concurrency` workers, each sending its next request as soon as
    its previous one is answered; request i is learner i mod L's, so the requests in flight at
    one moment belong to different learners (and reviews lock different card rows). Worker k
    sends through clients[k mod C]."""
    indices = iter(range(requests))
    latencies: list[float] = []
    failures: list[tuple[int, str]] = []

    async def worker(client: httpx.AsyncClient) -> None:
        for index in indices:
            learner = learners[index % len(learners)]
            started = time.perf_counter()
            try:
                if endpoint == "baseline":
                    response = await client.get(ME, headers=learner.headers)
                else:
                    body = {"card_id": learner.card(), "rating": int(Rating.GOOD)}
                    response = await client.post(REVIEWS, json=body, headers=learner.headers)
            except httpx.TransportError as exc:  # no response at all: counted with status 0
                elapsed = time.perf_counter() - started
                failures.append((0, f"{exc!r} after {elapsed:.3f} s"))
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            if not 200 <= response.status_code < 300:
                failures.append((response.status_code, response.text[:300]))

    before = meter.read() if meter else (0.0, 0.0, 0.0)
    started = time.perf_counter()
    await asyncio.gather(*(worker(clients[k % len(clients)]) for k in range(concurrency)))
    wall = time.perf_counter() - started
    after = meter.read() if meter else (0.0, 0.0, 0.0)
    server, postgres, own = (a - b for a, b in zip(after, before, strict=True))
    return Round(endpoint, latencies, wall, server, postgres, own, failures)


# ---- where a request's time goes (in-process, one request at a time) ----------------------


@dataclass
class Breakdown:
    requests: int
    total_ms: float
    statements: float
    sql_ms: float


async def breakdown(
    database_url: str, redis_url: str, learners: Sequence[Learner], requests: int
) -> dict[Endpoint, Breakdown]:
    """The same app in this process (httpx's ASGI transport, no sockets), one request at a
    time, with SQLAlchemy's cursor events counting statements and the time spent in them
    (client side, so a round trip each). BEGIN, COMMIT and the pool's pre-ping are not cursor
    statements and are not counted."""
    settings = Settings(
        _env_file=None,
        environment="development",
        database_url=database_url,
        redis_url=redis_url,
        secret_key=SecretStr(SECRET_KEY),
        access_token_ttl_seconds=ACCESS_TTL_SECONDS,
    )
    app = build_api(settings)
    counters = {"statements": 0, "sql": 0.0}
    starts: list[float] = []

    def before_cursor(*_: Any) -> None:
        starts.append(time.perf_counter())

    def after_cursor(*_: Any) -> None:
        counters["statements"] += 1
        counters["sql"] += time.perf_counter() - starts.pop()

    results: dict[Endpoint, Breakdown] = {}
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        ) as client,
    ):
        engine = app.state.resources.db.engine.sync_engine
        event.listen(engine, "before_cursor_execute", before_cursor)
        event.listen(engine, "after_cursor_execute", after_cursor)
        for endpoint in ENDPOINTS:
            await run_round([client], endpoint, learners, requests // 5, 1, None)  # warm-up
            counters.update(statements=0, sql=0.0)
            measured = await run_round([client], endpoint, learners, requests, 1, None)
            if measured.failures:
                raise RuntimeError(f"breakdown {endpoint}: {measured.failures[:3]}")
            results[endpoint] = Breakdown(
                requests,
                statistics.median(measured.latencies_ms),
                counters["statements"] / requests,
                counters["sql"] * 1000 / requests,
            )
    return results


def fsrs_review_us(repeats: int = 2000) -> float:
    """Median µs of the FSRS step alone (ReviewScheduler built and asked, as per review)."""
    at = datetime.now(UTC)
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        ReviewScheduler(0.9, None).review(MemoryState(due_at=at), Rating.GOOD, at)
        timings.append((time.perf_counter() - started) * 1e6)
    return statistics.median(timings)


# ---- profile (py-spy, a round of its own) --------------------------------------------------

# The project's middleware wraps every request: its inclusive time says nothing.
MIDDLEWARE_FILES = ("api/observability.py", "api/body_limit.py")


@contextlib.asynccontextmanager
async def py_spy(executable: str, pid: int, out: Path) -> AsyncIterator[None]:
    """py-spy sampling the API's processes (raw stacks, CPU only: idle threads are not
    sampled) for as long as the block runs."""
    command = [executable, "record", "--pid", str(pid), "--subprocesses", "--nonblocking"]
    command += ["--rate", "200", "--format", "raw", "--full-filenames", "-o", str(out)]
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    await asyncio.sleep(2)  # py-spy attaches
    try:
        yield
    finally:
        process.send_signal(signal.SIGINT)  # py-spy writes its file on Ctrl-C
        await asyncio.wait_for(process.wait(), 60)


def _package(frame: str) -> str:
    """'func (/path/to/file.py:12)' → the package the file belongs to."""
    path = frame.rsplit("(", 1)[-1].rstrip(")").rsplit(":", 1)[0]
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0].split(".", 1)[0]
    for part in ("/core/", "/api/", "/tutor/", "/jobs/"):
        if part in path:
            return "project"
    if path.startswith("<") or "/lib/python" in path:
        module = path.split("/lib/python", 1)[-1].split("/")
        name = module[1] if len(module) > 1 else path
        return "stdlib:" + name.removesuffix(".py")
    return "other"


def _function(frame: str) -> str:
    name, _, path = frame.rpartition(" (")
    file = path.rsplit(":", 1)[0]
    short = file.split("site-packages/", 1)[-1] if "site-packages/" in file else file
    for root in (str(ROOT) + "/",):
        short = short.removeprefix(root)
    return f"{name} ({short})"


def _is_project_work(frame: str) -> bool:
    return _package(frame) == "project" and not any(m in frame for m in MIDDLEWARE_FILES)


def profile_summary(raw: Path, top: int = 12) -> str:
    """Self time by package, the top frames by self time and the project's functions by
    inclusive time (middleware left out); shares of all samples."""
    leaf: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [f for f in stack.split(";") if " (" in f and not f.startswith("process ")]
        frames = [f for f in frames if not f.startswith("thread ")]
        if not frames:
            continue
        total += count
        leaf[_function(frames[-1])] += count
        packages[_package(frames[-1])] += count
        for function in {_function(f) for f in frames if _is_project_work(f)}:
            inclusive[function] += count
    if not total:
        return "  (no samples)"
    lines = [f"  {total} samples; self time by package:"]
    lines.append(
        "    " + ", ".join(f"{name} {n / total:.0%}" for name, n in packages.most_common(10))
    )
    lines.append("  top frames by self time:")
    lines += [f"    {n / total:5.1%}  {name}" for name, n in leaf.most_common(top)]
    lines.append("  the project's functions by inclusive time (middleware left out):")
    lines += [f"    {n / total:5.1%}  {name}" for name, n in inclusive.most_common(top)]
    return "\n".join(lines)


# ---- report -------------------------------------------------------------------------------


def summarise(rounds: Sequence[Round]) -> dict[str, float]:
    return {
        "median": statistics.median(r.median_ms for r in rounds),
        "p99": statistics.median(r.p99_ms for r in rounds),
        "rps": statistics.median(r.per_second for r in rounds),
        "server_cpu": statistics.median(r.cpu_ms_per_request(r.server_cpu_s) for r in rounds),
        "postgres_cpu": statistics.median(r.cpu_ms_per_request(r.postgres_cpu_s) for r in rounds),
        "failures": sum(len(r.failures) for r in rounds),
    }


def print_round(number: int, result: Round) -> None:
    print(
        f"  round {number} {result.endpoint:8}: median {result.median_ms:6.1f} ms, "
        f"p99 {result.p99_ms:6.1f} ms, {result.per_second:6.0f} req/s, "
        f"CPU/request: API {result.cpu_ms_per_request(result.server_cpu_s):.2f} ms, "
        f"PostgreSQL {result.cpu_ms_per_request(result.postgres_cpu_s):.2f} ms, "
        f"load generator {result.cpu_ms_per_request(result.client_cpu_s):.2f} ms, "
        f"non-2xx {len(result.failures)}",
        flush=True,
    )


def print_table(summary: dict[Endpoint, dict[str, float]]) -> None:
    base, review = summary["baseline"], summary["review"]
    print(
        "\n| endpoint | median ms | p99 ms | requests/s | API CPU ms/req "
        "| PostgreSQL CPU ms/req | non-2xx |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for endpoint in ENDPOINTS:
        row = summary[endpoint]
        print(
            f"| {LABELS[endpoint]} | {row['median']:.1f} | {row['p99']:.1f} | "
            f"{row['rps']:.0f} | {row['server_cpu']:.2f} | {row['postgres_cpu']:.2f} | "
            f"{row['failures']:.0f} |"
        )
    print(
        f"| **review ÷ baseline** | **{review['median'] / base['median']:.2f}** | "
        f"**{review['p99'] / base['p99']:.2f}** | **{review['rps'] / base['rps']:.2f}** | "
        f"{review['server_cpu'] / base['server_cpu']:.2f} | "
        f"{review['postgres_cpu'] / base['postgres_cpu']:.2f} | |"
    )


async def count_reviews(url: str) -> int:
    connection = await asyncpg.connect(url)
    try:
        return int(await connection.fetchval("SELECT count(*) FROM review_logs"))
    finally:
        await connection.close()


@dataclass(frozen=True)
class ServerSpec:
    """One API under test: a checkout and its number of uvicorn workers."""

    root: Path
    workers: int

    @classmethod
    def parse(cls, text: str) -> ServerSpec:
        root, _, workers = text.rpartition(":")
        return cls(Path(root) if root and root != "." else ROOT, int(workers))

    @property
    def label(self) -> str:
        where = "this checkout" if self.root == ROOT else str(self.root)
        return f"{where}, {self.workers} worker{'s' if self.workers > 1 else ''}"


Config = tuple[int, int]  # (server index, concurrency)


async def main_async(args: argparse.Namespace) -> int:
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    servers: list[ServerSpec] = args.server or [ServerSpec(ROOT, 1)]
    concurrencies: list[int] = args.concurrency or [50]
    async with scratch_database(args.database_url, "reviews") as url:
        admin = await asyncpg.connect(url)
        try:
            version = await admin.fetchval("SHOW server_version")
            backend_pid = int(await admin.fetchval("SELECT pg_backend_pid()"))
            postmaster_pid = psutil.Process(backend_pid).ppid()
        finally:
            await admin.close()
        print(f"PostgreSQL {version}; scratch database {url.rsplit('/', 1)[1]}")
        learners, seconds = await create_learners(url, args.learners, args.words)
        cards = sum(len(learner.card_ids) for learner in learners)
        print(
            f"  {len(learners)} learners × {args.words} catalogue words = {cards} cards "
            f"(all due) in {seconds:.1f} s",
            flush=True,
        )
        database_url = async_database_url(url)
        configs: list[Config] = list(itertools.product(range(len(servers)), concurrencies))
        rounds: dict[tuple[Config, Endpoint], list[Round]] = {
            (config, endpoint): [] for config in configs for endpoint in ENDPOINTS
        }
        warm_failures: list[tuple[int, str]] = []
        profiles: dict[tuple[int, Endpoint], str] = {}
        reviews_sent = 0
        async with contextlib.AsyncExitStack() as stack:
            running = await asyncio.gather(  # started together: each may take minutes
                *(
                    stack.enter_async_context(
                        api_server(database_url, args.redis_url, spec.workers, spec.root)
                    )
                    for spec in servers
                )
            )
            meters = [CpuMeter(pid, postmaster_pid) for _, pid in running]
            for index, (spec, (base_url, pid)) in enumerate(zip(servers, running, strict=True)):
                print(
                    f"  API {index}: uvicorn tutor.asgi:create --factory --workers "
                    f"{spec.workers} (uvloop, httptools, JSON logs at INFO) from {spec.root}, "
                    f"pid {pid}, on {base_url}; its default DB pool"
                )
            print(
                f"  load: one httpx.AsyncClient (one connection) per concurrent worker in this "
                f"process, concurrency {concurrencies}, {args.requests} requests per round, "
                f"{args.rounds} rounds per endpoint, API and concurrency, all interleaved; "
                f"warm-up {args.warmup} per endpoint, API and concurrency",
                flush=True,
            )
            clients = {
                index: [
                    await stack.enter_async_context(load_client(base_url))
                    for _ in range(max(concurrencies))
                ]
                for index, (base_url, _) in enumerate(running)
            }

            async def one_round(config: Config, endpoint: Endpoint, requests: int) -> Round:
                nonlocal reviews_sent
                index, concurrency = config
                result = await run_round(
                    clients[index], endpoint, learners, requests, concurrency, meters[index]
                )
                reviews_sent += requests if endpoint == "review" else 0
                return result

            for config, endpoint in itertools.product(configs, ENDPOINTS):
                warm_failures += (await one_round(config, endpoint, args.warmup)).failures
            for number in range(1, args.rounds + 1):
                for config, endpoint in itertools.product(configs, ENDPOINTS):
                    result = await one_round(config, endpoint, args.requests)
                    rounds[(config, endpoint)].append(result)
                    print(f"  API {config[0]}, c={config[1]}:", end="")
                    print_round(number, result)
            if args.py_spy:
                for index, (_, pid) in enumerate(running):
                    for endpoint in ENDPOINTS:
                        raw = Path(f"/tmp/bench-review-{endpoint}-{pid}.txt")
                        async with py_spy(args.py_spy, pid, raw):
                            profiled = await one_round(
                                (index, concurrencies[0]), endpoint, args.requests
                            )
                        warm_failures += profiled.failures
                        profiles[(index, endpoint)] = profile_summary(raw)
        for config in configs:
            index, concurrency = config
            summary = {endpoint: summarise(rounds[(config, endpoint)]) for endpoint in ENDPOINTS}
            print(
                f"\nAPI {index} ({servers[index].label}), concurrency {concurrency}: median "
                f"over {args.rounds} rounds of {args.requests} requests each"
            )
            print_table(summary)
        for (index, endpoint), text in profiles.items():
            print(
                f"\npy-spy, API {index} ({servers[index].label}), a {LABELS[endpoint]} round of "
                f"its own at concurrency {concurrencies[0]} ({args.requests} requests):"
            )
            print(text)
        stored = await count_reviews(url)
        print(f"\n  review log rows: {stored} (reviews sent: {reviews_sent})")

        failures = [f for measured in rounds.values() for r in measured for f in r.failures]
        if warm_failures:
            print(f"  non-2xx during the warm-up or the profiled rounds: {len(warm_failures)}")
        for status, text in (warm_failures + failures)[:20]:
            print(f"  non-2xx: {status} {text}")
        if args.breakdown:
            parts = await breakdown(database_url, args.redis_url, learners, args.breakdown)
            print(
                f"\nOne request at a time, in this process (ASGI transport, no sockets), "
                f"{args.breakdown} requests each (median ms; SQL = cursor statements, client "
                "side, BEGIN/COMMIT not counted):"
            )
            for name, part in parts.items():
                print(
                    f"  {name:8}: total {part.total_ms:.2f} ms; {part.statements:.1f} SQL "
                    f"statements, {part.sql_ms:.2f} ms in them (mean); the rest "
                    f"{part.total_ms - part.sql_ms:.2f} ms"
                )
            print(f"  FSRS scheduling step alone: {fsrs_review_us():.0f} µs")
    return 1 if failures or warm_failures or stored != reviews_sent else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument(
        "--concurrency", type=int, action="append", help="repeat for several (default 50)"
    )
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3, help="per endpoint")
    parser.add_argument("--warmup", type=int, default=500, help="requests per endpoint")
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--words", type=int, default=60, help="catalogue words per learner")
    parser.add_argument(
        "--breakdown",
        type=int,
        default=300,
        help="sequential in-process requests per endpoint for the time breakdown (0: skip)",
    )
    parser.add_argument(
        "--server",
        type=ServerSpec.parse,
        action="append",
        metavar="ROOT:WORKERS",
        help="an API to measure: the checkout to serve ('.' for this one, or e.g. an older "
        "commit's `git archive`) and its uvicorn workers; repeat to compare several in one "
        "interleaved run (default .:1)",
    )
    parser.add_argument(
        "--py-spy",
        metavar="PATH",
        help="py-spy executable: profile one extra round per endpoint and API (not in the table)",
    )
    args = parser.parse_args(argv)
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
