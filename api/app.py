"""FastAPI app factory: resources built once in the lifespan, routes under /api/v1."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline
from redis.asyncio import Redis

from api.body_limit import JSON_BODY_LIMIT, BodySizeLimit
from api.errors import install_error_handlers, install_outage_handlers
from api.observability import RequestObservability
from api.resources import ApiResources, TelegramWebhookTarget
from api.routes import (
    achievements,
    auth,
    conversations,
    dashboard,
    deck_exchange,
    grammar,
    health,
    leagues,
    metrics,
    progress,
    quizzes,
    reminders,
    reviews,
    stats,
    users,
    vocabulary,
    word_finder,
)
from api.routes import telegram as telegram_routes
from api.routes.telegram import drain_webhook_tasks
from api.sweeps import sweep_forever
from api.web import web_client
from core.accounts.service import TokenPolicy
from core.accounts.throttle import AuthThrottle, ThrottleLimits
from core.db import Database
from core.settings import Settings
from jobs.queue import REDIS_CONNECT_TIMEOUT, connect_lazily

API_PREFIX = "/api/v1"
DOCS_ASSETS = "/docs/assets"
# Telegram's updates are small, but one refused is retried forever: leave plenty of room.
WEBHOOK_BODY_LIMIT = 1024 * 1024


def throttle_limits(settings: Settings) -> ThrottleLimits:
    return ThrottleLimits(
        login_per_account_and_ip=settings.login_max_failures_per_account_and_ip,
        login_per_ip=settings.login_max_failures_per_ip,
        login_per_account=settings.login_account_ceiling,
        registrations_per_ip=settings.registrations_per_ip,
        password_resets_per_account=settings.password_resets_per_account,
        password_resets_per_ip=settings.password_resets_per_ip,
        window_seconds=settings.login_failure_window_seconds,
        max_lockout_seconds=settings.login_max_lockout_seconds,
    )


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
        db = Database(
            database_url,
            job_sender=job_sender,
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
            pool_timeout=settings.database_pool_timeout_seconds,
        )
        app.state.resources = ApiResources(
            settings=settings,
            db=db,
            redis=redis,
            throttle=AuthThrottle(redis, throttle_limits(settings)),
            token_policy=TokenPolicy(
                secret_key, settings.access_token_ttl_seconds, settings.refresh_token_ttl_days
            ),
            telegram=telegram,
        )
        if telegram is not None:
            await telegram.start()
        sweeps = asyncio.create_task(sweep_forever(app.state.resources))
        try:
            yield
        finally:
            sweeps.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeps
            await drain_webhook_tasks()
            if telegram is not None:
                await telegram.stop()
            await db.dispose()
            await redis.aclose()
            await job_sender.pool.aclose()

    # /docs (Swagger UI) and /redoc with their scripts and styles served from the package
    # fastapi-offline under /docs/assets: no CDN, so the docs work offline too.
    app = FastAPIOffline(
        title="german-tutor API",
        version="1",
        description="Learn German: conversation practice, FSRS reviews and reminders.",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url="/redoc",
        static_url=DOCS_ASSETS,
        openapi_url=f"{API_PREFIX}/openapi.json",
    )
    # Inside CORS, so a browser can read the 413.
    app.add_middleware(
        BodySizeLimit,
        default=JSON_BODY_LIMIT,
        limits={
            "/telegram/webhook": WEBHOOK_BODY_LIMIT,
            **{API_PREFIX + path: limit for path, limit in deck_exchange.BODY_LIMITS.items()},
        },
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
        word_finder,
        vocabulary,
        reviews,
        reminders,
        quizzes,
        conversations,
        grammar,
        dashboard,
        achievements,
        stats,
        leagues,
        progress,
    ):
        v1.include_router(module.router)
    app.include_router(v1)
    app.include_router(telegram_routes.router)
    app.include_router(metrics.router)
    # Last: the web client answers only what no API route does.
    app.router.routes.append(web_client())
    return app
