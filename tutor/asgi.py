"""`uvicorn tutor.asgi:create --factory`: the API as production runs it."""

from __future__ import annotations

from fastapi import FastAPI

from core.heap import freeze_long_lived
from core.observability.logs import configure_logging
from core.settings import Settings
from tutor.processes import build_api


def create() -> FastAPI:
    settings = Settings()
    # Each uvicorn worker process calls this after uvicorn set up its own logging.
    configure_logging(settings.effective_log_format, settings.log_level)
    app = build_api(settings)
    freeze_long_lived()
    return app
