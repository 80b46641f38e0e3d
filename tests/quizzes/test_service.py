"""Quizzes in core: which words, which distractors, and when an answer is an FSRS review."""

from __future__ import annotations

import asyncio
import random

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database
from core.errors import Conflict, Invalid, NotFound
from core.models import Card, DeckWord, ReviewLog, StudySession, VocabularyItem
from core.quizzes import answering, building, lifecycle
from core.vocabulary.card_choices import set_learner_card_kinds
from core.vocabulary.deck import set_suspended
from tests.quizzes.helpers import add_word, make_due, make_learner, make_not_due

HOUSE = "haus-noun"  # das Haus, die Häuser


async def _quiz_logs(session: AsyncSession, card_id: int) -> list[ReviewLog]:
    logs = await session.scalars(
        select(ReviewLog).where(ReviewLog.card_id == card_id, ReviewLog.source == "quiz")
    )
    return list(logs.all())


async def test_deck_words_come_first_and_the_catalogue_tops_up(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session, "A2")
        for slug in (HOUSE, "tisch-noun", "brot-noun"):
            await add_word(session, user, slug)
        quiz, created = await lifecycle.start_quiz(session, user, rng=random.Random(7))
        study = await session.get(StudySession, quiz.id)
        assert study is not None
        questions = study.payload["questions"]

    assert created and quiz.status == "active" and quiz.total == building.QUIZ_SIZE
    from_deck = [q for q in questions if q["deck_word_id"] is not None]
    assert sorted(q["lemma"] for q in from_deck) == ["Brot", "Haus", "Tisch"]
    topped_up = [q for q in questions if q["deck_word_id"] is None]
    assert len(topped_up) == 7 and all(q["level"] == "A2" for q in topped_up)
    assert len({(q["lemma"], q["pos"]) for q in questions}) == 10, "no word asked twice"
    # The client sees the questions, not the answers.
    assert all(q.correct_choice is None and q.solution is None for q in quiz.questions)
    assert {q.kind for q in quiz.questions} <= {"meaning", "article", "plural"}


async def test_distractors_are_distinct_and_of_the_same_level_and_part_of_speech(
    content: Database,
) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session, "B1")
        meaning_questions: list[dict[str, object]] = []
        for seed in range(6):
            quiz, _ = await lifecycle.start_quiz(session, user, rng=random.Random(seed))
            study = await session.get(StudySession, quiz.id)
            assert study is not None
            for question in study.payload["questions"]:
                options = question["options"]
                assert len(options) == len({o.casefold() for o in options}), options
                correct = options[question["correct"]]
                if question["kind"] == "article":
                    assert options == ["der", "die", "das"]
                elif question["kind"] == "plural":
                    assert len(options) == 4
                    item = await session.get(VocabularyItem, question["vocabulary_item_id"])
                    assert item is not None and correct == item.plural
                    assert options.count(item.plural) == 1
                else:
                    assert len(options) == 4
                    meaning_questions.append(question)
        assert meaning_questions
        for question in meaning_questions:
            ids = question["option_item_ids"]
            assert isinstance(ids, list) and isinstance(question["correct"], int)
            items = [await session.get(VocabularyItem, item_id) for item_id in ids]
            asked = items[question["correct"]]
            assert asked is not None
            right_meanings = {t.casefold() for t in asked.translations}
            for item in items:
                assert item is not None
                assert (item.level, item.pos) == (asked.level, asked.pos), question
                if item is not asked:  # no distractor shares a meaning with the right answer
                    assert not right_meanings & {t.casefold() for t in item.translations}


async def test_a_due_article_card_answered_in_a_quiz_is_reviewed(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session)
        cards = await add_word(session, user, HOUSE)
        await make_due(session, user, cards["article"])
        due_before = cards["article"].due_at
        quiz, _ = await lifecycle.start_quiz(session, user)
        study = await session.get(StudySession, quiz.id)
        assert study is not None
        index, question = next(
            (i, q) for i, q in enumerate(study.payload["questions"]) if q["lemma"] == "Haus"
        )
        # A due card's own question is asked, so that the answer can count.
        assert question["kind"] == "article" and question["card_id"] == cards["article"].id
        wrong = next(i for i in range(3) if i != question["correct"])
        result = await answering.answer_question(
            session, user, quiz.id, question=index, choice=wrong
        )
        assert not result.correct and result.counted_as_review and result.review is not None
        assert result.review.rating == 1 and result.review.card_kind == "article"
        assert result.solution == "das Haus"
        logs = await _quiz_logs(session, cards["article"].id)
        assert [(log.rating, log.answer, log.verdict) for log in logs] == [
            (1, ["der", "die", "das"][wrong], "wrong")
        ]
        await session.refresh(cards["article"])
        assert cards["article"].due_at != due_before and cards["article"].lapses >= 0

        summary = await lifecycle.finish_quiz(session, user, quiz.id)
        assert [r.card_id for r in summary.reviews] == [cards["article"].id]
        assert summary.status == "finished" and summary.answered == 1


async def test_a_plural_question_leaves_a_due_typed_plural_card_alone(
    content: Database,
) -> None:
    """The quiz's plural is picked among four; the typed plural card asks to write it. A
    correct pick is practice, not that card's review (building.CARD_KIND says why)."""
    async with content.unit_of_work() as session:
        user = await make_learner(session)
        await set_learner_card_kinds(session, user, ["plural"])
        cards = await add_word(session, user, HOUSE)
        await make_due(session, user, cards["plural"])
        before = (cards["plural"].due_at, cards["plural"].reps)
        for _ in range(40):  # the question's type is drawn at random: draw until plural
            quiz, _ = await lifecycle.start_quiz(session, user)
            study = await session.get(StudySession, quiz.id)
            assert study is not None
            index, question = next(
                (i, q) for i, q in enumerate(study.payload["questions"]) if q["lemma"] == "Haus"
            )
            if question["kind"] == "plural":
                break
        assert question["kind"] == "plural"
        result = await answering.answer_question(
            session, user, quiz.id, question=index, choice=question["correct"]
        )
        assert result.correct and not result.counted_as_review and result.review is None
        assert await _quiz_logs(session, cards["plural"].id) == []
        await session.refresh(cards["plural"])
        assert (cards["plural"].due_at, cards["plural"].reps) == before


async def test_cards_not_due_or_new_are_practice_only(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session)
        house = await add_word(session, user, HOUSE)  # learned, nothing due
        due_at = {kind: await make_not_due(session, user, card) for kind, card in house.items()}
        new = await add_word(session, user, "tisch-noun")  # new cards: not learned yet
        quiz, _ = await lifecycle.start_quiz(session, user)
        study = await session.get(StudySession, quiz.id)
        assert study is not None
        for index, question in enumerate(study.payload["questions"]):
            if question["lemma"] in ("Haus", "Tisch"):
                result = await answering.answer_question(
                    session, user, quiz.id, question=index, choice=question["correct"]
                )
                assert result.correct and not result.counted_as_review
        quiz_logs = await session.scalar(
            select(func.count()).select_from(ReviewLog).where(ReviewLog.source == "quiz")
        )
        assert quiz_logs == 0
        for kind, card in house.items():
            await session.refresh(card)
            assert card.due_at == due_at[kind]
        for card in new.values():
            await session.refresh(card)
            assert card.reps == 0


async def test_plural_questions_never_count_and_suspended_words_are_skipped(
    content: Database,
) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session)
        cards = await add_word(session, user, HOUSE)
        for card in cards.values():
            await make_due(session, user, card)
        suspended = await add_word(session, user, "tisch-noun")
        for card in suspended.values():
            await make_due(session, user, card)
        word = await session.get(DeckWord, suspended["article"].deck_word_id)
        assert word is not None
        await set_suspended(session, word, True)
        quiz, _ = await lifecycle.start_quiz(session, user)
        study = await session.get(StudySession, quiz.id)
        assert study is not None
        lemmas = [q["lemma"] for q in study.payload["questions"] if q["deck_word_id"]]
        assert lemmas == ["Haus"]


async def test_bad_answers_are_clear_errors(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session)
        quiz, _ = await lifecycle.start_quiz(session, user)
    async with content.unit_of_work() as session:
        user = await session.merge(user)
        with pytest.raises(Invalid):
            await answering.answer_question(session, user, quiz.id, question=0, choice=9)
        with pytest.raises(Invalid):
            await answering.answer_question(session, user, quiz.id, question=42, choice=0)
        with pytest.raises(NotFound):
            await answering.answer_question(session, user, quiz.id + 99, question=0, choice=0)
        await answering.answer_question(session, user, quiz.id, question=0, choice=0)
        with pytest.raises(Conflict, match="already answered"):
            await answering.answer_question(session, user, quiz.id, question=0, choice=1)
        with pytest.raises(Conflict, match="out of date"):
            await answering.answer_question(session, user, quiz.id, question=1, choice=0, version=0)
        summary = await lifecycle.finish_quiz(session, user, quiz.id)
        assert summary.answered == 1 and summary.status == "finished"
        assert all(q.correct_choice is not None for q in summary.questions)
        again = await lifecycle.finish_quiz(session, user, quiz.id)
        assert again == summary, "finishing twice changes nothing"
        with pytest.raises(Conflict, match="already over"):
            await answering.answer_question(session, user, quiz.id, question=1, choice=0)


async def test_a_new_quiz_replaces_the_running_one(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session)
        first, _ = await lifecycle.start_quiz(session, user)
        second, created = await lifecycle.start_quiz(session, user)
        assert created and second.id != first.id
        with pytest.raises(Conflict, match="replaced"):
            await answering.answer_question(session, user, first.id, question=0, choice=0)
        # A "New quiz" button pressed twice: the second press gets the quiz the first made.
        same, created = await lifecycle.start_quiz(session, user, after=first.id)
        assert not created and same.id == second.id
        assert (await lifecycle.current_quiz(session, user)).id == second.id


async def test_two_answers_racing_for_one_question_count_once(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session)
        cards = await add_word(session, user, HOUSE)
        await make_due(session, user, cards["article"])
        quiz, _ = await lifecycle.start_quiz(session, user)
        study = await session.get(StudySession, quiz.id)
        assert study is not None
        index = next(i for i, q in enumerate(study.payload["questions"]) if q["lemma"] == "Haus")

    async def press() -> bool:
        try:
            async with content.unit_of_work() as session:
                learner = await session.merge(user)
                await answering.answer_question(
                    session, learner, quiz.id, question=index, choice=0, version=0
                )
            return True
        except Conflict:
            return False

    outcomes = await asyncio.gather(*(press() for _ in range(4)))
    assert sorted(outcomes) == [False, False, False, True]
    async with content.unit_of_work() as session:
        assert len(await _quiz_logs(session, cards["article"].id)) == 1
        card = await session.get(Card, cards["article"].id)
        assert card is not None and card.reps == 2
