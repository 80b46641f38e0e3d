"""Reading a drill: the view of its current step that the bot and the API render."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound
from core.grammar.catalogue import level_of
from core.grammar.schemas import (
    TYPED_KINDS,
    DrillView,
    ExerciseKind,
    ExerciseView,
    Feedback,
    TopicResult,
)
from core.models import Exercise, GrammarTopic, StudySession, User
from core.study import sessions

KIND: Final = "grammar"
Payload = dict[str, Any]


async def exercises_by_id(
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
        judged_by="claude" if item.get("judged_by") == "claude" else "bank",
        judgement=item.get("judgement", ""),
        judge_note=item.get("judge_note", ""),
    )


async def drill_view(session: AsyncSession, study: StudySession) -> DrillView:
    payload = study.payload
    items: list[Payload] = payload["items"]
    position: int = payload["position"]
    stage = payload["stage"]
    item = items[position] if stage != "done" else None
    exercises = await exercises_by_id(session, [item["exercise_id"]] if item else [])
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
