"""`tutor`: up (everything, embedded servers when unconfigured), api, bot, worker, migrate, seed."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from pydantic import SecretStr

from core.heap import freeze_long_lived
from core.observability.logs import configure_logging
from core.settings import Settings

app = typer.Typer(
    help="german-tutor: a German tutor in Telegram and on the web.", no_args_is_help=True
)

DataDir = Annotated[
    Path | None, typer.Option("--data-dir", help="Folder for embedded servers and the secret key.")
]


def _settings(**overrides: object) -> Settings:
    settings = Settings()
    return settings.model_copy(update={k: v for k, v in overrides.items() if v is not None})


def _require(settings: Settings, *names: str) -> None:
    missing = [n.upper() for n in names if not getattr(settings, n)]
    if missing:
        typer.secho(
            f"{', '.join(missing)} must be set (see .env.example), or use `tutor up`.",
            fg="red",
            err=True,
        )
        raise typer.Exit(2)


def _migrate(settings: Settings) -> None:
    from migrations.runner import upgrade

    assert settings.database_url
    upgrade(settings.database_url)


def _seed(settings: Settings) -> str:
    from core.db import Database
    from seeds.loader import load_content

    assert settings.database_url

    async def run() -> str:
        db = Database(settings.database_url or "", pool_size=2)
        try:
            async with db.unit_of_work() as session:
                report = await load_content(session)
        finally:
            await db.dispose()
        return str(report)

    return asyncio.run(run())


def _banner(settings: Settings, embedded: list[str]) -> None:
    base = f"http://{settings.api_host}:{settings.api_port}"
    lines = [
        "",
        "german-tutor is running",
        f"  web app    {base}/"
        + (f"   (Telegram Mini App: {settings.web_app_url})" if settings.web_app_url else ""),
        f"  API        {base}/api/v1   (docs: {base}/docs, health: {base}/api/v1/health)",
        f"  data       {settings.data_dir}"
        + (f"  (embedded: {', '.join(embedded)})" if embedded else ""),
        "  AI tutor   "
        + (
            "Claude (" + settings.anthropic_model + ")"
            if settings.ai_mode == "claude"
            else "offline (set ANTHROPIC_API_KEY for Claude)"
        ),
        "  Telegram   "
        + {
            "off": "off (set TELEGRAM_BOT_TOKEN to start the bot)",
            "polling": "on, long polling",
            "webhook": f"on, webhook {settings.telegram_webhook_url}",
        }[settings.telegram_mode],
        "  worker     arq, in this process",
        "Press Ctrl-C to stop.",
        "",
    ]
    typer.echo("\n".join(lines))


@app.command()
def up(
    data_dir: DataDir = None,
    host: Annotated[str | None, typer.Option(help="API host")] = None,
    port: Annotated[int | None, typer.Option(help="API port")] = None,
) -> None:
    """Run everything on this machine: embedded PostgreSQL/Redis unless DATABASE_URL/REDIS_URL."""
    from tutor.datadir import AlreadyRunning, RunLock, secret_key_in
    from tutor.embedded import EmbeddedPostgres, EmbeddedRedis
    from tutor.processes import serve_all

    settings = _settings(data_dir=data_dir, api_host=host, api_port=port)
    folder = settings.data_dir.expanduser().resolve()
    lock = RunLock(folder)
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(1) from None
    postgres = EmbeddedPostgres(folder)
    redis = EmbeddedRedis(folder)
    embedded: list[str] = []
    try:
        updates: dict[str, object] = {"data_dir": folder}
        if not settings.database_url:
            typer.echo("starting embedded PostgreSQL…")
            updates["database_url"] = postgres.start("german_tutor")
            embedded.append("PostgreSQL")
        if not settings.redis_url:
            typer.echo("starting embedded Redis…")
            updates["redis_url"] = redis.start()
            embedded.append("Redis")
        if settings.secret_key is None:
            updates["secret_key"] = SecretStr(secret_key_in(folder))
        settings = settings.model_copy(update=updates)
        typer.echo("applying migrations…")
        _migrate(settings)
        typer.echo(f"loading content… {_seed(settings)}")
        asyncio.run(serve_all(settings, on_ready=lambda: _banner(settings, embedded)))
    finally:
        redis.stop()
        postgres.stop()
        lock.release()
        typer.echo("stopped.")


@app.command()
def api(
    host: Annotated[str | None, typer.Option(help="API host (default: API_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="API port (default: API_PORT)")] = None,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes")] = 1,
) -> None:
    """Serve the REST API (and the Telegram webhook when TELEGRAM_WEBHOOK_URL is set)."""
    import uvicorn

    settings = _settings(api_host=host, api_port=port)
    _require(settings, "database_url", "redis_url", "secret_key")
    # The app reads X-Forwarded-For itself, from FORWARDED_ALLOW_IPS only (api.deps.client_ip).
    uvicorn.run(
        "tutor.asgi:create",
        factory=True,
        host=settings.api_host,
        port=settings.api_port,
        workers=workers,
        proxy_headers=False,
    )


@app.command()
def bot() -> None:
    """Run the Telegram bot by long polling."""
    from bot.app import build_application

    settings = _settings()
    _require(settings, "database_url", "redis_url", "telegram_bot_token")
    application = build_application(settings)
    freeze_long_lived()
    application.run_polling(allowed_updates=None)


@app.command()
def worker(
    burst: Annotated[bool, typer.Option(help="Exit when the queue is empty.")] = False,
) -> None:
    """Run the arq worker: background jobs and cron."""
    from arq.worker import run_worker

    from jobs.worker import worker_settings

    settings = _settings()
    _require(settings, "database_url", "redis_url")
    options = worker_settings(settings, burst=burst)
    freeze_long_lived()
    run_worker(options)


@app.command()
def migrate() -> None:
    """Apply database migrations up to the newest."""
    settings = _settings()
    _require(settings, "database_url")
    _migrate(settings)
    typer.echo("database is at the newest migration")


@app.command()
def seed() -> None:
    """Load the German content from seeds/ (idempotent: a second run changes nothing)."""
    settings = _settings()
    _require(settings, "database_url")
    typer.echo(_seed(settings))


def main() -> None:
    settings = Settings()
    configure_logging(settings.effective_log_format, settings.log_level)
    app()
