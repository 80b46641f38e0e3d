"""Telegram webhook: check the secret, store and deduplicate by update_id, then acknowledge."""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Response, status

from api.deps import ResourcesDep, SessionDep
from api.resources import ApiResources
from core.constrained import BIGINT_MAX, storable_json
from core.errors import Forbidden, Invalid, NotFound
from core.telegram_updates import mark_processed, store_update

log = logging.getLogger(__name__)
router = APIRouter(tags=["telegram"], include_in_schema=False)
_background: set[asyncio.Task[None]] = set()


async def _process(resources: ApiResources, update_id: int, payload: dict[str, Any]) -> None:
    assert resources.telegram is not None
    error = None
    try:
        await resources.telegram.process(payload)
    except Exception as exc:  # the bot's own error handler has answered the learner
        log.exception("processing telegram update %s failed", update_id)
        error = repr(exc)[:500]
    await mark_processed(resources.db, update_id, error)


@router.post("/telegram/webhook")
async def telegram_webhook(
    payload: Annotated[dict[str, Any], Body()],
    resources: ResourcesDep,
    session: SessionDep,
    secret: Annotated[str | None, Header(alias="X-Telegram-Bot-Api-Secret-Token")] = None,
) -> Response:
    settings = resources.settings
    if resources.telegram is None or settings.telegram_webhook_secret is None:
        raise NotFound("Webhook mode is not enabled.")
    expected = settings.telegram_webhook_secret.get_secret_value()
    if secret is None or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise Forbidden("Bad webhook secret.")
    update_id = payload.get("update_id")
    if isinstance(update_id, bool) or not isinstance(update_id, int):
        raise Invalid("An update needs an integer update_id.")
    if not 0 <= update_id <= BIGINT_MAX:
        raise Invalid("An update_id must be between 0 and 2^63 - 1.")
    # Refusing text PostgreSQL cannot hold would only make Telegram resend it forever.
    payload = storable_json(payload)
    is_new = await store_update(session, update_id, payload)
    await session.commit()  # acknowledged means stored: commit before answering Telegram
    if is_new:
        task = asyncio.create_task(_process(resources, update_id, payload))
        _background.add(task)
        task.add_done_callback(_background.discard)
    return Response(status_code=status.HTTP_200_OK)


async def drain_webhook_tasks() -> None:
    """Let in-flight updates finish before shutdown."""
    if _background:
        await asyncio.gather(*_background, return_exceptions=True)
