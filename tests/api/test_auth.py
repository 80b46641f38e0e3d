from __future__ import annotations

import asyncio

import httpx
import jwt

from core.accounts.security import JWT_ALGORITHM
from tests.conftest import TEST_SECRET_KEY
from tests.helpers.learners import DEFAULT_PASSWORD, login, register_learner


async def test_register_login_refresh_me(api: httpx.AsyncClient) -> None:
    learner = await register_learner(api, "Anna@Example.org")
    me = await learner.get("/api/v1/users/me")
    assert me.status_code == 200
    body = me.json()
    assert body["email"] == "anna@example.org"
    assert body["cefr_level"] == "A1"
    assert body["has_web_login"] is True and body["telegram_linked"] is False

    refreshed = await api.post(
        "/api/v1/auth/refresh", json={"refresh_token": learner.refresh_token}
    )
    assert refreshed.status_code == 200
    pair = refreshed.json()
    assert pair["refresh_token"] != learner.refresh_token
    again = await api.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {pair['access_token']}"}
    )
    assert again.json()["id"] == learner.id


async def test_access_token_claims_are_fixed(api: httpx.AsyncClient) -> None:
    learner = await register_learner(api)
    claims = jwt.decode(learner.access_token, TEST_SECRET_KEY, algorithms=[JWT_ALGORITHM])
    assert claims["sub"] == str(learner.id)
    assert claims["typ"] == "access"
    assert claims["exp"] - claims["iat"] == 15 * 60


async def test_tokens_that_must_be_refused(api: httpx.AsyncClient) -> None:
    learner = await register_learner(api)
    forged_none = jwt.encode({"sub": str(learner.id)}, key=None, algorithm="none")
    no_exp = jwt.encode({"sub": str(learner.id), "typ": "access", "iat": 0}, TEST_SECRET_KEY)
    other_key = jwt.encode(
        {"sub": str(learner.id), "typ": "access", "iat": 0, "exp": 2**33}, "another-key" * 4
    )
    wrong_type = jwt.encode(
        {"sub": str(learner.id), "typ": "refresh", "iat": 0, "exp": 2**33}, TEST_SECRET_KEY
    )
    expired = jwt.encode(
        {"sub": str(learner.id), "typ": "access", "iat": 0, "exp": 1}, TEST_SECRET_KEY
    )
    for token in (forged_none, no_exp, other_key, wrong_type, expired, "garbage"):
        response = await api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token
        assert response.headers["WWW-Authenticate"] == "Bearer"
    assert (await api.get("/api/v1/users/me")).status_code == 401


async def test_duplicate_registration_and_bad_input(api: httpx.AsyncClient) -> None:
    await register_learner(api, "dup@example.org")
    again = await api.post(
        "/api/v1/auth/register", json={"email": "DUP@example.org", "password": DEFAULT_PASSWORD}
    )
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"
    short = await api.post(
        "/api/v1/auth/register", json={"email": "x@example.org", "password": "short"}
    )
    assert short.status_code == 422
    not_email = await api.post(
        "/api/v1/auth/register", json={"email": "not-an-email", "password": DEFAULT_PASSWORD}
    )
    assert not_email.status_code == 422


async def test_refresh_token_reuse_revokes_the_family(api: httpx.AsyncClient) -> None:
    learner = await register_learner(api)
    first = await api.post("/api/v1/auth/refresh", json={"refresh_token": learner.refresh_token})
    assert first.status_code == 200
    newer = first.json()["refresh_token"]
    # The old token shows up again: treat it as stolen and end the whole family.
    reused = await api.post("/api/v1/auth/refresh", json={"refresh_token": learner.refresh_token})
    assert reused.status_code == 401
    assert "already used" in reused.json()["detail"]
    after = await api.post("/api/v1/auth/refresh", json={"refresh_token": newer})
    assert after.status_code == 401
    # A fresh login starts a new family that works.
    fresh = await login(api, learner.email, learner.password)
    ok = await api.post(
        "/api/v1/auth/refresh", json={"refresh_token": fresh.json()["refresh_token"]}
    )
    assert ok.status_code == 200


async def test_logout_revokes_refresh(api: httpx.AsyncClient) -> None:
    learner = await register_learner(api)
    out = await api.post("/api/v1/auth/logout", json={"refresh_token": learner.refresh_token})
    assert out.status_code == 204
    refused = await api.post("/api/v1/auth/refresh", json={"refresh_token": learner.refresh_token})
    assert refused.status_code == 401


async def test_login_is_throttled_per_account_with_a_generic_error(api: httpx.AsyncClient) -> None:
    learner = await register_learner(api)
    unknown = await login(api, "nobody@example.org", "whatever-password")
    wrong = await login(api, learner.email, "wrong-password")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json()["detail"] == wrong.json()["detail"] == "Incorrect email or password."
    for _ in range(4):
        await login(api, learner.email, "wrong-password")
    blocked = await login(api, learner.email, learner.password)
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0


async def test_login_is_throttled_per_ip(api: httpx.AsyncClient) -> None:
    learner = await register_learner(api)
    attempts = [login(api, f"probe{i}@example.org", "wrong-password") for i in range(20)]
    results = await asyncio.gather(*attempts)
    assert all(r.status_code == 401 for r in results)
    blocked = await login(api, learner.email, learner.password)
    assert blocked.status_code == 429


async def test_profile_update_and_validation(api: httpx.AsyncClient) -> None:
    learner = await register_learner(api)
    changed = await learner.patch(
        "/api/v1/users/me",
        json={
            "display_name": "Anna",
            "cefr_level": "B1",
            "time_zone": "Pacific/Auckland",
            "daily_goal": 50,
            "reminder_time": "07:30",
            "reminders_enabled": False,
            "desired_retention": 0.85,
            "new_cards_per_day": 30,
        },
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["cefr_level"], body["time_zone"], body["reminder_time"]) == (
        "B1",
        "Pacific/Auckland",
        "07:30:00",
    )
    assert body["new_cards_per_day"] == 30
    for bad in (
        {"cefr_level": "D1"},
        {"time_zone": "Mars/Olympus"},
        {"daily_goal": 0},
        {"daily_goal": 30},
        {"desired_retention": 0.5},
        {"new_cards_per_day": -1},
        {"new_cards_per_day": 501},
        {"new_cards_per_day": "lots"},
        {"new_cards_per_day": None},
        {"reminder_time": "25:00"},
        {"unknown_field": 1},
        {"cefr_level": None},
    ):
        response = await learner.patch("/api/v1/users/me", json=bad)
        assert response.status_code == 422, (bad, response.text)
    unchanged = (await learner.get("/api/v1/users/me")).json()
    assert (unchanged["cefr_level"], unchanged["new_cards_per_day"]) == ("B1", 30)


async def test_health_reports_modes(api: httpx.AsyncClient) -> None:
    response = await api.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok" and body["redis"] == "ok"
    assert body["ai_mode"] == "offline" and body["telegram_mode"] == "off"


async def test_openapi_docs_are_served(api: httpx.AsyncClient) -> None:
    assert (await api.get("/docs")).status_code == 200
    spec = (await api.get("/api/v1/openapi.json")).json()
    assert "/api/v1/auth/login" in spec["paths"]
