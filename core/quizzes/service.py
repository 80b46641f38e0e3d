"""Multiple-choice quizzes: 10 questions on meaning, article and plural.

Words come from the learner's deck first (words with a due card before the rest), topped up
from the catalogue at their level. An answer counts as an FSRS review only where FSRS allows
it: the word is in the deck, the question matches one of its cards (meaning → recognition,
article → article; plurals have no card) and that card is due now. Everything else is
practice and leaves the schedule alone.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.errors import Conflict, Invalid, NotFound
from core.german import ARTICLES, OPEN_WORD_CLASSES
from core.models import StudySession, User
from core.quizzes.distractors import meaning_distractors
from core.quizzes.plurals import plural_distractors
from core.quizzes.schemas import (
    AnswerResult,
    CardKind,
    QuizQuestion,
    QuizSummary,
    QuizView,
    RecordedReview,
)
from core.quizzes.words import PoolWord, catalogue_pool, deck_pool, reviewable_card
from core.reviews.scheduling import Rating
from core.reviews.service import review
from core.study import sessions
from core.study.sessions import Stale

KIND: Final = "quiz"
QUIZ_SIZE = 10
INSTRUCTIONS = {
    "meaning": "What does it mean?",
    "article": "der, die or das?",
    "plural": "What is the plural?",
}
# The card a question type exercises; a plural question has none, so it is always practice.
CARD_KIND: dict[str, CardKind] = {"meaning": "recognition", "article": "article"}


def question_kinds(word: PoolWord) -> list[str]:
    kinds = ["meaning"] if word.translations else []
    if word.has_article:
        kinds.append("article")
        if word.plural:
            kinds.append("plural")
    return kinds


def _choose_kind(word: PoolWord, used: Counter[str], rng: random.Random) -> str:
    """A due card's own question first (so the answer can count); otherwise the type asked
    least so far, for a mixed quiz."""
    eligible = question_kinds(word)
    due = [kind for kind in eligible if CARD_KIND.get(kind) in word.due_kinds]
    pool = due or eligible
    fewest = min(used[kind] for kind in pool)
    return rng.choice([kind for kind in pool if used[kind] == fewest])


async def _pick_words(session: AsyncSession, user: User, now: datetime) -> list[PoolWord]:
    deck = await deck_pool(
        session, user, now, limit=QUIZ_SIZE * 3, due_kinds=list(CARD_KIND.values())
    )
    words = [word for word in deck if question_kinds(word)][:QUIZ_SIZE]
    if len(words) < QUIZ_SIZE:
        lemmas = {(w.lemma, w.pos) for w in words}
        extra = await catalogue_pool(
            session,
            user,
            limit=QUIZ_SIZE * 2,
            exclude_item_ids=[w.vocabulary_item_id for w in words if w.vocabulary_item_id],
            # Words with a clear meaning to ask about and enough siblings of the same level and
            # part of speech to make good distractors (not "doch", "mal").
            parts_of_speech=OPEN_WORD_CLASSES,
        )
        words += [w for w in extra if (w.lemma, w.pos) not in lemmas][: QUIZ_SIZE - len(words)]
    return words


def _solution(word: PoolWord, kind: str) -> str:
    if kind == "meaning":
        return f"{word.german} = {', '.join(word.translations[:3])}"
    if kind == "plural":
        return f"{word.german} → die {word.plural}"
    return word.german


async def _options(
    session: AsyncSession, word: PoolWord, kind: str, rng: random.Random
) -> tuple[list[str], int, list[int | None] | None]:
    """(options, index of the right one, catalogue ids behind meaning options)."""
    if kind == "article":
        assert word.article is not None
        return list(ARTICLES), ARTICLES.index(word.article), None
    if kind == "plural":
        assert word.plural is not None
        wrong = plural_distractors(word.lemma, word.plural, rng)
        labelled: list[tuple[str, int | None]] = [(word.plural, None)]
        labelled += [(form, None) for form in wrong]
    else:
        distractors = await meaning_distractors(session, word)
        labelled = [(word.translations[0], word.vocabulary_item_id)]
        labelled += [(d.label, d.vocabulary_item_id) for d in distractors]
    right = labelled[0][0]
    rng.shuffle(labelled)
    options = [label for label, _ in labelled]
    item_ids = [item_id for _, item_id in labelled] if kind == "meaning" else None
    return options, options.index(right), item_ids


async def _question(
    session: AsyncSession, word: PoolWord, kind: str, rng: random.Random
) -> dict[str, Any]:
    options, correct, item_ids = await _options(session, word, kind, rng)
    card_kind = CARD_KIND.get(kind)
    return {
        "kind": kind,
        "prompt": word.lemma if kind == "article" else word.german,
        "lemma": word.lemma,
        "level": word.level,
        "pos": word.pos,
        "options": options,
        "correct": correct,
        "solution": _solution(word, kind),
        "option_item_ids": item_ids,
        "deck_word_id": word.deck_word_id,
        "vocabulary_item_id": word.vocabulary_item_id,
        "card_id": word.card_ids.get(card_kind) if card_kind else None,
        "choice": None,
        "is_correct": None,
        "answered_at": None,
        "review": None,
    }


async def _build_questions(
    session: AsyncSession, user: User, now: datetime, rng: random.Random
) -> list[dict[str, Any]]:
    words = await _pick_words(session, user, now)
    rng.shuffle(words)
    used: Counter[str] = Counter()
    questions = []
    for word in words:
        kind = _choose_kind(word, used, rng)
        used[kind] += 1
        questions.append(await _question(session, word, kind, rng))
    return questions


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


def _questions(study: StudySession) -> list[dict[str, Any]]:
    questions: list[dict[str, Any]] = study.payload["questions"]
    return questions


def _score(study: StudySession) -> tuple[int, int]:
    """(right answers, answers) so far."""
    questions = _questions(study)
    return (
        sum(1 for q in questions if q["is_correct"]),
        sum(1 for q in questions if q["choice"] is not None),
    )


def _current(study: StudySession) -> int | None:
    if study.status != "active":
        return None
    return next((i for i, q in enumerate(_questions(study)) if q["choice"] is None), None)


def quiz_view(study: StudySession) -> QuizView:
    score, answered = _score(study)
    reveal = study.status != "active"
    return QuizView(
        id=study.id,
        status=sessions.status_of(study),
        version=study.version,
        total=len(_questions(study)),
        answered=answered,
        score=score,
        current=_current(study),
        questions=[_question_view(i, q, reveal) for i, q in enumerate(_questions(study))],
        created_at=study.created_at,
        finished_at=study.finished_at,
    )


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
    questions = await _build_questions(session, user, now, rng or random.Random())
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


def _checked_question(study: StudySession, question: int, choice: int) -> dict[str, Any]:
    questions = _questions(study)
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
    asked.update(
        choice=choice,
        is_correct=choice == asked["correct"],
        answered_at=now.isoformat(),
        review=recorded.model_dump(mode="json") if recorded else None,
    )
    sessions.save(study, payload)
    if all(q["choice"] is not None for q in payload["questions"]):
        sessions.finish(study, now)
    return _answer_result(study, question, recorded)


def _answer_result(
    study: StudySession, index: int, recorded: RecordedReview | None
) -> AnswerResult:
    asked = _questions(study)[index]
    score, answered = _score(study)
    current = _current(study)
    return AnswerResult(
        question=index,
        choice=asked["choice"],
        correct=asked["is_correct"],
        correct_choice=asked["correct"],
        correct_option=asked["options"][asked["correct"]],
        solution=asked["solution"],
        counted_as_review=recorded is not None,
        review=recorded,
        score=score,
        answered=answered,
        total=len(_questions(study)),
        finished=study.status == "finished",
        version=study.version,
        next_question=(
            _question_view(current, _questions(study)[current], False)
            if current is not None
            else None
        ),
    )


def quiz_summary(study: StudySession) -> QuizSummary:
    score, answered = _score(study)
    questions = _questions(study)
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


async def finish_quiz(
    session: AsyncSession, user: User, quiz_id: int, *, now: datetime | None = None
) -> QuizSummary:
    """End the quiz (unanswered questions count as not right); finishing twice is harmless."""
    study = await sessions.load(session, user, KIND, quiz_id, lock=True)
    sessions.unless_stale(sessions.check(study, None, finished_ok=True))
    if study.status == "active":
        sessions.finish(study, now or utcnow())
    return quiz_summary(study)
