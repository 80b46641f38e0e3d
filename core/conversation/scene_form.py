"""Writing or editing a learner's scene in a chat, one typed answer per question.

The form is a study session of kind "scene" (core.study): it lives in PostgreSQL, waits for
text (core.activities routes the learner's next messages to it) and ends when the scene is
saved or the learner cancels. A new scene asks every field in turn and takes the learner's
level; an edit asks one field. An answer that does not fit is refused with the reason and
the same question stays open, so nothing typed so far is lost."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal, get_args

from pydantic import TypeAdapter, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.conversation.learner_scenes import change_scene, create_scene, own_scene, scene_view
from core.conversation.schemas import (
    MAX_KEY_WORDS,
    NewScene,
    SceneChange,
    SceneKeyWords,
    SceneLine,
    SceneSetting,
    SceneTitle,
    SceneView,
)
from core.errors import Invalid
from core.models import LearnerScene, StudySession, User
from core.ownership import owned
from core.study import sessions

SceneField = Literal["title", "setting", "tutor_role", "learner_goal", "key_words"]
FIELDS: tuple[SceneField, ...] = get_args(SceneField)
NO_WORDS = frozenset({"-", "–", "—", "none", "no", "keine", "nichts", "nein"})
_WORD_SEPARATORS = re.compile(r"[,;\n]+")

_ADAPTERS: dict[SceneField, TypeAdapter[Any]] = {
    "title": TypeAdapter(SceneTitle),
    "setting": TypeAdapter(SceneSetting),
    "tutor_role": TypeAdapter(SceneLine),
    "learner_goal": TypeAdapter(SceneLine),
    "key_words": TypeAdapter(SceneKeyWords),
}
PROBLEMS: dict[SceneField, str] = {
    "title": "Keep the title to one line of at most 80 characters.",
    "setting": "Keep the setting under 500 characters.",
    "tutor_role": "Keep my role under 300 characters.",
    "learner_goal": "Keep your goal under 300 characters.",
    "key_words": (
        f"Send up to {MAX_KEY_WORDS} words of at most 40 characters each, separated by commas "
        "(or - for none)."
    ),
}


@dataclass(frozen=True)
class FormQuestion:
    """The question the form waits on."""

    form_id: int
    field: SceneField
    number: int
    total: int
    editing: SceneView | None = None
    """The scene being edited (None while writing a new one)."""
    problem: str | None = None
    """Why the last answer was refused, when it was."""


@dataclass(frozen=True)
class FormSaved:
    scene: SceneView
    created: bool


FormStep = FormQuestion | FormSaved


def _parse(field: SceneField, text: str) -> Any:
    """The answer as the field's value; Invalid with the field's rule when it does not fit."""
    value: Any = text
    if field == "key_words":
        stripped = text.strip()
        value = (
            []
            if stripped.casefold() in NO_WORDS
            else [w.strip() for w in _WORD_SEPARATORS.split(stripped) if w.strip()]
        )
    try:
        return _ADAPTERS[field].validate_python(value)
    except ValidationError as exc:
        raise Invalid(PROBLEMS[field]) from exc


def _question(study: StudySession, editing: SceneView | None, problem: str | None) -> FormQuestion:
    payload = study.payload
    fields: list[SceneField] = payload["fields"]
    step: int = payload["step"]
    return FormQuestion(study.id, fields[step], step + 1, len(fields), editing, problem)


async def start_new_scene(session: AsyncSession, user: User, chat_id: int) -> FormQuestion:
    payload: dict[str, Any] = {"scene_id": None, "fields": list(FIELDS), "step": 0, "answers": {}}
    study = await sessions.start(session, user, "scene", payload, utcnow(), chat_id=chat_id)
    return _question(study, None, None)


async def start_scene_edit(
    session: AsyncSession, user: User, scene_id: int, field: SceneField, chat_id: int
) -> FormQuestion:
    scene = scene_view(await own_scene(session, user, scene_id))
    payload: dict[str, Any] = {"scene_id": scene.id, "fields": [field], "step": 0, "answers": {}}
    study = await sessions.start(session, user, "scene", payload, utcnow(), chat_id=chat_id)
    return _question(study, scene, None)


def _close(study: StudySession) -> None:
    """The form is done (saved or cancelled); it is no study session that counts for goals."""
    study.status = "finished"
    study.finished_at = utcnow()
    study.version += 1


async def answer_scene_form(
    session: AsyncSession, user: User, form_id: int, text: str
) -> FormStep | None:
    """Take the learner's answer to the open question: the next question, the same one with
    the reason it was refused, or the saved scene. None when the form is not open any more
    (the text belongs elsewhere)."""
    study = await sessions.load(session, user, "scene", form_id, lock=True)
    if study.status != "active":
        return None
    payload = sessions.editable_payload(study)
    field: SceneField = payload["fields"][payload["step"]]
    scene_id: int | None = payload["scene_id"]
    editing = None
    if scene_id is not None:
        scene = await session.scalar(owned(LearnerScene, user).where(LearnerScene.id == scene_id))
        if scene is None:  # deleted meanwhile: nothing left to edit, the text goes elsewhere
            _close(study)
            return None
        editing = scene_view(scene)
    try:
        value = _parse(field, text)
    except Invalid as refused:
        return _question(study, editing, refused.message)
    payload["answers"][field] = value
    if payload["step"] + 1 < len(payload["fields"]):
        payload["step"] += 1
        sessions.save(study, payload)
        return _question(study, editing, None)
    _close(study)
    if scene_id is None:
        new = NewScene.model_validate({**payload["answers"], "level": user.cefr_level})
        return FormSaved(await create_scene(session, user, new), created=True)
    change = SceneChange.model_validate(payload["answers"])
    return FormSaved(await change_scene(session, user, scene_id, change), created=False)


async def cancel_scene_form(session: AsyncSession, user: User, form_id: int) -> bool:
    """Stop the form without saving; False when it was not open any more."""
    study = await sessions.load(session, user, "scene", form_id, lock=True)
    if study.status != "active":
        return False
    _close(study)
    return True
