"""Conversation replies: core.conversation.replies answers, this job only wires it to arq
and Telegram. A busy Claude becomes an arq retry with the server's hint."""

from __future__ import annotations

from functools import partial

from arq import Retry

from bot.render.conversation import reply_notice
from core.conversation.replies import NOTICE_KINDS, answer_waiting_messages, notice_job_id
from core.conversation.replies import reply_notice as notice_of
from core.tutor.base import TutorUnavailable
from jobs.context import JobContext
from jobs.queue import jobs_done
from jobs.telegram_sender import telegram_sender
from jobs.transactions import in_transaction

# How long a reply waits in the worker for the replies before it to go out, before it frees
# the worker slot and is retried.
ORDER_WAIT_SECONDS = 10.0


async def reply_to_conversation(ctx: JobContext, conversation_id: int) -> int:
    """Answer every waiting message of the conversation, oldest first. Returns how many."""
    sender = telegram_sender(ctx)
    try:
        return await answer_waiting_messages(
            ctx["db"],
            conversation_id,
            ctx["tutor"],
            ai_turns_per_day=ctx["settings"].ai_turns_per_day,
            attempt=ctx.get("job_try", 1),
            on_thinking=sender.typing if sender else None,
        )
    except TutorUnavailable as exc:
        raise Retry(defer=exc.retry_after) from exc


async def send_conversation_reply(ctx: JobContext, turn_id: int) -> str:
    """Tell the learner in Telegram what became of their message: the answer or the failure,
    after the notices of their earlier messages (each is its own job, so the chat would
    otherwise read out of order when two replies are ready at once)."""
    sender = telegram_sender(ctx)
    if sender is None:
        return "telegram off"
    notice = await in_transaction(ctx, partial(notice_of, learner_turn_id=turn_id))
    if notice is None:
        return "nothing to send"
    earlier = [notice_job_id(t, kind) for t in notice.earlier_turn_ids for kind in NOTICE_KINDS]
    if not await jobs_done(ctx["redis"], earlier, within=ORDER_WAIT_SECONDS):
        raise Retry(defer=ORDER_WAIT_SECONDS)
    what = f"conversation {notice.kind} notice for turn {turn_id}"
    result = await sender.send(notice.chat_id, reply_notice(notice), what=what)
    return result.status
