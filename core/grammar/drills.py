"""A grammar drill: about ten exercises in one "grammar" study session, one step at a time.

question → (answer) → feedback → (next) → question ... → done. Word order is built by tapping
tokens (tap, untap the last, submit). A rejected typed answer may be claimed ("I was right"):
it counts as right. When the drill ends, each topic it practised gets its FSRS rating."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.errors import Invalid, NotFound
from core.grammar import checking, mastery, selection
from core.grammar.catalogue import level_of, topic_by_slug
from core.grammar.schemas import (
    TYPED_KINDS,
    DrillSource,
    DrillView,
    ExerciseKind,
    ExerciseView,
    Feedback,
    TopicResult,
)
from core.grammar.weak import last_conversation_topic, weak_areas
from core.models import Exercise, GrammarTopic, StudySession, User
from core.progress.xp import XpReason, award
from core.study import sessions
from core.study.sessions import Stale

KIND: Final = "grammar"
DUE_TITLE = "Due topics"
WEAK_TITLE = "Weak areas"
Payload = dict[str, Any]


# ---- reading a drill -------------------------------------------------------------------------


async def _exercises(
    session: AsyncSession, ids: Sequence[int]
) -> dict[int, tuple[Exercise, GrammarTopic]]:
    rows = await session.execute(
        select(Exercise, GrammarTopic)
        .join(GrammarTopic, GrammarTopic.id == Exercise.topic_id)
        .where(Exercise.id.in_(ids))
    )
    return {exercise.id: (exercise, topic) for exercise, topic in rows.all()}


def _kind(exercise: Exercise) -> ExerciseKind:
    kinds: tuple[ExerciseKind, ...] = (*TYPED_KINDS, "multiple_choice", "word_order")
    for kind in kinds:
        if exercise.kind == kind:
            return kind
    raise ValueError(f"unknown exercise kind {exercise.kind!r}")


def _exercise_view(exercise: Exercise, topic: GrammarTopic) -> ExerciseView:
    return ExerciseView(
        id=exercise.id,
        topic_slug=topic.slug,
        topic_title=topic.title,
        topic_level=level_of(topic),
        kind=_kind(exercise),
        instruction=exercise.instruction,
        prompt=exercise.prompt,
        options=exercise.options,
        tokens=exercise.tokens,
    )


def _feedback(item: Payload, exercise: Exercise) -> Feedback:
    wrong = item["verdict"] == "wrong"
    return Feedback(
        verdict=item["verdict"],
        correct=item["correct"],
        given=item["given"],
        answer=exercise.answer if wrong else item["matched"],
        explanation=exercise.explanation,
        diagnosis=item["diagnosis"],
        known_answers=item["known"],
        claimable=wrong and not item["claimed"] and exercise.kind in TYPED_KINDS,
        claimed=item["claimed"],
    )


async def drill_view(session: AsyncSession, study: StudySession) -> DrillView:
    payload = study.payload
    items: list[Payload] = payload["items"]
    position: int = payload["position"]
    stage = payload["stage"]
    item = items[position] if stage != "done" else None
    exercises = await _exercises(session, [item["exercise_id"]] if item else [])
    current = exercises.get(item["exercise_id"]) if item else None
    answered = [i for i in items if i["verdict"] is not None]
    tokens = current[0].tokens or [] if current else []
    return DrillView(
        id=study.id,
        status=sessions.status_of(study),
        version=study.version,
        source=payload["source"],
        title=payload["title"],
        position=position,
        total=len(items),
        right=sum(1 for i in answered if i["correct"]),
        answered=len(answered),
        stage=stage,
        current=_exercise_view(*current) if current else None,
        built=list(item["built"]) if item else [],
        built_text=" ".join(tokens[i] for i in item["built"]) if item and tokens else "",
        feedback=_feedback(item, current[0]) if item and current and stage == "feedback" else None,
        results=[TopicResult.model_validate(r) for r in payload.get("results", [])],
        chat_message_id=study.message_id,
    )


async def get_drill(session: AsyncSession, user: User, drill_id: int) -> DrillView:
    return await drill_view(session, await sessions.load(session, user, KIND, drill_id))


async def current_drill(session: AsyncSession, user: User) -> DrillView:
    study = await sessions.active(session, user, KIND)
    if study is None:
        raise NotFound("No grammar drill is running.")
    return await drill_view(session, study)


# ---- starting one ----------------------------------------------------------------------------


async def _topics_for(
    session: AsyncSession, user: User, source: DrillSource, slug: str | None, now: datetime
) -> tuple[list[int], str]:
    if source == "topic":
        if not slug:
            raise Invalid("Name the topic to practise.")
        topic = await topic_by_slug(session, slug)
        return [topic.id], topic.title
    if source == "due":
        due = await mastery.due_topic_ids(session, user, now)
        if not due:
            raise Invalid("No grammar topics are due right now. Pick a topic to practise!")
        return due[:5], DUE_TITLE
    if source == "mistakes":
        slug = await last_conversation_topic(session, user)
        if slug is not None:
            topic = await topic_by_slug(session, slug)
            return [topic.id], topic.title
    areas = await weak_areas(session, user, now, limit=3)
    if not areas:
        raise Invalid("No weak areas yet: practise a few topics or talk with the tutor first.")
    topics = [await topic_by_slug(session, area.slug) for area in areas]
    return [t.id for t in topics], WEAK_TITLE


def _item(exercise: Exercise) -> Payload:
    return {
        "exercise_id": exercise.id,
        "topic_id": exercise.topic_id,
        "built": [],
        "given": None,
        "verdict": None,
        "correct": None,
        "claimed": False,
        "diagnosis": "",
        "matched": "",
        "known": [],
        "attempt_id": None,
    }


async def start_drill(
    session: AsyncSession,
    user: User,
    *,
    source: DrillSource = "topic",
    topic: str | None = None,
    chat_id: int | None = None,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> DrillView:
    """A new drill (a running one is abandoned): one topic, the due topics, the weak areas,
    or the topic behind the last conversation's most frequent mistake."""
    now = now or utcnow()
    topic_ids, title = await _topics_for(session, user, source, topic, now)
    exercises = await selection.pick(session, user, topic_ids, rng or random.Random())
    if not exercises:
        raise Invalid("This topic has no exercises yet.")
    payload = {
        "source": source,
        "title": title,
        "items": [_item(e) for e in exercises],
        "position": 0,
        "stage": "question",
    }
    study = await sessions.start(session, user, KIND, payload, now, chat_id=chat_id)
    return await drill_view(session, study)


async def set_message(
    session: AsyncSession, user: User, drill_id: int, chat_id: int, message_id: int
) -> None:
    await sessions.set_message(session, user, KIND, drill_id, chat_id, message_id)


# ---- steps -----------------------------------------------------------------------------------


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
    exercise, _ = (await _exercises(session, [item["exercise_id"]]))[item["exercise_id"]]
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
) -> DrillView | Stale:
    """Answer the current exercise: its verdict, with the why."""
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
    await award(session, user.id, XpReason.GRAMMAR_ANSWER, attempt.id)
    item.update(
        given=checked.given,
        verdict=checked.verdict.value,
        correct=checked.accepted,
        matched=checked.matched,
        diagnosis=checked.diagnosis,
        known=checking.known_answers(exercise, checked),
        attempt_id=attempt.id,
    )
    payload["stage"] = "feedback"
    sessions.save(study, payload)
    return await drill_view(session, study)


async def answer_typed(
    session: AsyncSession, user: User, drill_id: int, text: str
) -> DrillView | None:
    """A text message while the drill waits for a typed answer is that answer; None when it
    does not wait for one (a choice, tokens to tap, feedback on screen, over)."""
    study = await sessions.active(session, user, KIND, lock=True)
    if study is None or study.id != drill_id or study.payload["stage"] != "question":
        return None
    view = await drill_view(session, study)
    if not view.waits_for_text:
        return None
    outcome = await answer(session, user, drill_id, study.version, text=text)
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


async def _finish(
    session: AsyncSession, user: User, study: StudySession, payload: Payload, now: datetime
) -> None:
    tally: dict[int, list[int]] = {}
    for item in payload["items"]:
        if item["verdict"] is not None:
            right_answered = tally.setdefault(item["topic_id"], [0, 0])
            right_answered[0] += 1 if item["correct"] else 0
            right_answered[1] += 1
    topics = {
        t.id: t
        for t in await session.scalars(select(GrammarTopic).where(GrammarTopic.id.in_(tally)))
    }
    results = []
    for topic_id, (right, answered) in tally.items():
        rating, due_at = await mastery.rate_topic(session, user, topic_id, right, answered, now)
        topic = topics[topic_id]
        results.append(
            {
                "slug": topic.slug,
                "title": topic.title,
                "right": right,
                "answered": answered,
                "rating": int(rating) if rating is not None else None,
                "due_at": due_at.isoformat(),
            }
        )
    payload["results"] = results
    payload["stage"] = "done"
    sessions.save(study, payload)
    sessions.finish(study, now)


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
        await _finish(session, user, study, payload, now or utcnow())
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
        await _finish(session, user, study, sessions.editable_payload(study), now or utcnow())
    return await drill_view(session, study)
