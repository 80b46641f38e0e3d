from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import CurrentUser, SessionDep
from api.errors import error_responses
from core.constrained import RowId
from core.quizzes import answering, lifecycle
from core.quizzes.schemas import AnswerRequest, AnswerResult, QuizSummary, QuizView

router = APIRouter(
    prefix="/quizzes", tags=["quizzes"], responses=error_responses(400, 401, 404, 409, 413, 422)
)


@router.post("", response_model=QuizView, status_code=status.HTTP_201_CREATED)
async def start_quiz(user: CurrentUser, session: SessionDep) -> QuizView:
    """Start a 10-question quiz (meaning, article, plural) on words from your deck, topped up
    from the catalogue at your level. A quiz you had running is abandoned. The right options
    are not included; each answer reveals its own."""
    quiz, _ = await lifecycle.start_quiz(session, user)
    return quiz


@router.get("/current", response_model=QuizView)
async def current_quiz(user: CurrentUser, session: SessionDep) -> QuizView:
    """Your running quiz, to pick it up again (404 when none is running)."""
    return await lifecycle.current_quiz(session, user)


@router.get("/{quiz_id}", response_model=QuizView)
async def read_quiz(quiz_id: RowId, user: CurrentUser, session: SessionDep) -> QuizView:
    return await lifecycle.get_quiz(session, user, quiz_id)


@router.post("/{quiz_id}/answers", response_model=AnswerResult)
async def answer(
    quiz_id: RowId, body: AnswerRequest, user: CurrentUser, session: SessionDep
) -> AnswerResult:
    """Answer a question once, by index. An answer counts as an FSRS review (Good when right,
    Again when wrong) only if the word is in your deck and its matching card (meaning →
    recognition, article → article) is due now; otherwise it is practice. The last answer
    finishes the quiz. Answering twice or after the end: 409; no such question/option: 422."""
    return await answering.answer_question(
        session, user, quiz_id, question=body.question, choice=body.choice
    )


@router.post("/{quiz_id}/finish", response_model=QuizSummary)
async def finish(quiz_id: RowId, user: CurrentUser, session: SessionDep) -> QuizSummary:
    """End the quiz: the score, every question with its solution, and which answers were
    recorded as reviews. Finishing an already finished quiz returns the same summary."""
    return await lifecycle.finish_quiz(session, user, quiz_id)
