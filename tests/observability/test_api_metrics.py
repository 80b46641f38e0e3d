"""GET /metrics is guarded by METRICS_TOKEN; every request is counted under its route
template and logged on one line with the learner."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from core.db import Database
from core.settings import Settings
from tests.helpers.api import api_client
from tests.helpers.learners import register_learner
from tests.observability.support import sample

TOKEN = "metrics-token-for-tests"


@pytest.fixture
async def metrics_api(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    guarded = settings.model_copy(update={"metrics_token": SecretStr(TOKEN)})
    async with api_client(guarded) as client:
        yield client


async def test_metrics_are_off_without_a_token(api: httpx.AsyncClient) -> None:
    assert (await api.get("/metrics")).status_code == 404
    response = await api.get("/metrics", headers={"Authorization": "Bearer anything"})
    assert response.status_code == 404
    assert "/metrics" not in (await api.get("/api/v1/openapi.json")).json()["paths"]


async def test_metrics_need_the_token(metrics_api: httpx.AsyncClient) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        response = await metrics_api.get("/metrics", headers=headers)
        assert response.status_code == 401, headers
        assert "tutor_" not in response.text
    response = await metrics_api.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "tutor_http_requests_total" in response.text
    assert "tutor_queue_depth" in response.text


async def test_a_request_is_counted_under_its_route_template(
    metrics_api: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    learner = await register_learner(metrics_api)
    route = "/api/v1/reviews/cards/{card_id}"
    labels = {"method": "GET", "route": route}
    before = sample("tutor_http_requests_total", **labels, status="404")
    timed_before = sample("tutor_http_request_duration_seconds_count", **labels)

    with caplog.at_level(logging.INFO, logger="api.requests"):
        response = await learner.get("/api/v1/reviews/cards/987654")
    assert response.status_code == 404

    assert sample("tutor_http_requests_total", **labels, status="404") == before + 1
    assert sample("tutor_http_request_duration_seconds_count", **labels) == timed_before + 1
    scraped = await metrics_api.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert 'route="/api/v1/reviews/cards/{card_id}"' in scraped.text
    assert "987654" not in scraped.text  # ids never become labels

    [line] = [r for r in caplog.records if getattr(r, "route", None) == route]
    assert line.__dict__["learner_id"] == learner.id
    assert line.__dict__["status"] == 404
    assert line.__dict__["outcome"] == "rejected"
    assert line.__dict__["duration_ms"] >= 0


async def test_an_anonymous_request_logs_no_learner(
    api: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="api.requests"):
        assert (await api.get("/api/v1/health")).status_code == 200
        assert (await api.get("/no/such/path/42")).status_code == 404
    health, unmatched = [r.__dict__ for r in caplog.records if r.name == "api.requests"]
    assert (health["route"], health["learner_id"], health["outcome"]) == (
        "/api/v1/health",
        None,
        "ok",
    )
    assert unmatched["route"] == "unmatched"
