"""Each activity pays its documented XP once, under its documented source id."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from core.db import Database
from core.models import XpEntry
from core.progress.xp import XP_AMOUNTS, XpReason, question_source
from tests.grammar.test_api import BASE, TOPIC, _exercise, _right_answer, _wrong_answer
from tests.helpers.learners import register_learner


async def _ledger(db: Database, user_id: int) -> list[tuple[str, int, int]]:
    async with db.unit_of_work() as session:
        rows = await session.execute(
            select(XpEntry.reason, XpEntry.source_id, XpEntry.amount)
            .where(XpEntry.user_id == user_id)
            .order_by(XpEntry.id)
        )
        return [(reason, source, amount) for reason, source, amount in rows.all()]


async def test_quiz_grammar_and_placement_pay(api: httpx.AsyncClient, content: Database) -> None:
    anna = await register_learner(api, cefr_level="A2")
    quiz = (await anna.post("/api/v1/quizzes")).json()
    answers = f"/api/v1/quizzes/{quiz['id']}/answers"
    for index in range(2):
        assert (await anna.post(answers, json={"question": index, "choice": 0})).status_code == 200
    again = await anna.post(answers, json={"question": 1, "choice": 1})
    assert again.status_code == 409  # answered already: nothing paid twice
    quiz_xp = XP_AMOUNTS[XpReason.QUIZ_ANSWER]
    assert await _ledger(content, anna.id) == [
        ("quiz_answer", question_source(quiz["id"], 0), quiz_xp),
        ("quiz_answer", question_source(quiz["id"], 1), quiz_xp),
    ]

    drill = (await anna.post(f"{BASE}/sessions", json={"source": "topic", "topic": TOPIC})).json()
    exercise = await _exercise(content, drill["current"]["id"])
    url = f"{BASE}/sessions/{drill['id']}/answers"
    assert (await anna.post(url, json=_right_answer(exercise))).status_code == 200
    grammar = (await _ledger(content, anna.id))[-1]
    assert grammar[0] == "grammar_answer" and grammar[2] == XP_AMOUNTS[XpReason.GRAMMAR_ANSWER]

    view = (await anna.post(f"{BASE}/placement")).json()
    while view["current"] is not None:
        body = await _wrong_answer(content, view["current"])
        view = (await anna.post(f"{BASE}/placement/{view['id']}/answers", json=body)).json()
    assert (await _ledger(content, anna.id))[-1] == (
        "placement_finished",
        view["id"],
        XP_AMOUNTS[XpReason.PLACEMENT_FINISHED],
    )
    progress = (await anna.get("/api/v1/progress")).json()
    assert progress["total_xp"] == 2 * quiz_xp + 3 + 15
