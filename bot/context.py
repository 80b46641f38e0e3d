"""The bot's typed context: resources live in bot_data, built once in post_init."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from telegram.ext import Application, CallbackContext, ExtBot

from core.db import Database
from core.settings import Settings


@dataclass
class BotResources:
    settings: Settings
    db: Database
    redis: Redis
    """For the leaderboards' live rankings."""


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[str, Any]]):
    @property
    def resources(self) -> BotResources:
        resources: BotResources = self.bot_data["resources"]
        return resources

    @property
    def db(self) -> Database:
        return self.resources.db

    @property
    def redis(self) -> Redis:
        return self.resources.redis

    @property
    def settings(self) -> Settings:
        return self.resources.settings


BotApplication = Application[Any, BotContext, Any, Any, Any, Any]
