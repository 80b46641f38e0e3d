"""The placement test: adaptive, at most 20 multiple-choice and fill-in items from the bank
across A1–C1, stopping early once the level is clear; it sets the learner's CEFR level.

The learner's level is a probability over A1..C1, updated after every answer with a simple
response model (items at or below the level are mostly answered right, items above it
mostly wrong, with room for lucky guesses and slips). The next item comes from the level
where the answer tells most: the one the learner passes with a probability nearest to ½."""

from __future__ import annotations

import math
import random
from datetime import datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.errors import Invalid, NotFound
from core.german import CefrLevel
from core.grammar import checking
from core.grammar.catalogue import level_of
from core.grammar.schemas import (
    TYPED_KINDS,
    ExerciseView,
    PlacementAnswer,
    PlacementResult,
    PlacementView,
)
from core.models import Exercise, GrammarTopic, StudySession, User
from core.study import sessions
from core.study.sessions import Stale

KIND: Final = "placement"
LEVELS: tuple[CefrLevel, ...] = ("A1", "A2", "B1", "B2", "C1")
MAX_ITEMS = 20
MIN_ITEMS = 6
CONFIDENT = 0.9
ITEM_KINDS = ("multiple_choice", "fill_blank")
GUESS = {"multiple_choice": 0.25, "fill_blank": 0.05}
SLIP = 0.1
SHARPNESS = 4.0


def p_right(learner: int, item: int, kind: str) -> float:
    """How likely a learner at level index `learner` answers an item of level `item` right."""
    guess = GUESS.get(kind, 0.1)
    knows = 1 / (1 + math.exp(-SHARPNESS * (learner - item + 0.5)))
    return guess + (1 - guess - SLIP) * knows


def update(belief: list[float], item: int, kind: str, right: bool) -> list[float]:
    weights = [
        b * (p_right(lv, item, kind) if right else 1 - p_right(lv, item, kind))
        for lv, b in enumerate(belief)
    ]
    total = sum(weights)
    return [w / total for w in weights]


def next_level(belief: list[float]) -> int:
    """The level whose item the learner passes with a probability nearest to ½."""

    def passing(item: int) -> float:
        return sum(b * p_right(lv, item, "fill_blank") for lv, b in enumerate(belief))

    return min(range(len(LEVELS)), key=lambda item: (abs(passing(item) - 0.5), item))


def is_clear(belief: list[float], answered: int) -> bool:
    return answered >= MAX_ITEMS or (answered >= MIN_ITEMS and max(belief) >= CONFIDENT)


# ---- the session ---------------------------------------------------------------------------


async def _pick(
    session: AsyncSession, level: int, used: list[int], rng: random.Random
) -> Exercise | None:
    candidates = list(
        await session.scalars(
            select(Exercise)
            .join(GrammarTopic, GrammarTopic.id == Exercise.topic_id)
            .where(
                GrammarTopic.level == LEVELS[level],
                GrammarTopic.retired_at.is_(None),
                Exercise.retired_at.is_(None),
                Exercise.source == "file",  # the reviewed bank: Claude's exercises are unrated
                Exercise.kind.in_(ITEM_KINDS),
                Exercise.id.not_in(used or [0]),
            )
        )
    )
    return rng.choice(candidates) if candidates else None


async def _view(session: AsyncSession, study: StudySession) -> PlacementView:
    payload: dict[str, Any] = study.payload
    items: list[dict[str, Any]] = payload["items"]
    open_ = items[-1] if items and items[-1]["correct"] is None else None
    current = None
    if open_ is not None:
        row = (
            await session.execute(
                select(Exercise, GrammarTopic)
                .join(GrammarTopic, GrammarTopic.id == Exercise.topic_id)
                .where(Exercise.id == open_["exercise_id"])
            )
        ).one()
        exercise, topic = row
        current = ExerciseView(
            id=exercise.id,
            topic_slug=topic.slug,
            topic_title=topic.title,
            topic_level=level_of(topic),
            kind="multiple_choice" if exercise.kind == "multiple_choice" else "fill_blank",
            instruction=exercise.instruction,
            prompt=exercise.prompt,
            options=exercise.options,
            tokens=None,
        )
    answered = [i for i in items if i["correct"] is not None]
    last = answered[-1] if answered else None
    return PlacementView(
        id=study.id,
        status=sessions.status_of(study),
        version=study.version,
        answered=len(answered),
        max_items=MAX_ITEMS,
        current=current,
        last=PlacementAnswer(correct=last["correct"], answer=last["answer"]) if last else None,
        result=PlacementResult.model_validate(payload["result"]) if payload.get("result") else None,
        chat_message_id=study.message_id,
    )


async def _ask_next(session: AsyncSession, payload: dict[str, Any], rng: random.Random) -> bool:
    """Add the next item; False when the bank has nothing left to ask."""
    used = [i["exercise_id"] for i in payload["items"]]
    level = next_level(payload["belief"])
    for candidate in sorted(range(len(LEVELS)), key=lambda lv: abs(lv - level)):
        exercise = await _pick(session, candidate, used, rng)
        if exercise is not None:
            payload["items"].append(
                {"exercise_id": exercise.id, "level": candidate, "correct": None, "answer": ""}
            )
            return True
    return False


async def _recommended(session: AsyncSession, level: CefrLevel) -> list[str]:
    rows = await session.scalars(
        select(GrammarTopic.slug)
        .where(GrammarTopic.level == level, GrammarTopic.retired_at.is_(None))
        .order_by(GrammarTopic.category, GrammarTopic.title)
        .limit(5)
    )
    return list(rows)


async def _conclude(
    session: AsyncSession, user: User, study: StudySession, payload: dict[str, Any], now: datetime
) -> None:
    belief: list[float] = payload["belief"]
    best = max(range(len(LEVELS)), key=lambda lv: belief[lv])
    level = LEVELS[best]
    user.cefr_level = level
    payload["result"] = {
        "level": level,
        "confidence": round(belief[best], 3),
        "items_used": sum(1 for i in payload["items"] if i["correct"] is not None),
        "recommended_topics": await _recommended(session, level),
    }
    payload["items"] = [i for i in payload["items"] if i["correct"] is not None]
    sessions.save(study, payload)
    sessions.finish(study, now)


async def start_placement(
    session: AsyncSession,
    user: User,
    *,
    chat_id: int | None = None,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> PlacementView:
    """A new test (a running one is abandoned; retaking is fine)."""
    payload: dict[str, Any] = {"belief": [1 / len(LEVELS)] * len(LEVELS), "items": []}
    if not await _ask_next(session, payload, rng or random.Random()):
        raise Invalid("The exercise bank is empty.")
    study = await sessions.start(session, user, KIND, payload, now or utcnow(), chat_id=chat_id)
    return await _view(session, study)


async def get_placement(session: AsyncSession, user: User, test_id: int) -> PlacementView:
    return await _view(session, await sessions.load(session, user, KIND, test_id))


async def set_message(
    session: AsyncSession, user: User, test_id: int, chat_id: int, message_id: int
) -> None:
    await sessions.set_message(session, user, KIND, test_id, chat_id, message_id)


async def answer_placement(
    session: AsyncSession,
    user: User,
    test_id: int,
    version: int | None = None,
    *,
    text: str | None = None,
    choice: int | None = None,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> PlacementView | Stale:
    study = await sessions.load_for_press(session, user, KIND, test_id, version)
    if isinstance(study, Stale):
        return study
    payload = sessions.editable_payload(study)
    item = payload["items"][-1]
    exercise = await session.get(Exercise, item["exercise_id"])
    if exercise is None:
        raise NotFound("That question is gone.")
    if exercise.kind == "multiple_choice":
        if choice is None:
            raise Invalid("Choose one of the options (`choice`).")
        checked = checking.check_choice(exercise, choice)
    else:
        if text is None or not text.strip():
            raise Invalid("Type your answer (`text`).")
        checked = checking.check_text(exercise, text)
    item.update(correct=checked.accepted, answer=exercise.answer)
    payload["belief"] = update(payload["belief"], item["level"], exercise.kind, checked.accepted)
    answered = len(payload["items"])
    if is_clear(payload["belief"], answered) or not await _ask_next(
        session, payload, rng or random.Random()
    ):
        await _conclude(session, user, study, payload, now or utcnow())
    else:
        sessions.save(study, payload)
    return await _view(session, study)


async def answer_typed(
    session: AsyncSession, user: User, test_id: int, text: str
) -> PlacementView | None:
    """A text message while a fill-in item waits is its answer; None otherwise."""
    study = await sessions.active(session, user, KIND, lock=True)
    if study is None or study.id != test_id:
        return None
    view = await _view(session, study)
    if view.current is None or view.current.kind not in TYPED_KINDS:
        return None
    outcome = await answer_placement(session, user, test_id, study.version, text=text)
    return None if isinstance(outcome, Stale) else outcome
