"""One settings object for every process, read from the environment and `.env`."""

from __future__ import annotations

import functools
import ipaddress
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def proxy_networks(spec: str) -> tuple[IPNetwork, ...] | None:
    """FORWARDED_ALLOW_IPS as networks; None means any address ("*")."""
    entries = [entry.strip() for entry in spec.split(",") if entry.strip()]
    if "*" in entries:
        return None
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "german-tutor"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "production", "test"] = "development"
    data_dir: Path = Field(default_factory=default_data_dir)

    database_url: str | None = None
    # Pooled connections per process, opened as needed and then kept. A request waits at most
    # DATABASE_POOL_TIMEOUT_SECONDS for one, first come first served, then gets 503 with
    # Retry-After: a bounded wait instead of an unbounded queue. Overflow connections are
    # closed whenever the pool has DATABASE_POOL_SIZE idle ones, so a steady load between the
    # two sizes opens and closes connections all the time (each a new PostgreSQL backend: it
    # cost ~4 ms of PostgreSQL CPU per request in bench/review_throughput.py); hence none.
    database_pool_size: int = Field(default=20, ge=1)
    database_max_overflow: int = Field(default=0, ge=0)
    database_pool_timeout_seconds: float = Field(default=10.0, gt=0)
    redis_url: str | None = None
    secret_key: SecretStr | None = None

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    public_base_url: str | None = None
    # The web client's public HTTPS address (served by the API at `/`). With it the bot's
    # menu button and /help open the web client as a Telegram Mini App; without it neither
    # offers one. Telegram opens Mini Apps only over HTTPS.
    web_app_url: str | None = None
    cors_origins: list[str] = Field(default_factory=list)

    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_days: int = 30
    link_code_ttl_seconds: int = 15 * 60
    # Login attempts per window: per (account, client address), per address, and per account
    # from anywhere (much higher, so a guesser elsewhere cannot lock the owner out). An address
    # that hits a limit again waits twice as long each time, up to the maximum lock-out.
    login_max_failures_per_account_and_ip: int = Field(default=5, ge=1)
    login_max_failures_per_ip: int = Field(default=20, ge=1)
    login_account_ceiling: int = Field(default=100, ge=1)
    login_failure_window_seconds: int = Field(default=15 * 60, ge=1)
    login_max_lockout_seconds: int = Field(default=24 * 3600, ge=1)
    # Registrations per client address and login window (each costs an Argon2 hash).
    registrations_per_ip: int = Field(default=20, ge=1)
    # Password reset codes sent to the linked Telegram chat, per account and per client
    # address in the login window.
    password_resets_per_account: int = Field(default=3, ge=1)
    password_resets_per_ip: int = Field(default=10, ge=1)
    # Proxies whose X-Forwarded-For is believed: comma-separated addresses or networks
    # ("10.0.0.0/8,127.0.0.1"), "*" for any. Empty: the peer address is the client.
    forwarded_allow_ips: str = ""

    anthropic_api_key: SecretStr | None = None
    anthropic_base_url: str | None = None
    anthropic_model: str = "claude-sonnet-4-6"
    # Per call; below the job timeout so a slow call is retried by the job, not killed.
    anthropic_timeout_seconds: float = Field(default=45, gt=0)

    telegram_bot_token: SecretStr | None = None
    telegram_bot_username: str | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_api_file_url: str = "https://api.telegram.org/file/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    # How long a webhook update's claim holds before another replica may take it over
    # (core.telegram_updates): longer than any handler takes.
    telegram_update_lease_seconds: int = Field(default=60, ge=1)

    # Telegram allows about 30 messages/s per bot and 1/s per chat; stay below, shared by all
    # workers through Redis.
    telegram_send_rate_per_second: float = Field(default=25, gt=0)
    telegram_send_rate_per_chat_per_second: float = Field(default=1, gt=0)
    # Daily reminders: learners per sweep transaction, and how long a delivery may sit
    # pending/claimed before the sweep assumes its worker died and queues it again.
    reminder_sweep_batch_size: int = Field(default=500, ge=1)
    reminder_stuck_after_seconds: int = Field(default=90, ge=1)  # core.reminders.deliveries

    # AI conversation turns per learner and local day; beyond it the offline tutor answers.
    ai_turns_per_day: int = Field(default=60, ge=0)

    worker_concurrency: int = 10
    job_timeout_seconds: int = 120

    @field_validator("web_app_url")
    @classmethod
    def _web_app_is_https(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith("https://"):
            raise ValueError("WEB_APP_URL must be an https:// address (Telegram requires it)")
        return value

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _proxies_are_addresses(cls, value: str) -> str:
        proxy_networks(value)  # a typo must stop the start, not silently trust nobody
        return value

    # Logs: one JSON object per line (production default) or human-readable text.
    log_format: Literal["json", "text"] | None = None
    log_level: str = "INFO"
    # Prometheus: the API serves GET /metrics and each worker listens on METRICS_PORT, both
    # only with this bearer token set (without it /metrics answers 404 and workers serve none).
    metrics_token: SecretStr | None = None
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    # US dollars per million tokens, for the AI cost metric (Claude Sonnet's list prices).
    ai_input_price_per_mtok: float = Field(default=3.0, ge=0)
    ai_output_price_per_mtok: float = Field(default=15.0, ge=0)

    @property
    def ai_mode(self) -> Literal["claude", "offline"]:
        return "claude" if self.anthropic_api_key else "offline"

    @property
    def metrics_bearer(self) -> str | None:
        """The token that guards the metrics, or None: metrics are not served."""
        token = self.metrics_token.get_secret_value() if self.metrics_token else ""
        return token or None

    @property
    def effective_log_format(self) -> Literal["json", "text"]:
        if self.log_format is not None:
            return self.log_format
        return "json" if self.environment == "production" else "text"

    @property
    def telegram_mode(self) -> Literal["off", "polling", "webhook"]:
        if not self.telegram_bot_token:
            return "off"
        return "webhook" if self.telegram_webhook_url else "polling"

    def require_secret_key(self) -> str:
        if self.secret_key is None or len(self.secret_key.get_secret_value()) < 32:
            from core.errors import ConfigurationError

            raise ConfigurationError(
                "SECRET_KEY must be set to a random string of at least 32 characters "
                "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)."
            )
        return self.secret_key.get_secret_value()
