"""FastAPI app factory: resources built once in the lifespan, routes under /api/v1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from redis.asyncio import Redis

from api.errors import install_error_handlers, install_outage_handlers
from api.observability import RequestObservability
from api.resources import ApiResources, TelegramWebhookTarget
from api.routes import (
    auth,
    conversations,
    deck_exchange,
    health,
    metrics,
    quizzes,
    reminders,
    reviews,
    users,
    vocabulary,
)
from api.routes import telegram as telegram_routes
from api.routes.telegram import drain_webhook_tasks
from core.accounts.service import TokenPolicy
from core.accounts.throttle import LoginThrottle
from core.db import Database
from core.settings import Settings
from jobs.queue import REDIS_CONNECT_TIMEOUT, connect_lazily

API_PREFIX = "/api/v1"


def create_app(settings: Settings, telegram: TelegramWebhookTarget | None = None) -> FastAPI:
    secret_key = settings.require_secret_key()
    if not settings.database_url or not settings.redis_url:
        raise RuntimeError("DATABASE_URL and REDIS_URL are required (`tutor up` sets them)")
    database_url, redis_url = settings.database_url, settings.redis_url

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Neither connects yet: the API starts while Redis is down (health says "degraded").
        job_sender = connect_lazily(redis_url)
        redis = Redis.from_url(redis_url, socket_connect_timeout=REDIS_CONNECT_TIMEOUT)
        db = Database(database_url, job_sender=job_sender)
        app.state.resources = ApiResources(
            settings=settings,
            db=db,
            redis=redis,
            throttle=LoginThrottle(
                redis,
                per_account=settings.login_max_failures_per_account,
                per_ip=settings.login_max_failures_per_ip,
                window_seconds=settings.login_failure_window_seconds,
            ),
            token_policy=TokenPolicy(
                secret_key, settings.access_token_ttl_seconds, settings.refresh_token_ttl_days
            ),
            telegram=telegram,
        )
        if telegram is not None:
            await telegram.start()
        try:
            yield
        finally:
            await drain_webhook_tasks()
            if telegram is not None:
                await telegram.stop()
            await db.dispose()
            await redis.aclose()
            await job_sender.pool.aclose()

    app = FastAPI(
        title="german-tutor API",
        version="1",
        description="Learn German: conversation practice, FSRS reviews and reminders.",
        lifespan=lifespan,
        docs_url="/docs",
        openapi_url=f"{API_PREFIX}/openapi.json",
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    app.add_middleware(RequestObservability)
    install_error_handlers(app)
    install_outage_handlers(app)
    v1 = APIRouter(prefix=API_PREFIX)
    for module in (
        health,
        auth,
        users,
        deck_exchange,
        vocabulary,
        reviews,
        reminders,
        quizzes,
        conversations,
    ):
        v1.include_router(module.router)
    app.include_router(v1)
    app.include_router(telegram_routes.router)
    app.include_router(metrics.router)
    return app
