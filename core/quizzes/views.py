"""What the learner sees of a quiz stored in a study session: the quiz, a question, the
verdict on an answer and the summary at the end. Right options stay hidden until answered."""

from __future__ import annotations

from typing import Any

from core.german_text import split_article
from core.models import StudySession
from core.quizzes.plurals import plural_reason
from core.quizzes.schemas import AnswerResult, QuizQuestion, QuizSummary, QuizView, RecordedReview
from core.study import sessions

INSTRUCTIONS = {
    "meaning": "What does it mean?",
    "article": "der, die or das?",
    "plural": "What is the plural?",
}


def _question_view(index: int, question: dict[str, Any], reveal: bool) -> QuizQuestion:
    answered = question["choice"] is not None
    shown = answered or reveal
    return QuizQuestion(
        index=index,
        kind=question["kind"],
        prompt=question["prompt"],
        instruction=INSTRUCTIONS[question["kind"]],
        options=question["options"],
        choice=question["choice"],
        correct=question["is_correct"],
        correct_choice=question["correct"] if shown else None,
        solution=question["solution"] if shown else None,
        counted_as_review=question["review"] is not None,
    )


def stored_questions(study: StudySession) -> list[dict[str, Any]]:
    questions: list[dict[str, Any]] = study.payload["questions"]
    return questions


def _score(study: StudySession) -> tuple[int, int]:
    """(right answers, answers) so far."""
    questions = stored_questions(study)
    return (
        sum(1 for q in questions if q["is_correct"]),
        sum(1 for q in questions if q["choice"] is not None),
    )


def _current(study: StudySession) -> int | None:
    if study.status != "active":
        return None
    return next((i for i, q in enumerate(stored_questions(study)) if q["choice"] is None), None)


def quiz_view(study: StudySession) -> QuizView:
    score, answered = _score(study)
    reveal = study.status != "active"
    return QuizView(
        id=study.id,
        status=sessions.status_of(study),
        version=study.version,
        total=len(stored_questions(study)),
        answered=answered,
        score=score,
        current=_current(study),
        questions=[_question_view(i, q, reveal) for i, q in enumerate(stored_questions(study))],
        created_at=study.created_at,
        finished_at=study.finished_at,
    )


def answer_result(study: StudySession, index: int, recorded: RecordedReview | None) -> AnswerResult:
    asked = stored_questions(study)[index]
    score, answered = _score(study)
    current = _current(study)
    return AnswerResult(
        question=index,
        choice=asked["choice"],
        correct=asked["is_correct"],
        correct_choice=asked["correct"],
        correct_option=asked["options"][asked["correct"]],
        solution=asked["solution"],
        reason=_reason(asked),
        counted_as_review=recorded is not None,
        review=recorded,
        score=score,
        answered=answered,
        total=len(stored_questions(study)),
        finished=study.status == "finished",
        version=study.version,
        next_question=(
            _question_view(current, stored_questions(study)[current], False)
            if current is not None
            else None
        ),
    )


def _reason(asked: dict[str, Any]) -> str | None:
    if asked["kind"] != "plural" or asked["is_correct"]:
        return None
    _, singular = split_article(asked["prompt"])
    return plural_reason(singular, asked["options"][asked["correct"]])


def quiz_summary(study: StudySession) -> QuizSummary:
    score, answered = _score(study)
    questions = stored_questions(study)
    return QuizSummary(
        id=study.id,
        status=sessions.status_of(study),
        score=score,
        answered=answered,
        total=len(questions),
        reviews=[RecordedReview.model_validate(q["review"]) for q in questions if q["review"]],
        questions=[_question_view(i, q, True) for i, q in enumerate(questions)],
        finished_at=study.finished_at,
    )
