"""Every job run is counted and logged on one line (job, learner, duration, outcome); a
reminder delivery, an AI call and a Telegram 429 each move their own counter; a worker
serves its metrics on its own port behind the token."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime, time

import httpx
import pytest
from arq import Retry
from pydantic import SecretStr

from bot.render.message import Rendered
from core.db import Database
from core.observability.logs import JsonFormatter, TextFormatter, bind_learner, log_scope
from core.settings import Settings
from core.tutor.factory import build_tutor
from jobs.context import JobContext
from jobs.observability import observed, serve_metrics
from jobs.queue import ArqJobSender
from jobs.telegram_sender import TelegramSender
from jobs.worker import telegram_bot
from tests.fakes.anthropic import FakeAnthropic
from tests.fakes.telegram import FakeTelegram
from tests.observability.support import sample
from tests.reminders.support import add_learner, sweep_and_send
from tutor.embedded import free_port

NOW = datetime.fromisoformat("2026-10-24T18:00:00+00:00")


async def test_a_reminder_run_counts_the_job_and_the_delivery(
    db: Database, telegram: FakeTelegram, bot_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    async with db.unit_of_work() as session:
        learner = await add_learner(
            session, telegram, kind="reviews", time_zone="UTC", reminder_time=time(18), as_of=NOW
        )
    sent_before = sample("tutor_reminder_deliveries_total", outcome="sent")
    ok_before = sample("tutor_jobs_total", job="send_reminder", outcome="ok")
    timed_before = sample("tutor_job_duration_seconds_count", job="send_reminder")

    with caplog.at_level(logging.INFO, logger="jobs.runs"):
        await sweep_and_send(db, bot_settings, NOW)

    assert sample("tutor_reminder_deliveries_total", outcome="sent") == sent_before + 1
    assert sample("tutor_jobs_total", job="send_reminder", outcome="ok") == ok_before + 1
    assert sample("tutor_job_duration_seconds_count", job="send_reminder") == timed_before + 1
    [line] = [r.__dict__ for r in caplog.records if getattr(r, "job", None) == "send_reminder"]
    assert line["learner_id"] == learner.user_id
    assert line["outcome"] == "ok" and line["result"] == "sent"
    assert line["delivery_id"] > 0 and line["duration_ms"] >= 0 and line["try"] == 1


async def test_failed_and_retried_jobs_are_counted_by_job(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def shaky_job(ctx: JobContext, user_id: int) -> None:
        raise Retry(defer=1) if ctx.get("job_try") == 1 else RuntimeError("broken")

    job = observed(shaky_job)
    assert job.__name__ == "shaky_job"  # arq names the job after the function
    before = {
        o: sample("tutor_jobs_total", job="shaky_job", outcome=o) for o in ("retry", "failed")
    }
    with caplog.at_level(logging.INFO, logger="jobs.runs"):
        with pytest.raises(Retry):
            await job(JobContext(job_try=1), user_id=7)
        with pytest.raises(RuntimeError):
            await job(JobContext(job_try=2), user_id=7)
    for outcome in ("retry", "failed"):
        assert sample("tutor_jobs_total", job="shaky_job", outcome=outcome) == before[outcome] + 1
    retried, failed = [r for r in caplog.records if getattr(r, "job", None) == "shaky_job"]
    assert (retried.levelno, failed.levelno) == (logging.INFO, logging.WARNING)
    assert failed.__dict__["learner_id"] == 7
    assert failed.__dict__["error"] == "RuntimeError: broken"


async def test_an_ai_call_counts_calls_tokens_and_cost(settings: Settings) -> None:
    async with FakeAnthropic() as fake:
        claude = settings.model_copy(
            update={
                "anthropic_api_key": SecretStr("test-key"),
                "anthropic_base_url": fake.base_url,
                "anthropic_timeout_seconds": 5.0,
            }
        )
        tutor = build_tutor(claude)
        model = claude.anthropic_model
        calls = sample("tutor_ai_calls_total", model=model, status="ok")
        tokens = sample("tutor_ai_tokens_total", model=model, kind="input")
        cost = sample("tutor_ai_cost_dollars_total", model=model)

        await tutor.analyse_word("Haus")

        [request] = fake.requests
        assert request.usage is not None
        assert sample("tutor_ai_calls_total", model=model, status="ok") == calls + 1
        billed = request.usage.input_tokens
        assert sample("tutor_ai_tokens_total", model=model, kind="input") == tokens + billed
        assert sample("tutor_ai_cost_dollars_total", model=model) > cost


async def test_a_telegram_429_is_counted(
    db: Database, bot_settings: Settings, job_sender: ArqJobSender, telegram: FakeTelegram
) -> None:
    bot = telegram_bot(bot_settings)
    assert bot is not None
    await bot.initialize()
    try:
        ctx = JobContext(redis=job_sender.pool, settings=bot_settings, db=db, job_try=1)
        chat = telegram.user().chat_id
        telegram.fail_next("sendMessage", 429, retry_after=1, chat_id=chat)
        before = sample("tutor_telegram_429_total")
        result = await TelegramSender(ctx, bot).send(chat, Rendered("Hallo"), what="greeting")
        assert result.status == "sent"
        assert sample("tutor_telegram_429_total") == before + 1
    finally:
        await bot.shutdown()


async def test_a_worker_serves_its_metrics_behind_the_token(
    settings: Settings, job_sender: ArqJobSender
) -> None:
    assert serve_metrics(settings) is None  # no port, no token: no server
    port = free_port()
    with_port = settings.model_copy(update={"metrics_port": port})
    assert serve_metrics(with_port) is None  # a port without a token serves nothing
    guarded = with_port.model_copy(update={"metrics_token": SecretStr("worker-token")})
    server = serve_metrics(guarded)
    assert server is not None
    try:
        await job_sender.pool.enqueue_job("purge_expired_records", _defer_by=3600)
        url = f"http://127.0.0.1:{port}/metrics"
        async with httpx.AsyncClient() as client:
            assert (await client.get(url)).status_code == 401
            wrong = await client.get(url, headers={"Authorization": "Bearer nope"})
            assert wrong.status_code == 401
            scraped = await client.get(url, headers={"Authorization": "Bearer worker-token"})
        assert scraped.status_code == 200
        assert "tutor_jobs_total" in scraped.text
        assert sample("tutor_queue_depth") >= 1
    finally:
        await asyncio.to_thread(server.shutdown)
        server.server_close()
        await job_sender.pool.flushdb()


def test_log_lines_carry_their_fields_as_json_or_text() -> None:
    with log_scope(route="/api/v1/health") as fields:
        bind_learner(42)
    assert fields == {"route": "/api/v1/health", "learner_id": 42}
    bind_learner(1)  # outside a scope: nowhere to go, and no error
    record = logging.LogRecord("api.requests", logging.INFO, __file__, 1, "GET %s", ("/x",), None)
    record.__dict__.update(route="/x", learner_id=42, duration_ms=1.5)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "GET /x" and entry["level"] == "info"
    assert (entry["route"], entry["learner_id"], entry["duration_ms"]) == ("/x", 42, 1.5)
    assert TextFormatter().format(record).endswith("GET /x route=/x learner_id=42 duration_ms=1.5")
