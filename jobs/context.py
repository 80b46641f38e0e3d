from __future__ import annotations

from typing import TypedDict
from wsgiref.simple_server import WSGIServer

from arq.connections import ArqRedis
from telegram import Bot

from core.db import Database
from core.settings import Settings
from core.tutor.base import Tutor


class JobContext(TypedDict, total=False):
    """What arq hands every task: built once in on_startup, plus arq's own keys."""

    redis: ArqRedis
    settings: Settings
    db: Database
    telegram: Bot | None
    tutor: Tutor
    metrics_server: WSGIServer | None
    job_id: str
    job_try: int
