"""Claude judges a free answer the bank does not know (a translation, a corrected sentence).

When the deterministic check rejects such an answer and Claude is configured:
- a verdict already given on the same exercise and normalised answer (by any learner) is
  used at once: the same answer never costs twice;
- otherwise, within the learner's daily AI allowance, the drill waits ("judging") while a job
  asks Claude once (accept/reject + a one-sentence reason, tool schema); the verdict is cached
  and shown as feedback with its reason;
- past the allowance, or when Claude cannot answer, the learner is told honestly that the
  answer is not among those the tutor knows, and shown them (as offline).
The attempt is recorded as rejected first; a verdict that accepts it makes it right."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.ai_quota import JUDGEMENT, AiAccess, ai_calls_today, record_usage
from core.answers.normalising import normalise
from core.answers.tokens import lower_first_letter, tidy
from core.db import Database
from core.grammar.checking import FREE_KINDS
from core.grammar.drills.view import KIND, Payload, drill_view, exercises_by_id
from core.grammar.schemas import DrillView
from core.models import AnswerJudgement, Exercise, GrammarAttempt, StudySession, User
from core.observability.logs import bind_learner
from core.outbox import request_job
from core.study import sessions
from core.tutor.base import AnswerToJudge, Tutor, TutorUnavailable

log = logging.getLogger(__name__)

ALLOWANCE_NOTE: Final = "You've used today's AI allowance, so Claude could not judge this answer."
UNAVAILABLE_NOTE: Final = "Claude could not be reached to judge this answer."


def answer_key(text: str) -> str:
    """The form a judged answer is cached in: spacing, quotes, final punctuation and the first
    letter's case do not make a different answer."""
    return lower_first_letter(tidy(normalise(text)))


async def cached(session: AsyncSession, exercise_id: int, given: str) -> AnswerJudgement | None:
    return await session.scalar(
        select(AnswerJudgement).where(
            AnswerJudgement.exercise_id == exercise_id,
            AnswerJudgement.answer_key == answer_key(given),
        )
    )


def _apply(item: Payload, accepted: bool, reason: str) -> None:
    item.update(judgement=reason, judged_by="claude")
    if accepted:
        item.update(verdict="correct", correct=True, matched=item["given"], diagnosis="", known=[])


async def _mark_attempt(session: AsyncSession, item: Payload) -> None:
    if item["correct"] and item.get("attempt_id"):
        attempt = await session.get(GrammarAttempt, item["attempt_id"])
        if attempt is not None:
            attempt.verdict, attempt.correct = "correct", True


async def after_rejection(
    session: AsyncSession,
    user: User,
    study: StudySession,
    item: Payload,
    exercise: Exercise,
    ai: AiAccess,
    now: datetime,
) -> bool:
    """A free answer the check rejected: use a cached verdict, or wait for Claude's (True:
    the drill now waits in stage "judging"), or say why no one judged it."""
    if exercise.kind not in FREE_KINDS or item["correct"] or not ai.enabled:
        return False
    verdict = await cached(session, exercise.id, item["given"])
    if verdict is not None:
        _apply(item, verdict.accepted, verdict.reason)
        await _mark_attempt(session, item)
        return False
    if await ai_calls_today(session, user, now) >= ai.calls_per_day:
        item["judge_note"] = ALLOWANCE_NOTE
        return False
    request_job(
        session,
        "judge_grammar_answer",
        job_id=f"judge-answer:{study.id}:{item['attempt_id']}",
        drill_id=study.id,
        attempt_id=item["attempt_id"],
    )
    return True


@dataclass(frozen=True)
class Judged:
    """A drill after its waiting answer was judged, and where it lives in Telegram."""

    view: DrillView
    chat_id: int | None
    message_id: int | None


async def _waiting(
    session: AsyncSession, drill_id: int, attempt_id: int
) -> tuple[StudySession, Payload, Payload, Exercise] | None:
    study = await session.get(StudySession, drill_id, with_for_update=True)
    if study is None or study.kind != KIND or study.payload["stage"] != "judging":
        return None
    payload = sessions.editable_payload(study)
    item = payload["items"][payload["position"]]
    if item.get("attempt_id") != attempt_id:
        return None
    exercise, _ = (await exercises_by_id(session, [item["exercise_id"]]))[item["exercise_id"]]
    return study, payload, item, exercise


async def _finish(
    session: AsyncSession, study: StudySession, payload: Payload, item: Payload
) -> Judged:
    payload["stage"] = "feedback"
    await _mark_attempt(session, item)
    sessions.save(study, payload)
    return Judged(await drill_view(session, study), study.chat_id, study.message_id)


async def judge_waiting_answer(
    db: Database,
    drill_id: int,
    attempt_id: int,
    tutor: Tutor,
    *,
    last_try: bool = True,
) -> Judged | None:
    """Judge the answer a drill waits on (None when it waits on none: judged already, or
    stopped). Claude busy: TutorUnavailable for the job to retry, unless `last_try`, when the
    learner gets the honest "not among the answers I know" instead."""
    async with db.unit_of_work() as session:
        waiting = await _waiting(session, drill_id, attempt_id)
        if waiting is None:
            return None
        study, payload, item, exercise = waiting
        bind_learner(study.user_id)
        verdict = await cached(session, exercise.id, item["given"])
        if verdict is not None:  # another learner's identical answer was judged meanwhile
            _apply(item, verdict.accepted, verdict.reason)
            return await _finish(session, study, payload, item)
        question = AnswerToJudge(
            kind=exercise.kind,
            instruction=exercise.instruction,
            prompt=exercise.prompt,
            accepted=tuple(exercise.accepted_answers),
            answer=item["given"],
        )
        user_id = study.user_id
    try:
        judged = await tutor.judge_answer(question)
    except TutorUnavailable as exc:
        async with db.unit_of_work() as session:
            await record_usage(session, user_id, None, exc.usage, purpose=JUDGEMENT)
        if not last_try:
            raise
        judged = None
    async with db.unit_of_work() as session:
        if judged is not None:
            await record_usage(session, user_id, None, judged.usage, purpose=JUDGEMENT)
        waiting = await _waiting(session, drill_id, attempt_id)
        if waiting is None:
            return None
        study, payload, item, exercise = waiting
        if judged is None or judged.judgement is None:
            item["judge_note"] = UNAVAILABLE_NOTE
            return await _finish(session, study, payload, item)
        judgement = judged.judgement
        await session.execute(
            insert(AnswerJudgement)
            .values(
                exercise_id=exercise.id,
                answer_key=answer_key(item["given"]),
                accepted=judgement.accept,
                reason=judgement.reason,
                model=judged.model or tutor.name,
            )
            .on_conflict_do_nothing(index_elements=["exercise_id", "answer_key"])
        )
        _apply(item, judgement.accept, judgement.reason)
        log.info("Claude judged an answer to exercise %s: accept=%s", exercise.id, judgement.accept)
        return await _finish(session, study, payload, item)
