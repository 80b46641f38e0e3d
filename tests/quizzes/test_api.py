"""Quizzes over the REST API: a whole quiz, evidence rules, isolation and bad input."""

from __future__ import annotations

from datetime import datetime

import httpx
from sqlalchemy import select

from core.db import Database
from core.models import Card, StudySession, User
from tests.helpers.learners import assert_cannot_touch, register_learner
from tests.quizzes.helpers import add_word, make_due

QUIZZES = "/api/v1/quizzes"


async def test_a_whole_quiz_over_the_api(api: httpx.AsyncClient, content: Database) -> None:
    learner = await register_learner(api, cefr_level="A2")
    started = await learner.post(QUIZZES)
    assert started.status_code == 201, started.text
    quiz = started.json()
    assert quiz["total"] == 10 and quiz["answered"] == 0 and quiz["current"] == 0
    for question in quiz["questions"]:
        assert question["correct_choice"] is None and question["solution"] is None
        assert question["instruction"] and len(question["options"]) in (3, 4)
    assert (await learner.get(f"{QUIZZES}/current")).json()["id"] == quiz["id"]

    score = 0
    for index in range(10):
        answered = await learner.post(
            f"{QUIZZES}/{quiz['id']}/answers", json={"question": index, "choice": 0}
        )
        assert answered.status_code == 200, answered.text
        result = answered.json()
        score += result["correct"]
        assert result["correct"] == (result["correct_choice"] == 0)
        assert (
            result["correct_option"]
            == quiz["questions"][index]["options"][result["correct_choice"]]
        )
        assert result["counted_as_review"] is False, "catalogue words are practice only"
        assert result["finished"] == (index == 9)
        if index < 9:
            assert result["next_question"]["index"] == index + 1
    assert result["score"] == score and result["next_question"] is None

    shown = (await learner.get(f"{QUIZZES}/{quiz['id']}")).json()
    assert shown["status"] == "finished" and shown["score"] == score and shown["current"] is None
    assert all(q["correct_choice"] is not None for q in shown["questions"])
    summary = await learner.post(f"{QUIZZES}/{quiz['id']}/finish")
    assert summary.status_code == 200
    assert summary.json()["score"] == score and summary.json()["reviews"] == []
    assert (await learner.get(f"{QUIZZES}/current")).status_code == 404


async def test_a_due_card_answered_over_the_api_is_a_review(
    api: httpx.AsyncClient, content: Database
) -> None:
    learner = await register_learner(api)
    async with content.unit_of_work() as session:
        user = await session.get(User, learner.id)
        assert user is not None
        cards = await add_word(session, user, "haus-noun")
        await make_due(session, user, cards["article"])
    quiz = (await learner.post(QUIZZES)).json()
    index = next(q["index"] for q in quiz["questions"] if q["prompt"] == "Haus")
    das = quiz["questions"][index]["options"].index("das")
    result = (
        await learner.post(
            f"{QUIZZES}/{quiz['id']}/answers", json={"question": index, "choice": das}
        )
    ).json()
    assert result["correct"] and result["counted_as_review"]
    assert result["review"]["rating"] == 3 and result["review"]["card_id"] == cards["article"].id
    newest = (await learner.get("/api/v1/reviews/log")).json()[0]
    assert (newest["card_id"], newest["source"], newest["answer"]) == (
        cards["article"].id,
        "quiz",
        "das",
    )
    async with content.unit_of_work() as session:
        card = await session.get(Card, cards["article"].id)
        assert card is not None
        assert card.due_at == datetime.fromisoformat(result["review"]["due_at"])
    summary = (await learner.post(f"{QUIZZES}/{quiz['id']}/finish")).json()
    assert [r["question"] for r in summary["reviews"]] == [index]


async def test_another_learner_cannot_read_or_answer_my_quiz(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    ben = await register_learner(api)
    quiz = (await anna.post(QUIZZES)).json()
    url = f"{QUIZZES}/{quiz['id']}"
    await assert_cannot_touch(
        ben,
        [
            ("GET", url, None),
            ("POST", f"{url}/answers", {"question": 0, "choice": 0}),
            ("POST", f"{url}/finish", None),
        ],
    )
    async with content.unit_of_work() as session:
        study = await session.scalar(select(StudySession).where(StudySession.id == quiz["id"]))
        assert study is not None and study.version == 0 and study.status == "active"
    assert (await anna.get(url)).json()["answered"] == 0
    assert (await api.get(url)).status_code == 401


async def test_bad_input_is_a_clear_4xx(api: httpx.AsyncClient, content: Database) -> None:
    learner = await register_learner(api)
    quiz = (await learner.post(QUIZZES)).json()
    answers = f"{QUIZZES}/{quiz['id']}/answers"
    for body, status in (
        ({"question": 0, "choice": 9}, 422),
        ({"question": 42, "choice": 0}, 422),
        ({"question": -1, "choice": 0}, 422),
        ({"question": 0, "choice": "der"}, 422),
        ({"question": 0}, 422),
    ):
        response = await learner.post(answers, json=body)
        assert response.status_code == status, (body, response.text)
    assert (
        "option"
        in (await learner.post(answers, json={"question": 0, "choice": 9})).json()["detail"]
    )
    assert (await learner.post(answers, json={"question": 0, "choice": 1})).status_code == 200
    twice = await learner.post(answers, json={"question": 0, "choice": 2})
    assert twice.status_code == 409 and twice.json()["code"] == "conflict"
    assert (await learner.post(f"{QUIZZES}/{quiz['id']}/finish")).status_code == 200
    late = await learner.post(answers, json={"question": 1, "choice": 0})
    assert late.status_code == 409 and "over" in late.json()["detail"]
    assert (await learner.get(f"{QUIZZES}/999999")).status_code == 404
    assert (await learner.get(f"{QUIZZES}/abc")).status_code == 422

    replaced = (await learner.post(QUIZZES)).json()
    await learner.post(QUIZZES)
    stale = await learner.post(
        f"{QUIZZES}/{replaced['id']}/answers", json={"question": 0, "choice": 0}
    )
    assert stale.status_code == 409 and "replaced" in stale.json()["detail"]
