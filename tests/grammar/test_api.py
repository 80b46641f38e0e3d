"""Grammar practice through the API: browse, a drill answered every way, "I was right",
finish and progress; another learner's drill is 404; bad input is 4xx, never 500."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from core.db import Database
from core.grammar.schemas import TYPED_KINDS
from core.models import Exercise
from tests.helpers.learners import register_learner

TOPIC = "subordinate-clauses-weil-dass-wenn"
BASE = "/api/v1/grammar"


async def _exercise(content: Database, exercise_id: int) -> Exercise:
    async with content.unit_of_work() as session:
        exercise = await session.scalar(select(Exercise).where(Exercise.id == exercise_id))
        assert exercise is not None
        return exercise


def _right_answer(exercise: Exercise) -> dict[str, object]:
    if exercise.kind == "multiple_choice":
        return {"choice": (exercise.options or []).index(exercise.answer)}
    if exercise.kind == "word_order":
        tokens = list(exercise.tokens or [])
        order: list[int] = []
        for word in exercise.answer.rstrip(".!?").split():
            order.append(next(i for i, t in enumerate(tokens) if t == word and i not in order))
        return {"tokens": order}
    return {"text": exercise.answer}


async def test_browse_drill_and_progress_through_the_api(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna = await register_learner(api)
    listing = await anna.get(f"{BASE}/topics", params={"level": "A2"})
    assert listing.status_code == 200, listing.text
    slugs = [t["slug"] for t in listing.json()["topics"]]
    assert TOPIC in slugs and all(t["level"] == "A2" for t in listing.json()["topics"])
    page = (await anna.get(f"{BASE}/topics/{TOPIC}")).json()
    assert page["explanation"] and page["examples"] and page["mastery"] is None

    drill = await anna.post(f"{BASE}/sessions", json={"source": "topic", "topic": TOPIC})
    assert drill.status_code == 201, drill.text
    view = drill.json()
    assert (await anna.get(f"{BASE}/sessions/current")).json()["id"] == view["id"]
    url = f"{BASE}/sessions/{view['id']}"
    claimed_once = False
    while view["stage"] != "done":
        exercise = await _exercise(content, view["current"]["id"])
        body: dict[str, object] = _right_answer(exercise)
        wrong_on_purpose = not claimed_once and exercise.kind in TYPED_KINDS
        if wrong_on_purpose:
            body = {"text": "Ganz falsch."}
        answered = await anna.post(f"{url}/answers", json={**body, "version": view["version"]})
        assert answered.status_code == 200, answered.text
        feedback = answered.json()["feedback"]
        if wrong_on_purpose:
            assert feedback["verdict"] == "wrong" and feedback["claimable"]
            claimed = await anna.post(f"{url}/claim", json={})
            assert claimed.json()["feedback"]["claimed"], claimed.text
            twice = await anna.post(f"{url}/answers", json=body)
            assert twice.status_code == 409, twice.text
        else:
            assert feedback["correct"], (exercise.slug, feedback)
        claimed_once = claimed_once or wrong_on_purpose
        view = (await anna.post(f"{url}/next", json={})).json()
    assert claimed_once
    assert view["status"] == "finished" and view["right"] == view["total"] == 10
    assert view["results"][0]["slug"] == TOPIC and view["results"][0]["rating"] == 4
    progress = (await anna.get(f"{BASE}/progress")).json()
    assert [p["slug"] for p in progress] == [TOPIC] and progress[0]["mastery"] > 0
    assert (await anna.post(f"{url}/finish")).status_code == 200  # finishing twice is fine
    assert (await anna.post(f"{url}/next", json={})).status_code == 409
    assert (await anna.get(f"{BASE}/weak-areas")).json() == []


async def test_another_learner_and_bad_input(api: httpx.AsyncClient, content: Database) -> None:
    anna, ben = await register_learner(api), await register_learner(api)
    view = (await anna.post(f"{BASE}/sessions", json={"topic": TOPIC})).json()
    url = f"{BASE}/sessions/{view['id']}"
    for method, path, body in (
        ("GET", url, None),
        ("POST", f"{url}/answers", {"text": "dass"}),
        ("POST", f"{url}/claim", {}),
        ("POST", f"{url}/next", {}),
        ("POST", f"{url}/finish", None),
    ):
        assert (await ben.request(method, path, json=body)).status_code == 404, path
    assert (await ben.get(f"{BASE}/sessions/current")).status_code == 404

    exercise = await _exercise(content, view["current"]["id"])
    wrong_shape = {"tokens": [0]} if exercise.kind == "multiple_choice" else {"choice": 0}
    bad = [
        ("POST", f"{BASE}/sessions", {"source": "topic"}, 422),
        ("POST", f"{BASE}/sessions", {"source": "due"}, 422),
        ("POST", f"{BASE}/sessions", {"source": "weak"}, 422),
        ("POST", f"{BASE}/sessions", {"source": "nonsense"}, 422),
        ("POST", f"{BASE}/sessions", {"topic": "x" * 81}, 422),
        ("POST", f"{BASE}/sessions", {"topic": "no-such-topic"}, 404),
        ("GET", f"{BASE}/topics/no-such-topic", None, 404),
        ("GET", f"{BASE}/topics?level=Z9", None, 422),
        ("POST", f"{url}/answers", {"text": "x" * 501}, 422),
        ("POST", f"{url}/answers", {"choice": -1}, 422),
        ("POST", f"{url}/answers", {"tokens": list(range(61))}, 422),
        ("POST", f"{url}/answers", wrong_shape, 422),
        ("POST", f"{url}/answers", {"version": view["version"] + 5, "text": "x"}, 409),
        ("POST", f"{url}/claim", {}, 409),
        ("GET", f"{BASE}/sessions/abc", None, 422),
    ]
    for method, path, body, expected in bad:
        response = await anna.request(method, path, json=body)
        assert response.status_code == expected, (method, path, body, response.text)
    assert (await anna.get(url)).json()["answered"] == 0


async def _wrong_answer(content: Database, item: dict[str, Any]) -> dict[str, Any]:
    """An answer that is surely wrong (choice 0 is right now and then: options keep their
    order from the content, so a fixed choice would make a flaky test)."""
    if item["kind"] != "multiple_choice":
        return {"text": "?"}
    async with content.unit_of_work() as session:
        exercise = await session.get(Exercise, item["id"])
    assert exercise is not None and exercise.options
    right = {exercise.answer, *exercise.accepted_answers}
    return {"choice": next(i for i, o in enumerate(exercise.options) if o not in right)}


async def test_placement_through_the_api(api: httpx.AsyncClient, content: Database) -> None:
    anna, ben = await register_learner(api), await register_learner(api)
    test = await anna.post(f"{BASE}/placement")
    assert test.status_code == 201, test.text
    view = test.json()
    url = f"{BASE}/placement/{view['id']}"
    assert (await ben.get(url)).status_code == 404
    assert (await ben.post(f"{url}/answers", json={"choice": 0})).status_code == 404
    wrong_shape = {"text": "x"} if view["current"]["kind"] == "multiple_choice" else {"choice": 0}
    assert (await anna.post(f"{url}/answers", json=wrong_shape)).status_code == 422
    while view["current"] is not None:  # a learner who knows nothing: always a wrong answer
        body = await _wrong_answer(content, view["current"])
        answered = await anna.post(f"{url}/answers", json=body)
        assert answered.status_code == 200, answered.text
        view = answered.json()
    assert view["result"]["level"] in ("A1", "A2") and view["result"]["items_used"] <= 20
    me = (await anna.get("/api/v1/users/me")).json()
    assert me["cefr_level"] == view["result"]["level"]
    assert (await anna.post(f"{url}/answers", json={"choice": 0})).status_code == 409
