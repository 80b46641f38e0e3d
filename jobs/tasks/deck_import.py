from __future__ import annotations

import asyncio
import logging
from functools import partial

from bot.render import imports as render
from bot.render.message import Rendered
from core.errors import AppError
from core.vocabulary.import_jobs import (
    claim_import,
    fail_import,
    failed_import,
    read_deck_file,
    record_progress,
    run_import,
)
from jobs.context import JobContext
from jobs.telegram_sender import SendRetry, telegram_sender
from jobs.transactions import in_transaction

log = logging.getLogger(__name__)
IMPORT_CRASHED = "The import could not be finished; please send the file again later."


async def run_deck_import(ctx: JobContext, import_id: int) -> str:
    """Import a large deck file in one transaction (it lands whole or not at all), writing
    progress as it goes and editing the learner's "Importing…" message with it, then with
    the report. A retry after a crash starts over from the stored file."""
    claimed = await in_transaction(ctx, partial(claim_import, import_id=import_id))
    if claimed is None:
        return "skipped"
    sender = telegram_sender(ctx)
    chat_id, message_id = claimed.chat_id, claimed.message_id

    async def show(rendered: Rendered) -> None:
        if sender is None or chat_id is None or message_id is None:
            return
        try:
            await sender.edit(chat_id, message_id, rendered, what=f"deck import {import_id}")
        except SendRetry:  # flood control: the next progress step or the report shows it
            log.info("deck import %s: progress not shown (Telegram asks to wait)", import_id)

    try:
        prepared = await asyncio.to_thread(read_deck_file, claimed.data)
    except AppError as exc:  # checked when it was sent; only a changed parser gets here
        await in_transaction(ctx, partial(fail_import, import_id=import_id, error=exc.message))
        await show(Rendered(render.import_failed(exc.message)))
        return "failed"

    async def progress(done: int, total: int) -> None:
        await in_transaction(ctx, partial(record_progress, import_id=import_id, done=done))
        await show(Rendered(render.progress(claimed.file_name, done, total)))

    try:
        report = await in_transaction(
            ctx, partial(run_import, import_id=import_id, prepared=prepared, progress=progress)
        )
    except Exception:  # rolled back whole; arq does not retry an error, so it failed
        failed = partial(fail_import, import_id=import_id, error=IMPORT_CRASHED)
        await in_transaction(ctx, failed)
        await show(Rendered(render.import_failed(IMPORT_CRASHED)))
        raise
    if report is None:
        return "skipped"
    await show(Rendered(render.import_report(claimed.file_name, report)))
    return "done"


async def show_failed_import(ctx: JobContext, import_id: int) -> str:
    """Turn the "Importing…" message of an import that stalled (its job died) into the
    failure, so the learner knows to send the file again."""
    failed = await in_transaction(ctx, partial(failed_import, import_id=import_id))
    sender = telegram_sender(ctx)
    if failed is None or sender is None:
        return "skipped"
    shown = Rendered(render.import_stopped(failed.error))
    result = await sender.edit(
        failed.chat_id, failed.message_id, shown, what=f"deck import {import_id} failure"
    )
    return result.status
