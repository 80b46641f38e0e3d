"""The end of a drill: each topic it practised gets its FSRS rating from the answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.grammar import mastery
from core.grammar.drills.view import Payload
from core.grammar.generation import when_bank_seen
from core.models import GrammarTopic, StudySession, User
from core.study import sessions


async def finish_drill(
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
    await when_bank_seen(session, user, tally, now)
    payload["results"] = results
    payload["stage"] = "done"
    sessions.save(study, payload)
    sessions.finish(study, now)
