from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, Protocol

from redis.asyncio import Redis

from core.accounts.service import TokenPolicy
from core.accounts.throttle import AuthThrottle
from core.db import Database
from core.settings import Settings


class TelegramWebhookTarget(Protocol):
    """What the API needs from the bot in webhook mode; `tutor api` plugs the bot in here."""

    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    def process(self, payload: dict[str, Any]) -> Awaitable[None]: ...


@dataclass
class ApiResources:
    settings: Settings
    db: Database
    redis: Redis
    throttle: AuthThrottle
    token_policy: TokenPolicy
    telegram: TelegramWebhookTarget | None
