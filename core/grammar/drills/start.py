"""Starting a drill: which topics it practises (one, the due ones, the weak areas, the one
behind the last conversation's mistakes) and its items."""

from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.errors import Invalid
from core.grammar import mastery, selection
from core.grammar.catalogue import topic_by_slug
from core.grammar.drills.view import KIND, Payload, drill_view
from core.grammar.schemas import DrillSource, DrillView
from core.grammar.weak import last_conversation_topic, weak_areas
from core.models import Exercise, User
from core.study import sessions

DUE_TITLE = "Due topics"
WEAK_TITLE = "Weak areas"


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
