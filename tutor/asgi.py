"""`uvicorn tutor.asgi:create --factory`: the API as production runs it."""

from __future__ import annotations

from fastapi import FastAPI

from core.settings import Settings
from tutor.processes import build_api


def create() -> FastAPI:
    return build_api(Settings())
