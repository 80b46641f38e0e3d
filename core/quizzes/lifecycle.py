"""Multiple-choice quizzes: 10 questions on meaning, article and plural, kept in a study
session from start to finish."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.errors import Invalid, NotFound
from core.models import User
from core.quizzes.building import build_questions
from core.quizzes.schemas import QuizSummary, QuizView
from core.quizzes.views import quiz_summary, quiz_view
from core.study import sessions

KIND: Final = "quiz"


async def start_quiz(
    session: AsyncSession,
    user: User,
    *,
    after: int | None = None,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> tuple[QuizView, bool]:
    """A new quiz (any quiz still running is abandoned); (quiz, True).

    `after` makes a "New quiz" button idempotent: if a quiz newer than that one is already
    running (the button was pressed twice), that quiz is returned as (quiz, False).
    """
    now = now or utcnow()
    if after is not None:
        running = await sessions.active(session, user, KIND)
        if running is not None and running.id > after:
            return quiz_view(running), False
    questions = await build_questions(session, user, now, rng or random.Random())
    if not questions:
        raise Invalid("There are no words to quiz you on yet. Add a few words first!")
    study = await sessions.start(session, user, KIND, {"questions": questions}, now)
    return quiz_view(study), True


async def get_quiz(session: AsyncSession, user: User, quiz_id: int) -> QuizView:
    return quiz_view(await sessions.load(session, user, KIND, quiz_id))


async def current_quiz(session: AsyncSession, user: User) -> QuizView:
    study = await sessions.active(session, user, KIND)
    if study is None:
        raise NotFound("You have no quiz running. Start one!")
    return quiz_view(study)


async def finish_quiz(
    session: AsyncSession, user: User, quiz_id: int, *, now: datetime | None = None
) -> QuizSummary:
    """End the quiz (unanswered questions count as not right); finishing twice is harmless."""
    study = await sessions.load(session, user, KIND, quiz_id, lock=True)
    sessions.unless_stale(sessions.check(study, None, finished_ok=True))
    if study.status == "active":
        sessions.finish(study, now or utcnow())
    return quiz_summary(study)
