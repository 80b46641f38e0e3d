"""Input the database cannot hold or a learner cannot mean is refused at the edge with a 422
that says why (never a 500): NUL characters, lone surrogates, integers beyond BIGINT,
NaN/Infinity, time zones that are not places, times of day with a UTC offset. Every error
body has the declared ErrorBody shape."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest

from api.errors import ErrorBody
from core.accounts.security import ACCESS_TOKEN_TYPE, JWT_ALGORITHM
from core.constrained import BIGINT_MAX
from core.db import Database
from tests.conftest import TEST_SECRET_KEY
from tests.helpers.learners import Learner, register_learner

TOO_BIG = BIGINT_MAX + 1
V1 = "/api/v1"


def refused(response: httpx.Response, where: str) -> ErrorBody:
    """The response is a 422 in the declared shape, naming `where` among its issues."""
    assert response.status_code == 422, response.text
    body = ErrorBody.model_validate_json(response.content)
    assert body.code == "invalid"
    assert isinstance(body.detail, list), body
    assert any(where in [str(part) for part in issue.loc] for issue in body.detail), body
    return body


async def post_raw(learner: Learner, url: str, json_text: str) -> httpx.Response:
    """Send JSON text exactly as written, lone surrogate escapes and bare NaN included."""
    return await learner.post(
        url, content=json_text.encode(), headers={"Content-Type": "application/json"}
    )


async def test_nul_characters_are_refused_in_every_kind_of_string(
    api: httpx.AsyncClient, content: Database
) -> None:
    register = await api.post(
        f"{V1}/auth/register",
        json={"email": "nul@example.org", "password": "pass\x00word-long"},
    )
    refused(register, "password")
    named = await api.post(
        f"{V1}/auth/register",
        json={"email": "n@example.org", "password": "long-enough-1", "display_name": "A\x00"},
    )
    refused(named, "display_name")
    login = await api.post(
        f"{V1}/auth/login", data={"username": "a\x00@example.org", "password": "x"}
    )
    refused(login, "username")
    anna = await register_learner(api)
    cases: list[tuple[str, str, dict[str, Any], str]] = [
        ("POST", f"{V1}/vocabulary/lists", {"json": {"name": "Tiere\x00"}}, "name"),
        ("POST", f"{V1}/vocabulary/deck", {"json": {"text": "Hund\x00"}}, "text"),
        ("POST", f"{V1}/vocabulary/deck", {"json": {"slug": "hund\x00"}}, "slug"),
        ("POST", f"{V1}/vocabulary/deck", {"json": {"text": "Hund", "tags": ["a\x00"]}}, "tags"),
        ("PATCH", f"{V1}/users/me", {"json": {"time_zone": "Europe/Berlin\x00"}}, "time_zone"),
        ("POST", f"{V1}/conversations", {"json": {"scenario_slug": "cafe\x00"}}, "scenario_slug"),
        ("POST", f"{V1}/reviews", {"json": {"card_id": 1, "answer": "a\x00"}}, "answer"),
        ("GET", f"{V1}/vocabulary/catalogue", {"params": {"q": "Hund\x00"}}, "q"),
        ("GET", f"{V1}/vocabulary/deck", {"params": {"tag": "x\x00"}}, "tag"),
        ("GET", f"{V1}/vocabulary/catalogue/hund%00", {}, "slug"),
        ("POST", f"{V1}/vocabulary/deck/from-scenario/cafe%00", {}, "scenario_slug"),
    ]
    for method, url, kwargs, where in cases:
        refused(await anna.request(method, url, **kwargs), where)


async def test_integers_beyond_bigint_are_refused_in_paths_queries_and_bodies(
    api: httpx.AsyncClient, db: Database
) -> None:
    anna = await register_learner(api)
    cases: list[tuple[str, str, dict[str, Any], str]] = [
        ("GET", f"{V1}/vocabulary/deck/{TOO_BIG}", {}, "deck_word_id"),
        ("DELETE", f"{V1}/vocabulary/lists/{TOO_BIG}", {}, "list_id"),
        ("GET", f"{V1}/conversations/1/turns/{TOO_BIG}", {}, "turn_id"),
        ("POST", f"{V1}/conversations/1/turns/1/words/{TOO_BIG + 5}", {}, "index"),
        ("GET", f"{V1}/quizzes/{TOO_BIG}", {}, "quiz_id"),
        ("GET", f"{V1}/reminders/history/{TOO_BIG}", {}, "delivery_id"),
        ("GET", f"{V1}/vocabulary/deck", {"params": {"list_id": TOO_BIG}}, "list_id"),
        ("GET", f"{V1}/reviews/log", {"params": {"card_id": TOO_BIG}}, "card_id"),
        ("POST", f"{V1}/reviews", {"json": {"card_id": TOO_BIG, "rating": 3}}, "card_id"),
        ("POST", f"{V1}/vocabulary/deck", {"json": {"vocabulary_id": TOO_BIG}}, "vocabulary_id"),
        ("POST", f"{V1}/vocabulary/lists/1/words", {"json": {"deck_word_ids": [TOO_BIG]}}, "0"),
    ]
    for method, url, kwargs, where in cases:
        refused(await anna.request(method, url, **kwargs), where)
    # Ids that cannot name a row are refused too, not looked up.
    refused(await anna.get(f"{V1}/vocabulary/deck/0"), "deck_word_id")
    refused(await anna.post(f"{V1}/conversations/1/turns/1/words/-1"), "index")


async def test_a_signed_token_whose_subject_is_not_a_row_id_is_refused(
    api: httpx.AsyncClient, db: Database
) -> None:
    now = datetime.now(UTC)
    for subject in (str(TOO_BIG), "0", "-1", "1e3"):
        token = jwt.encode(
            {
                "sub": subject,
                "iat": now,
                "exp": now + timedelta(minutes=5),
                "typ": ACCESS_TOKEN_TYPE,
            },
            TEST_SECRET_KEY,
            algorithm=JWT_ALGORITHM,
        )
        response = await api.get(f"{V1}/users/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, (subject, response.text)
        assert ErrorBody.model_validate_json(response.content).code == "unauthorized"


async def test_lone_surrogates_and_non_finite_numbers_are_refused_and_encodable(
    api: httpx.AsyncClient, db: Database
) -> None:
    anna = await register_learner(api)
    surrogate = await post_raw(anna, f"{V1}/vocabulary/lists", '{"name": "Tiere\\ud800"}')
    body = refused(surrogate, "name")
    assert isinstance(body.detail, list)
    assert body.detail[0].input == "Tiere\\ud800"  # written out, not sent as broken UTF-8
    for number in ("NaN", "Infinity", "-Infinity"):
        response = await anna.request(
            "PATCH",
            f"{V1}/users/me",
            content=f'{{"desired_retention": {number}}}'.encode(),
            headers={"Content-Type": "application/json"},
        )
        refused(response, "desired_retention")
    quiz_answer = await post_raw(anna, f"{V1}/quizzes/1/answers", '{"question": NaN, "choice": 0}')
    refused(quiz_answer, "question")


@pytest.mark.parametrize("zone", ["localtime", "Factory", "posixrules", "Mars/Olympus", ""])
async def test_only_places_are_time_zones(api: httpx.AsyncClient, db: Database, zone: str) -> None:
    anna = await register_learner(api)
    refused(await anna.patch(f"{V1}/users/me", json={"time_zone": zone}), "time_zone")
    accepted = await anna.patch(f"{V1}/users/me", json={"time_zone": "America/Argentina/Salta"})
    assert accepted.status_code == 200 and accepted.json()["time_zone"] == "America/Argentina/Salta"


async def test_reminder_time_is_a_local_wall_clock_time_in_both_directions(
    api: httpx.AsyncClient, db: Database
) -> None:
    anna = await register_learner(api)
    for offset_time in ("07:30Z", "07:30:00+02:00"):
        response = await anna.patch(f"{V1}/users/me", json={"reminder_time": offset_time})
        refused(response, "reminder_time")
    patched = await anna.patch(f"{V1}/users/me", json={"reminder_time": "07:30"})
    assert patched.status_code == 200 and patched.json()["reminder_time"] == "07:30:00"
    document = (await api.get(f"{V1}/openapi.json")).json()
    profile = document["components"]["schemas"]["Profile"]["properties"]["reminder_time"]
    assert "format" not in profile and profile["pattern"].startswith("^")


async def test_every_error_answer_has_the_declared_shape(
    api: httpx.AsyncClient, db: Database
) -> None:
    anna = await register_learner(api)
    app_error = await anna.post(f"{V1}/quizzes/1/answers", json={"question": 0, "choice": 0})
    assert app_error.status_code == 404
    validation = await anna.post(f"{V1}/vocabulary/lists", json={})
    unknown_route = await anna.get(f"{V1}/no-such-thing")
    not_json = await anna.post(
        f"{V1}/vocabulary/lists", content=b"\xff", headers={"Content-Type": "application/json"}
    )
    for response in (app_error, validation, unknown_route, not_json):
        assert response.status_code in (400, 404, 422), response.text
        ErrorBody.model_validate_json(response.content)
    document = (await api.get(f"{V1}/openapi.json")).json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, declared in operation["responses"].items():
                if status.startswith(("4", "5")) and path != f"{V1}/health":
                    schema = declared["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (
                        method,
                        path,
                        status,
                    )
