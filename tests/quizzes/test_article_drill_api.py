"""The article drill over the REST API: a whole round with verdicts that teach (rule and
translation), a due card answered as a review, the XP in the summary, isolation and bad
input."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from core.db import Database
from core.models import StudySession, User, XpEntry
from tests.helpers.learners import assert_cannot_touch, register_learner
from tests.quizzes.helpers import add_word, make_due

DRILLS = "/api/v1/article-drills"


async def test_a_whole_round_over_the_api(api: httpx.AsyncClient, content: Database) -> None:
    learner = await register_learner(api, cefr_level="A1")
    started = await learner.post(DRILLS)
    assert started.status_code == 201, started.text
    drill = started.json()
    assert drill["position"] == 0 and drill["total"] == 15 and drill["current"]
    assert drill["last"] is None and drill["due_cards"] == 0
    assert (await learner.get(f"{DRILLS}/current")).json()["id"] == drill["id"]

    right = 0
    for position in range(drill["total"]):
        noun = drill["current"]
        answered = await learner.post(
            f"{DRILLS}/{drill['id']}/answers", json={"article": "die", "version": drill["version"]}
        )
        assert answered.status_code == 200, answered.text
        drill = answered.json()
        verdict = drill["last"]
        assert verdict["lemma"] == noun and verdict["chosen"] == "die"
        assert verdict["correct"] == (verdict["article"] == "die")
        assert verdict["translation"], verdict  # catalogue nouns carry their meaning
        assert verdict["counted_as_review"] is False
        right += verdict["correct"]
        assert drill["position"] == position + 1 and drill["right"] == right
    assert drill["status"] == "finished" and drill["current"] is None

    summary = await learner.post(f"{DRILLS}/{drill['id']}/finish")
    assert summary.status_code == 200, summary.text
    body = summary.json()
    assert (body["answered"], body["right"], body["wrong"]) == (15, right, 15 - right)
    assert len(body["verdicts"]) == 15 and body["reviews"] == 0
    assert len(body["mistakes"]) == 15 - right
    async with content.unit_of_work() as session:
        paid = await session.scalar(
            select(func.sum(XpEntry.amount)).where(
                XpEntry.user_id == learner.id, XpEntry.reason == "article_answer"
            )
        )
    assert body["xp"] == paid == 15, "one XP per practice answer, as the ledger paid"
    assert (await learner.post(f"{DRILLS}/{drill['id']}/finish")).json() == body
    assert (await learner.get(f"{DRILLS}/current")).status_code == 404


async def test_a_due_card_is_reviewed_and_the_verdict_teaches_the_rule(
    api: httpx.AsyncClient, content: Database
) -> None:
    learner = await register_learner(api)
    async with content.unit_of_work() as session:
        user = await session.get(User, learner.id)
        assert user is not None
        cards = await add_word(session, user, "zeitung-noun")
        await make_due(session, user, cards["article"])
    drill = (await learner.post(DRILLS)).json()
    assert drill["due_cards"] == 1 and drill["current"] == "Zeitung", "due cards come first"
    wrong = (await learner.post(f"{DRILLS}/{drill['id']}/answers", json={"article": "der"})).json()
    verdict = wrong["last"]
    assert (verdict["correct"], verdict["article"], verdict["counted_as_review"]) == (
        False,
        "die",
        True,
    )
    assert verdict["rule"].startswith("Nouns ending in -ung are die")
    assert verdict["translation"] == "newspaper"
    newest = (await learner.get("/api/v1/reviews/log")).json()[0]
    assert (newest["card_id"], newest["source"], newest["answer"]) == (
        cards["article"].id,
        "articles",
        "der",
    )
    summary = (await learner.post(f"{DRILLS}/{drill['id']}/finish")).json()
    assert (summary["answered"], summary["reviews"], summary["xp"]) == (1, 1, 2)
    assert summary["mistakes"] == ["die Zeitung"] and summary["status"] == "finished"


async def test_another_learner_cannot_read_answer_or_finish_my_drill(
    api: httpx.AsyncClient, content: Database
) -> None:
    anna, ben = await register_learner(api), await register_learner(api)
    drill = (await anna.post(DRILLS)).json()
    url = f"{DRILLS}/{drill['id']}"
    await assert_cannot_touch(
        ben,
        [
            ("GET", url, None),
            ("POST", f"{url}/answers", {"article": "das"}),
            ("POST", f"{url}/finish", None),
        ],
    )
    assert (await ben.get(f"{DRILLS}/current")).status_code == 404
    async with content.unit_of_work() as session:
        study = await session.get(StudySession, drill["id"])
        assert study is not None and (study.version, study.status) == (0, "active")
    assert (await anna.get(url)).json()["position"] == 0
    assert (await api.get(url)).status_code == 401


async def test_bad_input_is_a_clear_4xx(api: httpx.AsyncClient, content: Database) -> None:
    learner = await register_learner(api)
    drill = (await learner.post(DRILLS)).json()
    answers = f"{DRILLS}/{drill['id']}/answers"
    for body in ({"article": "den"}, {"article": ""}, {}, {"article": "der", "version": -1}):
        response = await learner.post(answers, json=body)
        assert response.status_code == 422, (body, response.text)
    first = await learner.post(answers, json={"article": "der", "version": drill["version"]})
    assert first.status_code == 200
    again = await learner.post(answers, json={"article": "der", "version": drill["version"]})
    assert again.status_code == 409 and "moved on" in again.json()["detail"]
    assert (await learner.post(f"{DRILLS}/{drill['id']}/finish")).status_code == 200
    late = await learner.post(answers, json={"article": "das"})
    assert late.status_code == 409 and "over" in late.json()["detail"]
    assert (await learner.get(f"{DRILLS}/999999")).status_code == 404
    assert (await learner.get(f"{DRILLS}/abc")).status_code == 422
    replaced = (await learner.post(DRILLS)).json()
    await learner.post(DRILLS)
    stale = await learner.post(f"{DRILLS}/{replaced['id']}/answers", json={"article": "die"})
    assert stale.status_code == 409 and "replaced" in stale.json()["detail"]
