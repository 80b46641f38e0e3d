"""AI-made exercises: when a learner has seen most of a topic's bank, or asks for more, an
arq job asks Claude (one call, tool schema) for new exercises of the topic and level.

Each exercise Claude writes passes the content files' schema and checks
(core.grammar.validation: answer among the accepted ones, exactly one correct option, tokens
that rebuild an answer, the swapped-clause rule, spelling) and must differ from every exercise
of the topic; only those are stored (source "ai") and ever shown. The rejected ones are
counted, with their reasons, on the generation's row and in the job's log line.

Offline (no Claude configured) the bank alone is used: a request is refused with that reason,
and a generation the bank-seen trigger requested ends as "offline" without a call."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final, Literal

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ai_quota import EXERCISES, AiAccess, ai_calls_today, record_usage
from core.clock import utcnow
from core.db import Database
from core.errors import Invalid, NotFound, RateLimited
from core.grammar.catalogue import level_of, topic_by_slug
from core.grammar.schemas import GenerationView, Rejection
from core.grammar.validation import (
    FULL_SENTENCE_KINDS,
    GERMAN_PROMPT_KINDS,
    ExerciseContent,
    Speller,
    exercise_problems,
    normalised_prompt,
    words_of,
)
from core.models import (
    Exercise,
    ExerciseGeneration,
    GrammarAttempt,
    GrammarTopic,
    User,
    VocabularyItem,
)
from core.observability.logs import bind_learner
from core.outbox import request_job
from core.ownership import mine
from core.tutor.base import ExerciseBrief, Tutor, TutorUnavailable

log = logging.getLogger(__name__)

BANK_SEEN_SHARE: Final = 0.8
"""A learner who has attempted this share of a topic's exercises gets new ones written."""
NEW_EXERCISES: Final = 6
"""How many exercises one call asks for."""
AUTO_COOLDOWN: Final = timedelta(hours=24)
"""A topic gets at most one bank-seen generation a day, whoever triggered it."""
OPEN_FOR: Final = timedelta(minutes=30)
"""A requested generation younger than this is still being written: asking again waits for it."""

OFFLINE_MESSAGE: Final = (
    "New exercises are written by Claude, which isn't configured here: "
    "you practise the exercises of the bank."
)
QUOTA_MESSAGE: Final = "You've used today's AI allowance; new exercises can be written tomorrow."
Trigger = Literal["request", "bank_seen"]


# ---- views -----------------------------------------------------------------------------------


def _message(row: ExerciseGeneration) -> str:
    if row.status == "requested":
        return "Claude is writing new exercises for this topic; they join your next drills."
    if row.status == "done":
        kept = f"{row.stored} new exercise{'s' if row.stored != 1 else ''} joined the topic"
        dropped = f" ({row.rejected} failed the checks and were dropped)" if row.rejected else ""
        return f"{kept}{dropped}."
    if row.status == "offline":
        return OFFLINE_MESSAGE
    if row.status == "quota":
        return QUOTA_MESSAGE
    return "Claude could not write new exercises this time; the bank is used."


def generation_view(row: ExerciseGeneration, topic_slug: str) -> GenerationView:
    return GenerationView.model_validate(
        {
            "id": row.id,
            "topic_slug": topic_slug,
            "status": row.status,
            "trigger": row.trigger,
            "proposed": row.proposed,
            "stored": row.stored,
            "rejected": row.rejected,
            "rejections": row.rejections,
            "message": _message(row),
            "created_at": row.created_at,
            "finished_at": row.finished_at,
        }
    )


async def latest_generation(
    session: AsyncSession, user: User, topic: GrammarTopic
) -> GenerationView | None:
    """The learner's most recent request for this topic, if any."""
    row = await session.scalar(
        select(ExerciseGeneration)
        .where(mine(ExerciseGeneration, user), ExerciseGeneration.topic_id == topic.id)
        .order_by(ExerciseGeneration.id.desc())
        .limit(1)
    )
    return generation_view(row, topic.slug) if row is not None else None


async def my_latest_generation(session: AsyncSession, user: User, slug: str) -> GenerationView:
    topic = await topic_by_slug(session, slug)
    view = await latest_generation(session, user, topic)
    if view is None:
        raise NotFound("You have not asked for new exercises of this topic.")
    return view


# ---- requesting ------------------------------------------------------------------------------


def _request(
    session: AsyncSession, user: User, topic: GrammarTopic, trigger: Trigger
) -> ExerciseGeneration:
    row = ExerciseGeneration(
        topic_id=topic.id, user_id=user.id, level=topic.level, trigger=trigger, rejections=[]
    )
    session.add(row)
    return row


async def _after_request(session: AsyncSession, row: ExerciseGeneration) -> None:
    await session.flush()
    await session.refresh(row)
    request_job(
        session, "generate_exercises", job_id=f"generate-exercises:{row.id}", generation_id=row.id
    )


async def request_generation(
    session: AsyncSession,
    user: User,
    slug: str,
    *,
    ai: AiAccess,
    now: datetime | None = None,
) -> GenerationView:
    """The learner asks for new exercises of a topic: a job asks Claude after the commit.
    A request still being written is returned instead of a second one."""
    now = now or utcnow()
    topic = await topic_by_slug(session, slug)
    if not ai.enabled:
        raise Invalid(OFFLINE_MESSAGE)
    if await ai_calls_today(session, user, now) >= ai.calls_per_day:
        raise RateLimited(QUOTA_MESSAGE)
    open_row = await session.scalar(
        select(ExerciseGeneration)
        .where(
            ExerciseGeneration.topic_id == topic.id,
            ExerciseGeneration.status == "requested",
            ExerciseGeneration.created_at >= now - OPEN_FOR,
        )
        .order_by(ExerciseGeneration.id.desc())
        .limit(1)
    )
    if open_row is not None:
        return generation_view(open_row, topic.slug)
    row = _request(session, user, topic, "request")
    await _after_request(session, row)
    return generation_view(row, topic.slug)


async def ask_for_exercises(session: AsyncSession, user: User, slug: str, *, ai: AiAccess) -> str:
    """The bot's "New exercises" button: what to tell the learner (offline, over the allowance
    or requested), never an error for an expected refusal."""
    try:
        view = await request_generation(session, user, slug, ai=ai)
    except (Invalid, RateLimited) as refused:
        return refused.message
    return view.message


async def bank_seen_share(session: AsyncSession, user: User, topic_id: int) -> float:
    """The share of the topic's exercises the learner has attempted at least once."""
    total = await session.scalar(
        select(func.count()).where(Exercise.topic_id == topic_id, Exercise.retired_at.is_(None))
    )
    seen = await session.scalar(
        select(func.count(func.distinct(GrammarAttempt.exercise_id)))
        .join(Exercise, Exercise.id == GrammarAttempt.exercise_id)
        .where(
            mine(GrammarAttempt, user),
            GrammarAttempt.topic_id == topic_id,
            Exercise.retired_at.is_(None),
        )
    )
    return (seen or 0) / total if total else 0.0


async def when_bank_seen(
    session: AsyncSession, user: User, topic_ids: Iterable[int], now: datetime
) -> list[int]:
    """After a drill: each topic whose bank the learner has mostly seen gets a generation
    (at most one a day per topic). Returns the generations requested."""
    requested = []
    for topic_id in topic_ids:
        if await bank_seen_share(session, user, topic_id) < BANK_SEEN_SHARE:
            continue
        recent = await session.scalar(
            select(func.count()).where(
                ExerciseGeneration.topic_id == topic_id,
                ExerciseGeneration.created_at >= now - AUTO_COOLDOWN,
            )
        )
        topic = await session.get(GrammarTopic, topic_id)
        if recent or topic is None:
            continue
        row = _request(session, user, topic, "bank_seen")
        await _after_request(session, row)
        requested.append(row.id)
    return requested


# ---- checking what Claude wrote --------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    accepted: list[ExerciseContent]
    rejections: list[Rejection]


def _schema_reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"schema: {where + ': ' if where else ''}{message}"[:300]


def check_candidates(
    items: list[Any], generation_id: int, speller: Speller, bank_keys: set[tuple[str, str]]
) -> Checked:
    """Each exercise Claude wrote, through the content files' schema and checks; a duplicate
    of the bank (or of an earlier one in the batch) is rejected too."""
    accepted: list[ExerciseContent] = []
    rejections: list[Rejection] = []
    keys = set(bank_keys)
    for index, item in enumerate(items):
        reason = None
        exercise = None
        if not isinstance(item, dict):
            reason = "schema: not an object"
        else:
            try:
                exercise = ExerciseContent.model_validate(
                    {**item, "slug": f"ai-{generation_id}-{index + 1}"}
                )
            except ValidationError as exc:
                reason = _schema_reason(exc)
        if exercise is not None:
            problems = exercise_problems(exercise) or speller.exercise_problems(exercise)
            key = (exercise.kind, normalised_prompt(exercise.prompt))
            if problems:
                reason = ("spelling: " if problems[0].startswith("unknown word") else "rule: ") + (
                    problems[0]
                )
            elif key in keys:
                reason = "duplicate: the topic has this exercise already"
            else:
                keys.add(key)
                accepted.append(exercise)
        if reason is not None:
            rejections.append(Rejection(index=index, reason=reason))
    return Checked(accepted, rejections)


def _words_of_texts(texts: Iterable[str | None]) -> set[str]:
    return {w.lower() for text in texts if text for w in words_of(text)}


async def known_words(session: AsyncSession) -> set[str]:
    """Words the spelling check knows besides the dictionary: the vocabulary's forms and every
    word of the exercises and examples in the bank (they passed the files' spelling check)."""
    texts: list[str | None] = []
    for item in await session.execute(
        select(
            VocabularyItem.lemma,
            VocabularyItem.plural,
            VocabularyItem.genitive,
            VocabularyItem.comparative,
            VocabularyItem.superlative,
            VocabularyItem.verb_forms,
        )
    ):
        lemma, plural, genitive, comparative, superlative, verb_forms = item
        texts += [lemma, plural, genitive, comparative, superlative]
        texts += [str(v) for v in (verb_forms or {}).values() if isinstance(v, str)]
    for kind, prompt, answers in await session.execute(
        select(Exercise.kind, Exercise.prompt, Exercise.accepted_answers).where(
            Exercise.source == "file"
        )
    ):
        texts += answers
        if kind in GERMAN_PROMPT_KINDS:
            texts.append(prompt)
    for examples, mistakes in await session.execute(
        select(GrammarTopic.examples, GrammarTopic.common_mistakes)
    ):
        texts += [e.get("de") for e in examples] + [m.get("right") for m in mistakes]
    return _words_of_texts(texts)


# ---- the job ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Work:
    generation_id: int
    user_id: int | None
    topic_slug: str
    brief: ExerciseBrief
    bank_keys: set[tuple[str, str]]
    known: set[str]


async def _claim(
    session: AsyncSession, generation_id: int, tutor: Tutor, ai: AiAccess
) -> _Work | None:
    row = await session.get(ExerciseGeneration, generation_id, with_for_update=True)
    if row is None or row.status != "requested":
        return None  # done already (arq may run a job twice)
    topic = await session.get(GrammarTopic, row.topic_id)
    user = await session.get(User, row.user_id) if row.user_id is not None else None
    if topic is None:
        row.status, row.finished_at = "failed", utcnow()
        return None
    if user is not None:
        bind_learner(user.id)
    if tutor.name == "offline" or not ai.enabled:
        row.status, row.finished_at = "offline", utcnow()
        return None
    if user is not None and await ai_calls_today(session, user) >= ai.calls_per_day:
        row.status, row.finished_at = "quota", utcnow()
        return None
    bank = list(
        await session.execute(
            select(Exercise.kind, Exercise.prompt).where(Exercise.topic_id == topic.id)
        )
    )
    kinds = sorted({kind for kind, _ in bank}) or sorted(FULL_SENTENCE_KINDS | GERMAN_PROMPT_KINDS)
    brief = ExerciseBrief(
        topic_title=topic.title,
        level=level_of(topic),
        summary=topic.summary,
        explanation=topic.explanation,
        examples=tuple(e["de"] for e in topic.examples),
        known_prompts=tuple(prompt for _, prompt in bank),
        kinds=tuple(kinds),
        count=NEW_EXERCISES,
        item_schema=_item_schema(),
    )
    return _Work(
        generation_id=row.id,
        user_id=row.user_id,
        topic_slug=topic.slug,
        brief=brief,
        bank_keys={(kind, normalised_prompt(prompt)) for kind, prompt in bank},
        known=await known_words(session),
    )


def _item_schema() -> dict[str, Any]:
    schema = ExerciseContent.model_json_schema()
    schema["properties"].pop("slug", None)
    schema["required"] = [r for r in schema.get("required", []) if r != "slug"]
    return schema


async def _store(
    session: AsyncSession, work: _Work, checked: Checked, proposed: int
) -> ExerciseGeneration:
    row = await session.get(ExerciseGeneration, work.generation_id, with_for_update=True)
    assert row is not None
    topic = await topic_by_slug(session, work.topic_slug)
    for exercise in checked.accepted:
        session.add(
            Exercise(
                topic_id=topic.id,
                source="ai",
                generation_id=row.id,
                **exercise.model_dump(),
            )
        )
    row.status = "done"
    row.proposed = proposed
    row.stored = len(checked.accepted)
    row.rejected = len(checked.rejections)
    row.rejections = [r.model_dump() for r in checked.rejections]
    row.finished_at = utcnow()
    return row


async def _fail(db: Database, work: _Work, error: str, usage: list[Any]) -> None:
    async with db.unit_of_work() as session:
        await record_usage(session, work.user_id, None, usage, purpose=EXERCISES)
        row = await session.get(ExerciseGeneration, work.generation_id, with_for_update=True)
        if row is not None and row.status == "requested":
            row.status, row.error, row.finished_at = "failed", error[:500], utcnow()


async def generate_exercises(
    db: Database, generation_id: int, tutor: Tutor, ai: AiAccess
) -> GenerationView | None:
    """Run one requested generation: claim it, ask Claude once (outside any transaction),
    check every exercise, store the good ones and the reasons for the rest. Idempotent: a
    generation no longer "requested" is left alone."""
    async with db.unit_of_work() as session:
        work = await _claim(session, generation_id, tutor, ai)
        row = await session.get(ExerciseGeneration, generation_id)
        if work is None:
            if row is not None:
                topic = await session.get(GrammarTopic, row.topic_id)
                log.info("exercise generation %s: %s", generation_id, row.status)
                return generation_view(row, topic.slug if topic else "")
            return None
    try:
        batch = await tutor.generate_exercises(work.brief)
    except TutorUnavailable as exc:
        await _fail(db, work, str(exc), exc.usage)
        log.warning("exercise generation %s failed: %s", generation_id, exc)
        return None
    if batch.error is not None and not batch.items:
        await _fail(db, work, batch.error, batch.usage)
        log.warning("exercise generation %s failed: %s", generation_id, batch.error)
        return None
    speller = Speller(work.known)
    checked = await asyncio.to_thread(
        check_candidates, batch.items, generation_id, speller, work.bank_keys
    )
    async with db.unit_of_work() as session:
        await record_usage(session, work.user_id, None, batch.usage, purpose=EXERCISES)
        row = await _store(session, work, checked, len(batch.items))
        view = generation_view(row, work.topic_slug)
    reasons = Counter(r.reason.split(":", 1)[0] for r in checked.rejections)
    log.info(
        "exercise generation %s for %s: %d proposed, %d stored, %d rejected %s",
        generation_id,
        work.topic_slug,
        view.proposed,
        view.stored,
        view.rejected,
        dict(reasons),
    )
    return view
