"""Every Prometheus metric of the product, in the process's default registry.

Labels stay bounded: route templates (`/api/v1/reviews/{card_id}`), job names, outcomes,
models; never ids or raw paths."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Counter(
    "tutor_http_requests_total",
    "HTTP requests answered, by route template and status code.",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "tutor_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
SERVICE_UNAVAILABLE = Counter(
    "tutor_unavailable_total",
    "Requests answered 503: a backing service (database, redis) was unreachable, or no "
    "pooled database connection came free in time (database_pool).",
    ["service"],
)
JOBS = Counter(
    "tutor_jobs_total",
    "Background jobs run, by job and outcome (ok, retry, failed, cancelled).",
    ["job", "outcome"],
)
JOB_LATENCY = Histogram(
    "tutor_job_duration_seconds",
    "Time a background job ran, by job.",
    ["job"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)
QUEUE_DEPTH = Gauge(
    "tutor_queue_depth",
    "Jobs waiting in the queue (due or deferred), as last read from Redis.",
    multiprocess_mode="mostrecent",
)
REMINDER_DELIVERIES = Counter(
    "tutor_reminder_deliveries_total",
    "Reminder send jobs, by outcome (sent, blocked, failed, retry, ...).",
    ["outcome"],
)
TELEGRAM_FLOOD_WAITS = Counter(
    "tutor_telegram_429_total",
    "Telegram answers 429 (flood control) to the sending jobs.",
)
AI_CALLS = Counter(
    "tutor_ai_calls_total",
    "Calls to the AI model, by model and status (ok, invalid, timeout, http_429, ...).",
    ["model", "status"],
)
AI_TOKENS = Counter(
    "tutor_ai_tokens_total",
    "Tokens billed by the AI model, by kind (input, output, cache_read, cache_write).",
    ["model", "kind"],
)
AI_COST = Counter(
    "tutor_ai_cost_dollars_total",
    "Estimated cost of the AI calls in US dollars (AI_*_PRICE_PER_MTOK settings).",
    ["model"],
)


@dataclass(frozen=True)
class AiPrices:
    """US dollars per million tokens; cache writes and reads are priced relative to input."""

    input_per_mtok: float = 3.0
    output_per_mtok: float = 15.0
    cache_write_multiplier: float = 1.25
    cache_read_multiplier: float = 0.1


def observe_ai_call(
    prices: AiPrices,
    *,
    model: str,
    status: str,
    input_tokens: int = 0,
    output_tokens: int = 0,
    cache_read_tokens: int = 0,
    cache_write_tokens: int = 0,
) -> None:
    AI_CALLS.labels(model, status).inc()
    tokens = {
        "input": input_tokens,
        "output": output_tokens,
        "cache_read": cache_read_tokens,
        "cache_write": cache_write_tokens,
    }
    for kind, count in tokens.items():
        if count:
            AI_TOKENS.labels(model, kind).inc(count)
    cost = (
        input_tokens * prices.input_per_mtok
        + output_tokens * prices.output_per_mtok
        + cache_write_tokens * prices.input_per_mtok * prices.cache_write_multiplier
        + cache_read_tokens * prices.input_per_mtok * prices.cache_read_multiplier
    ) / 1_000_000
    if cost:
        AI_COST.labels(model).inc(cost)


def bearer_matches(authorization: str | None, token: str) -> bool:
    """Whether an Authorization header carries `token` as its bearer token."""
    scheme, _, given = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())
