"""Telegram webhook: check the secret, store and deduplicate by update_id, then acknowledge.
Processing claims the stored update with a lease (core.telegram_updates), so what this
replica acknowledged and could not finish is processed by the sweep of any replica."""

from __future__ import annotations

import asyncio
import hmac
import os
import socket
import uuid
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Response, status

from api.deps import ResourcesDep, SessionDep
from api.resources import ApiResources
from core.constrained import BIGINT_MAX, storable_json
from core.errors import Forbidden, Invalid, NotFound
from core.telegram_updates import process_stored, process_updates, store_update

router = APIRouter(tags=["telegram"], include_in_schema=False)
_background: set[asyncio.Task[int]] = set()
# Who holds a claim (for the records; a claim is taken over by lease expiry, not by name).
CLAIMANT = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


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
        process = resources.telegram.process
        task = asyncio.create_task(
            process_stored(
                resources.db, CLAIMANT, process, update_id, payload, lease=_lease(resources)
            )
        )
        _background.add(task)
        task.add_done_callback(_background.discard)
    return Response(status_code=status.HTTP_200_OK)


async def sweep_webhook_updates(resources: ApiResources) -> int:
    """Process stored updates nobody finished (this or another replica died holding them)."""
    if resources.telegram is None:
        return 0
    return await process_updates(
        resources.db, CLAIMANT, resources.telegram.process, lease=_lease(resources)
    )


def _lease(resources: ApiResources) -> timedelta:
    return timedelta(seconds=resources.settings.telegram_update_lease_seconds)


async def drain_webhook_tasks() -> None:
    """Let in-flight updates finish before shutdown."""
    if _background:
        await asyncio.gather(*_background, return_exceptions=True)
