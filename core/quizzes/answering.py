"""Answering a quiz question, once, from a button or the API.

An answer counts as an FSRS review only where FSRS allows it: the word is in the deck, the
question matches one of its cards (meaning → recognition, article → article) and that card
is due now. Everything else is practice and leaves the schedule alone; so is a plural question,
even when the learner has a typed plural card (why: `core.quizzes.building.CARD_KIND`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.errors import Conflict, Invalid
from core.models import StudySession, User
from core.progress.xp import XpReason, award, question_source
from core.quizzes.building import CARD_KIND
from core.quizzes.lifecycle import KIND
from core.quizzes.schemas import AnswerResult, QuizView, RecordedReview
from core.quizzes.views import answer_result, quiz_view, stored_questions
from core.quizzes.words import reviewable_card
from core.reviews.scheduling import Rating
from core.reviews.service import review
from core.study import sessions
from core.study.sessions import Stale


def _checked_question(study: StudySession, question: int, choice: int) -> dict[str, Any]:
    questions = stored_questions(study)
    if not 0 <= question < len(questions):
        raise Invalid(f"There is no question {question}: this quiz has 0 to {len(questions) - 1}.")
    asked = questions[question]
    if asked["choice"] is not None:
        raise Conflict("You already answered this question.")
    if not 0 <= choice < len(asked["options"]):
        raise Invalid(f"Choose one of the options 0 to {len(asked['options']) - 1}.")
    return asked


async def _record_review(
    session: AsyncSession,
    user: User,
    index: int,
    question: dict[str, Any],
    choice: int,
    now: datetime,
) -> RecordedReview | None:
    """Review the word's card if FSRS allows it now (see the module docstring)."""
    card_kind = CARD_KIND.get(question["kind"])
    card = await reviewable_card(session, user, question["card_id"], now) if card_kind else None
    if card is None or card_kind is None:
        return None
    correct = choice == question["correct"]
    if card_kind == "article":
        answer = question["options"][choice]
        result = await review(session, user, card.id, answer=answer, source="quiz", now=now)
    else:
        rating = int(Rating.GOOD if correct else Rating.AGAIN)
        result = await review(session, user, card.id, rating=rating, source="quiz", now=now)
    return RecordedReview(
        question=index,
        card_id=card.id,
        review_id=result.review_id,
        card_kind=card_kind,
        lemma=question["lemma"],
        rating=result.rating,
        due_at=result.due_at,
        leech=result.leech,
    )


@dataclass(frozen=True)
class AnsweredQuiz:
    """A button's answer: its verdict, and the whole quiz when that answer finished it."""

    result: AnswerResult
    final: QuizView | None


async def answer_press(
    session: AsyncSession,
    user: User,
    quiz_id: int,
    version: int,
    *,
    question: int,
    choice: int,
    now: datetime | None = None,
) -> AnsweredQuiz | Stale:
    """An answer from a button of the quiz at `version`; Stale when that button is old."""
    study = await sessions.load_for_press(session, user, KIND, quiz_id, version)
    if isinstance(study, Stale):
        return study
    result = await _record_answer(session, user, study, question, choice, now or utcnow())
    return AnsweredQuiz(result, quiz_view(study) if result.finished else None)


async def answer_question(
    session: AsyncSession,
    user: User,
    quiz_id: int,
    *,
    question: int,
    choice: int,
    version: int | None = None,
    now: datetime | None = None,
) -> AnswerResult:
    """Answer one question once. `version` refuses an answer given to an older state of the
    quiz. The last answer finishes the quiz."""
    study = await sessions.load_for_press(session, user, KIND, quiz_id, version)
    return await _record_answer(
        session, user, sessions.unless_stale(study), question, choice, now or utcnow()
    )


async def _record_answer(
    session: AsyncSession,
    user: User,
    study: StudySession,
    question: int,
    choice: int,
    now: datetime,
) -> AnswerResult:
    _checked_question(study, question, choice)
    payload = sessions.editable_payload(study)
    asked = payload["questions"][question]
    recorded = await _record_review(session, user, question, asked, choice, now)
    if recorded is None:  # practice; an answer that reviewed a card paid as that review
        source = question_source(study.id, question)
        await award(session, user.id, XpReason.QUIZ_ANSWER, source)
    asked.update(
        choice=choice,
        is_correct=choice == asked["correct"],
        answered_at=now.isoformat(),
        review=recorded.model_dump(mode="json") if recorded else None,
    )
    sessions.save(study, payload)
    if all(q["choice"] is not None for q in payload["questions"]):
        sessions.finish(study, now)
    return answer_result(study, question, recorded)
