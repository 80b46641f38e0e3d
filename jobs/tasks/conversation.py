"""Conversation replies: claim the oldest unanswered message, ask the tutor, store, send.

Claude errors (429/529/timeouts) give the message back and retry with the server's hint;
after the last try the offline tutor answers, so a learner always gets a reply. A bug marks
the message failed (kept, retryable) and tells the learner."""

from __future__ import annotations

import contextlib
import logging
from html import escape

from arq import Retry
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError

from bot.callbacks import pack
from core.conversation import service
from core.models import ConversationTurn, User
from core.tutor.base import TurnOutcome, TutorUnavailable
from core.tutor.offline import OfflineTutor
from core.tutor.schemas import TutorReply
from jobs.context import JobContext

log = logging.getLogger(__name__)
MAX_TRIES = 4
FEATURE = "cv"
LIMIT_NOTE = (
    "(You've used today's AI conversation turns; the offline tutor answers until tomorrow.)"
)
BUSY_NOTE = "(Claude is busy right now, so the offline tutor answered this one.)"


def render_reply(reply: TutorReply, tutor: str) -> str:
    lines = [escape(reply.reply)]
    if reply.corrections:
        lines.append("\n✏️ <b>Corrections</b>")
        for c in reply.corrections:
            lines.append(
                f"• <s>{escape(c.original)}</s> → <b>{escape(c.corrected)}</b>"
                f" — <i>{escape(c.explanation)}</i>"
            )
    if tutor == "offline":
        lines.append("\n<i>🤖 offline tutor</i>")
    return "\n".join(lines)


def word_buttons(turn: ConversationTurn) -> InlineKeyboardMarkup | None:
    buttons = []
    for index, word in enumerate(turn.new_words[:4]):
        label = f"➕ {word.get('article') or ''} {word['lemma']}".replace("  ", " ")
        buttons.append(
            InlineKeyboardButton(label, callback_data=pack(FEATURE, "add", f"{turn.id}.{index}"))
        )
    return (
        InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])
        if buttons
        else None
    )


async def _send(
    ctx: JobContext, chat_id: int, text: str, markup: InlineKeyboardMarkup | None
) -> None:
    bot = ctx.get("telegram")
    if bot is None:
        return
    try:
        await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except TelegramError:
        log.warning("could not deliver a tutor reply to chat %s", chat_id, exc_info=True)


async def reply_to_conversation(ctx: JobContext, conversation_id: int) -> int:
    """Answer every waiting message of the conversation, oldest first. Returns how many."""
    db, settings = ctx["db"], ctx["settings"]
    offline = OfflineTutor()
    answered = 0
    while True:
        async with db.unit_of_work() as session:
            claimed = await service.claim_next_turn(session, conversation_id)
            if claimed is None:
                return answered
            conversation, turn, context = claimed
            user = await session.get(User, conversation.user_id)
            assert user is not None
            over_limit = await service.ai_turns_today(session, user) >= settings.ai_turns_per_day
            use_ai = (
                conversation.mode == "auto" and ctx["tutor"].name != "offline" and not over_limit
            )
            chat_id, turn_id, user_id = conversation.chat_id, turn.id, user.id
        bot = ctx.get("telegram")
        if chat_id is not None and bot is not None:
            with contextlib.suppress(TelegramError):
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
        note = (
            LIMIT_NOTE
            if over_limit and conversation.mode == "auto" and ctx["tutor"].name != "offline"
            else ""
        )
        try:
            outcome: TurnOutcome = await (ctx["tutor"] if use_ai else offline).converse(context)
        except TutorUnavailable as exc:
            async with db.unit_of_work() as session:
                await service.record_usage(session, user_id, turn_id, exc.usage)
                await service.release_turn(session, turn_id)
            if ctx.get("job_try", 1) < MAX_TRIES:
                raise Retry(defer=exc.retry_after) from exc
            async with db.unit_of_work() as session:
                if await service.claim_next_turn(session, conversation_id) is None:
                    return answered
            outcome = await offline.converse(context)
            note = BUSY_NOTE
        except Exception:
            log.exception("tutor failed on turn %s", turn_id)
            async with db.unit_of_work() as session:
                await service.mark_failed(
                    session, turn_id, "The tutor could not answer this message."
                )
            if chat_id is not None:
                retry = InlineKeyboardMarkup(
                    [
                        [
                            InlineKeyboardButton(
                                "🔁 Try again", callback_data=pack(FEATURE, "retry", str(turn_id))
                            )
                        ]
                    ]
                )
                await _send(
                    ctx,
                    chat_id,
                    "😕 Sorry, I couldn't answer that message. It's saved — try again?",
                    retry,
                )
            return answered
        if note:
            outcome.reply = outcome.reply.model_copy(
                update={"reply": f"{outcome.reply.reply}\n\n{note}"}
            )
        async with db.unit_of_work() as session:
            tutor_turn = await service.record_reply(session, turn_id, outcome)
        if tutor_turn is None:
            continue
        answered += 1
        if chat_id is not None:
            await _send(
                ctx, chat_id, render_reply(outcome.reply, outcome.tutor), word_buttons(tutor_turn)
            )
