"""Grammar jobs: core.grammar does the work; these wire it to arq."""

from __future__ import annotations

from arq import Retry

from bot.render.grammar import drill
from core.ai_quota import AiAccess
from core.grammar.drills.judging import judge_waiting_answer
from core.grammar.generation import generate_exercises as generate
from core.tutor.base import TutorUnavailable
from jobs.context import JobContext
from jobs.telegram_sender import MAX_JOB_TRIES, telegram_sender


async def generate_exercises(ctx: JobContext, generation_id: int) -> str:
    """Ask Claude for new exercises of a topic (one call); store those that pass every check.
    Idempotent: a generation already run is left alone."""
    ai = AiAccess.of(ctx["settings"])
    view = await generate(ctx["db"], generation_id, ctx["tutor"], ai)
    return view.status if view is not None else "failed"


async def judge_grammar_answer(ctx: JobContext, drill_id: int, attempt_id: int) -> str:
    """Claude judges a free answer the bank does not know; the drill's message shows the
    verdict. Claude busy: retried with its hint; on the last try the learner is told no one
    could judge it. Idempotent: an answer judged already is left alone."""
    last_try = ctx.get("job_try", 1) >= MAX_JOB_TRIES
    try:
        judged = await judge_waiting_answer(
            ctx["db"], drill_id, attempt_id, ctx["tutor"], last_try=last_try
        )
    except TutorUnavailable as exc:
        raise Retry(defer=exc.retry_after) from exc
    if judged is None:
        return "nothing waiting"
    sender = telegram_sender(ctx)
    if sender is not None and judged.chat_id is not None and judged.message_id is not None:
        what = f"grammar drill {drill_id} verdict"
        await sender.edit(judged.chat_id, judged.message_id, drill(judged.view), what=what)
    feedback = judged.view.feedback
    return feedback.verdict if feedback is not None else "judged"
