"""The steps of a drill: answer (typed, chosen or built by tapping tokens), "I was right",
next, stop. Each press carries the version it saw; a press on an older step is Stale."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.ai_quota import OFFLINE, AiAccess
from core.clock import utcnow
from core.errors import Invalid
from core.grammar import checking, mastery
from core.grammar.drills.finish import finish_drill
from core.grammar.drills.judging import after_rejection
from core.grammar.drills.view import KIND, Payload, drill_view, exercises_by_id
from core.grammar.schemas import TYPED_KINDS, DrillView
from core.models import Exercise, StudySession, User
from core.study import sessions
from core.study.sessions import Stale


async def _step(
    session: AsyncSession, user: User, drill_id: int, version: int | None, stage: str
) -> tuple[StudySession, Payload, Payload, Exercise] | Stale:
    """The locked drill, its payload to change, the current item and exercise, when a press
    at `version` may act in `stage`; Stale otherwise."""
    study = await sessions.load_for_press(session, user, KIND, drill_id, version)
    if isinstance(study, Stale):
        return study
    if study.payload["stage"] != stage:
        return Stale(KIND, sessions.status_of(study))
    payload = sessions.editable_payload(study)
    item = payload["items"][payload["position"]]
    exercise, _ = (await exercises_by_id(session, [item["exercise_id"]]))[item["exercise_id"]]
    return study, payload, item, exercise


def _checked(
    exercise: Exercise, text: str | None, choice: int | None, tokens: list[int] | None
) -> checking.Checked:
    if exercise.kind == "multiple_choice":
        if choice is None:
            raise Invalid("Choose one of the options (`choice`).")
        return checking.check_choice(exercise, choice)
    if exercise.kind == "word_order" and tokens is not None:
        text = checking.built_sentence(exercise.tokens or [], tokens)
    if text is None or not text.strip():
        raise Invalid("Type your answer (`text`).")
    return checking.check_text(exercise, text)


async def answer(
    session: AsyncSession,
    user: User,
    drill_id: int,
    version: int | None = None,
    *,
    text: str | None = None,
    choice: int | None = None,
    tokens: list[int] | None = None,
    now: datetime | None = None,
    ai: AiAccess = OFFLINE,
) -> DrillView | Stale:
    """Answer the current exercise: its verdict, with the why. A free answer the bank does not
    know is judged by Claude when `ai` allows (the drill waits in stage "judging")."""
    now = now or utcnow()
    step = await _step(session, user, drill_id, version, "question")
    if isinstance(step, Stale):
        return step
    study, payload, item, exercise = step
    checked = _checked(exercise, text, choice, tokens)
    attempt = mastery.record_attempt(
        session,
        user,
        exercise,
        study_id=study.id,
        answer=checked.given,
        verdict=checked.verdict.value,
        correct=checked.accepted,
        now=now,
    )
    await session.flush()
    item.update(
        given=checked.given,
        verdict=checked.verdict.value,
        correct=checked.accepted,
        matched=checked.matched,
        diagnosis=checked.diagnosis,
        known=checking.known_answers(exercise, checked),
        attempt_id=attempt.id,
    )
    waits = await after_rejection(session, user, study, item, exercise, ai, now)
    payload["stage"] = "judging" if waits else "feedback"
    sessions.save(study, payload)
    return await drill_view(session, study)


async def answer_typed(
    session: AsyncSession, user: User, drill_id: int, text: str, ai: AiAccess = OFFLINE
) -> DrillView | None:
    """A text message while the drill waits for a typed answer is that answer; None when it
    does not wait for one (a choice, tokens to tap, feedback on screen, over)."""
    study = await sessions.active(session, user, KIND, lock=True)
    if study is None or study.id != drill_id or study.payload["stage"] != "question":
        return None
    view = await drill_view(session, study)
    if not view.waits_for_text:
        return None
    outcome = await answer(session, user, drill_id, study.version, text=text, ai=ai)
    return None if isinstance(outcome, Stale) else outcome


async def tap(
    session: AsyncSession, user: User, drill_id: int, version: int | None = None, *, token: int
) -> DrillView | Stale:
    """Word order: the token with this index joins the sentence being built."""
    step = await _step(session, user, drill_id, version, "question")
    if isinstance(step, Stale):
        return step
    study, payload, item, exercise = step
    if exercise.kind != "word_order" or not 0 <= token < len(exercise.tokens or []):
        raise Invalid("No such word to tap.")
    if token not in item["built"]:
        item["built"].append(token)
        sessions.save(study, payload)
    return await drill_view(session, study)


async def untap(
    session: AsyncSession, user: User, drill_id: int, version: int | None = None
) -> DrillView | Stale:
    """Word order: the last token tapped goes back (⌫)."""
    step = await _step(session, user, drill_id, version, "question")
    if isinstance(step, Stale):
        return step
    study, payload, item, _ = step
    if item["built"]:
        item["built"].pop()
        sessions.save(study, payload)
    return await drill_view(session, study)


async def submit_built(
    session: AsyncSession, user: User, drill_id: int, version: int | None = None
) -> DrillView | Stale:
    """Word order: the sentence built so far is the answer (✓)."""
    study = await sessions.load(session, user, KIND, drill_id)
    built = list(study.payload["items"][study.payload["position"]]["built"])
    if not built:
        raise Invalid("Tap the words in order first.")
    return await answer(session, user, drill_id, version, tokens=built)


async def claim_right(
    session: AsyncSession, user: User, drill_id: int, version: int | None = None
) -> DrillView | Stale:
    """ "I was right" on a rejected typed answer: counted as right, kept for review."""
    step = await _step(session, user, drill_id, version, "feedback")
    if isinstance(step, Stale):
        return step
    study, payload, item, exercise = step
    if item["verdict"] != "wrong" or item["claimed"] or exercise.kind not in TYPED_KINDS:
        raise Invalid("Only a rejected typed answer can be claimed.")
    item.update(claimed=True, correct=True)
    await mastery.claim(session, user, item["attempt_id"])
    sessions.save(study, payload)
    return await drill_view(session, study)


async def next_exercise(
    session: AsyncSession,
    user: User,
    drill_id: int,
    version: int | None = None,
    *,
    now: datetime | None = None,
) -> DrillView | Stale:
    """On to the next exercise; after the last one the drill ends and topics are rated."""
    step = await _step(session, user, drill_id, version, "feedback")
    if isinstance(step, Stale):
        return step
    study, payload, _, _ = step
    if payload["position"] + 1 >= len(payload["items"]):
        await finish_drill(session, user, study, payload, now or utcnow())
    else:
        payload["position"] += 1
        payload["stage"] = "question"
        sessions.save(study, payload)
    return await drill_view(session, study)


async def stop_drill(
    session: AsyncSession,
    user: User,
    drill_id: int,
    version: int | None = None,
    *,
    now: datetime | None = None,
) -> DrillView | Stale:
    """Stop early: what was answered is rated. Without a `version`, stopping twice is
    harmless; a Stop button pressed twice is Stale."""
    study = await sessions.load(session, user, KIND, drill_id, lock=True)
    stale = sessions.check(study, version, finished_ok=version is None)
    if stale is not None:
        return stale
    if study.status == "active":
        await finish_drill(session, user, study, sessions.editable_payload(study), now or utcnow())
    return await drill_view(session, study)
