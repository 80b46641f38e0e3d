"""Cookie mode for browser clients (X-Auth-Mode: cookie): the refresh token lives only in an
HttpOnly, SameSite=Strict cookie scoped to /api/v1/auth, the body holds only the access token;
JSON mode (the refresh token in the body) is unchanged for every other client."""

from __future__ import annotations

import httpx

from core.accounts.service import create_link_code
from core.db import Database
from core.models import User
from core.settings import Settings
from tests.helpers.api import api_client
from tests.helpers.learners import DEFAULT_PASSWORD, register_learner

COOKIE = {"X-Auth-Mode": "cookie"}
AUTH = "/api/v1/auth"


def _set_cookie(response: httpx.Response, name: str = "tutor_refresh") -> str:
    headers = [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    assert len(headers) == 1, response.headers.get_list("set-cookie")
    return headers[0]


async def _cookie_login(api: httpx.AsyncClient, email: str) -> httpx.Response:
    return await api.post(
        f"{AUTH}/login", data={"username": email, "password": DEFAULT_PASSWORD}, headers=COOKIE
    )


async def test_login_sets_an_httponly_strict_cookie_and_no_refresh_token_in_the_body(
    api: httpx.AsyncClient,
) -> None:
    learner = await register_learner(api)
    api.cookies.clear()
    response = await _cookie_login(api, learner.email)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    cookie = _set_cookie(response)
    assert cookie.startswith("tutor_refresh=")
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/api/v1/auth"} <= attributes
    assert "secure" not in attributes, "plain http (tests): a Secure cookie would never return"
    me = await api.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.json()["id"] == learner.id


async def test_the_cookie_is_secure_over_https(api: httpx.AsyncClient) -> None:
    learner = await register_learner(api)
    response = await api.post(
        f"https://testserver{AUTH}/login",
        data={"username": learner.email, "password": DEFAULT_PASSWORD},
        headers=COOKIE,
    )
    assert response.status_code == 200, response.text
    assert "secure" in {part.strip().lower() for part in _set_cookie(response).split(";")}


async def test_the_cookie_is_secure_behind_a_trusted_tls_proxy_only(
    settings: Settings, db: Database
) -> None:
    behind_proxy = settings.model_copy(update={"forwarded_allow_ips": "127.0.0.1"})
    for app_settings, secure in ((behind_proxy, True), (settings, False)):
        async with api_client(app_settings) as client:
            learner = await register_learner(client)
            response = await client.post(
                f"{AUTH}/login",
                data={"username": learner.email, "password": DEFAULT_PASSWORD},
                headers={**COOKIE, "X-Forwarded-Proto": "https"},
            )
            attributes = {part.strip().lower() for part in _set_cookie(response).split(";")}
            assert ("secure" in attributes) is secure


async def test_refresh_rotates_the_cookie_and_reuse_clears_it(api: httpx.AsyncClient) -> None:
    learner = await register_learner(api)
    api.cookies.clear()
    await _cookie_login(api, learner.email)
    first_cookie = api.cookies["tutor_refresh"]

    refreshed = await api.post(f"{AUTH}/refresh", headers=COOKIE)
    assert refreshed.status_code == 200, refreshed.text
    assert set(refreshed.json()) == {"access_token", "token_type", "expires_in"}
    second_cookie = api.cookies["tutor_refresh"]
    assert second_cookie != first_cookie

    # The old cookie again (a stolen copy): refused, the cookie cleared, the family revoked.
    reused = await api.post(
        f"{AUTH}/refresh", headers={**COOKIE, "Cookie": f"tutor_refresh={first_cookie}"}
    )
    assert reused.status_code == 401
    assert "already used" in reused.json()["detail"]
    cleared = _set_cookie(reused)
    assert cleared.startswith('tutor_refresh=""') or cleared.startswith("tutor_refresh=;")
    assert "max-age=0" in cleared.lower()
    assert "path=/api/v1/auth" in cleared.lower()
    after = await api.post(
        f"{AUTH}/refresh", headers={**COOKIE, "Cookie": f"tutor_refresh={second_cookie}"}
    )
    assert after.status_code == 401, "the whole family is revoked"


async def test_refresh_without_a_cookie_is_401_not_422(api: httpx.AsyncClient) -> None:
    api.cookies.clear()
    response = await api.post(f"{AUTH}/refresh", headers=COOKIE)
    assert response.status_code == 401
    assert response.json()["detail"] == "Not signed in (no refresh cookie)."


async def test_cookie_mode_ignores_a_body_token_and_json_mode_ignores_the_cookie(
    api: httpx.AsyncClient,
) -> None:
    learner = await register_learner(api)
    api.cookies.clear()
    # Cookie mode reads only the cookie: a token in the body does not count.
    in_body = await api.post(
        f"{AUTH}/refresh", json={"refresh_token": learner.refresh_token}, headers=COOKIE
    )
    assert in_body.status_code == 401
    # JSON mode reads only the body: a cookie alone (what a cross-site form could make the
    # browser send) is refused, so the custom header is the CSRF guard.
    await _cookie_login(api, learner.email)
    cookie_only = await api.post(f"{AUTH}/refresh")
    assert cookie_only.status_code == 422
    assert "X-Auth-Mode" in cookie_only.json()["detail"]


async def test_logout_in_cookie_mode_revokes_and_clears(api: httpx.AsyncClient) -> None:
    learner = await register_learner(api)
    api.cookies.clear()
    await _cookie_login(api, learner.email)
    token = api.cookies["tutor_refresh"]
    out = await api.post(f"{AUTH}/logout", headers=COOKIE)
    assert out.status_code == 204
    assert "max-age=0" in _set_cookie(out).lower()
    refused = await api.post(
        f"{AUTH}/refresh", headers={**COOKIE, "Cookie": f"tutor_refresh={token}"}
    )
    assert refused.status_code == 401
    # Signing out twice (or with no cookie) is fine.
    assert (await api.post(f"{AUTH}/logout", headers=COOKIE)).status_code == 204


async def test_json_mode_is_unchanged(api: httpx.AsyncClient) -> None:
    learner = await register_learner(api)
    assert learner.refresh_token, "JSON mode login still returns the refresh token"
    refreshed = await api.post(f"{AUTH}/refresh", json={"refresh_token": learner.refresh_token})
    assert refreshed.status_code == 200
    assert "refresh_token" in refreshed.json()
    assert "set-cookie" not in refreshed.headers
    out = await api.post(
        f"{AUTH}/logout", json={"refresh_token": refreshed.json()["refresh_token"]}
    )
    assert out.status_code == 204 and "set-cookie" not in out.headers


async def test_password_change_in_cookie_mode_sets_the_new_cookie(api: httpx.AsyncClient) -> None:
    learner = await register_learner(api)
    api.cookies.clear()
    changed = await api.post(
        f"{AUTH}/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "Neues-Passwort-99"},
        headers={**COOKIE, **learner.headers},
    )
    assert changed.status_code == 200, changed.text
    assert "refresh_token" not in changed.json()
    assert (await api.post(f"{AUTH}/refresh", headers=COOKIE)).status_code == 200


async def test_claim_in_cookie_mode_sets_the_cookie(api: httpx.AsyncClient, db: Database) -> None:
    async with db.unit_of_work() as session:
        tom = User(telegram_user_id=5151, display_name="Tom")
        session.add(tom)
        await session.flush()
        code, _ = await create_link_code(session, tom, "web", 900)
    api.cookies.clear()
    claimed = await api.post(
        f"{AUTH}/claim",
        json={"code": code, "email": "tom@example.org", "password": DEFAULT_PASSWORD},
        headers=COOKIE,
    )
    assert claimed.status_code == 200, claimed.text
    assert "refresh_token" not in claimed.json()
    assert _set_cookie(claimed).startswith("tutor_refresh=")
    assert (await api.post(f"{AUTH}/refresh", headers=COOKIE)).status_code == 200


async def test_bad_input(api: httpx.AsyncClient) -> None:
    unknown_mode = await api.post(
        f"{AUTH}/refresh", json={"refresh_token": "x"}, headers={"X-Auth-Mode": "session"}
    )
    assert unknown_mode.status_code == 422
    assert unknown_mode.json()["detail"][0]["loc"] == ["header", "X-Auth-Mode"]
    no_body = await api.post(f"{AUTH}/logout")
    assert no_body.status_code == 422
    huge_cookie = await api.post(
        f"{AUTH}/refresh", headers={**COOKIE, "Cookie": "tutor_refresh=" + "a" * 5000}
    )
    assert huge_cookie.status_code == 422
    assert len(huge_cookie.text) < 2000, "the refusal does not echo the large input"
    wrong_password = await api.post(
        f"{AUTH}/login", data={"username": "nobody@example.org", "password": "x"}, headers=COOKIE
    )
    assert wrong_password.status_code == 401 and "set-cookie" not in wrong_password.headers


async def test_a_readable_hint_cookie_says_a_session_exists_and_goes_with_it(
    api: httpx.AsyncClient,
) -> None:
    """The page cannot see the HttpOnly cookie; `tutor_session=1` (no secret) tells it that a
    silent refresh is worth asking for. It is set and cleared with the refresh cookie."""
    await register_learner(api, email="hint@example.org")
    api.cookies.clear()
    logged_in = await _cookie_login(api, "hint@example.org")
    assert logged_in.status_code == 200, logged_in.text
    hint = _set_cookie(logged_in, "tutor_session").lower()
    assert hint.startswith("tutor_session=1;")
    assert "path=/;" in hint + ";" and "samesite=strict" in hint and "httponly" not in hint
    out = await api.post(f"{AUTH}/logout", headers=COOKIE)
    assert out.status_code == 204
    cleared = _set_cookie(out, "tutor_session").lower()
    assert 'tutor_session="";' in cleared or "max-age=0" in cleared, cleared
