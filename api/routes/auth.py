from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Cookie, Form, Header, Request, Response, status
from pydantic import BaseModel, StringConstraints

from api.deps import CurrentUserReleased, ResourcesDep, SessionDep, client_ip, client_scheme
from api.errors import app_error_handler, error_responses
from core.accounts import service
from core.accounts.mini_app import sign_in_from_mini_app
from core.accounts.passwords import change_password, request_password_reset, reset_password
from core.accounts.schemas import (
    AccessToken,
    CredentialsClaim,
    MiniAppSignIn,
    PasswordChange,
    PasswordReset,
    PasswordResetRequest,
    Profile,
    Registration,
    TokenPair,
)
from core.constrained import Storable
from core.errors import Invalid, Unauthorized

router = APIRouter(
    prefix="/auth", tags=["auth"], responses=error_responses(400, 401, 403, 409, 413, 422, 429)
)


REFRESH_COOKIE = "tutor_refresh"
REFRESH_COOKIE_PATH = "/api/v1/auth"
# Readable by the page and holding no secret: it tells the web client that a refresh cookie
# may exist, so a first visit does not ask for a refresh that can only be refused.
SESSION_HINT_COOKIE = "tutor_session"
COOKIE_MODE_HELP = (
    "`cookie` for a browser client: the refresh token travels in the HttpOnly cookie "
    f"`{REFRESH_COOKIE}` (SameSite=Strict, Path={REFRESH_COOKIE_PATH}, Secure over HTTPS, "
    "including behind a trusted proxy's X-Forwarded-Proto) and the body holds only the "
    "access token (a readable `tutor_session=1` cookie, Path=/, only says that one was set); "
    "/auth/refresh and /auth/logout then read the "
    "cookie and need no body. A cross-site form cannot send this header, which is what makes "
    "the cookie safe from CSRF. Without it: JSON mode, the refresh token in the body."
)
AuthMode = Annotated[
    Literal["cookie"] | None,
    Header(alias="X-Auth-Mode", description=COOKIE_MODE_HELP),
]
RefreshCookie = Annotated[
    str | None,
    Cookie(alias=REFRESH_COOKIE, max_length=200, description="Cookie mode's refresh token."),
]


def _tokens_for(
    mode: str | None, pair: TokenPair, request: Request, response: Response, ttl_days: int
) -> TokenPair | AccessToken:
    """The pair as the client asked for it: whole (JSON mode), or the refresh token set as
    the cookie and only the access token in the body (cookie mode)."""
    if mode != "cookie":
        return pair
    response.set_cookie(
        REFRESH_COOKIE,
        pair.refresh_token,
        max_age=ttl_days * 24 * 3600,
        path=REFRESH_COOKIE_PATH,
        secure=client_scheme(request) == "https",
        httponly=True,
        samesite="strict",
    )
    response.set_cookie(
        SESSION_HINT_COOKIE,
        "1",
        max_age=ttl_days * 24 * 3600,
        path="/",
        secure=client_scheme(request) == "https",
        samesite="strict",
    )
    return AccessToken(access_token=pair.access_token, expires_in=pair.expires_in)


def _clear_cookie(response: Response, request: Request) -> None:
    secure = client_scheme(request) == "https"
    response.delete_cookie(
        REFRESH_COOKIE, path=REFRESH_COOKIE_PATH, secure=secure, httponly=True, samesite="strict"
    )
    response.delete_cookie(SESSION_HINT_COOKIE, path="/", secure=secure, samesite="strict")


def _presented_token(
    mode: str | None, body: RefreshRequest | None, cookie: str | None
) -> str | None:
    """The refresh token of a refresh or logout: the cookie's in cookie mode, else the body's
    (which JSON mode requires)."""
    if mode == "cookie":
        return cookie
    if body is None:
        raise Invalid(
            'Send {"refresh_token": ...} as JSON, or the header X-Auth-Mode: cookie with the '
            "refresh cookie."
        )
    return body.refresh_token


class RefreshRequest(BaseModel):
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=200), Storable]


class PasswordLogin(BaseModel):
    """The OAuth2 password flow's form, so Swagger's Authorize works; `username` is the email."""

    grant_type: Annotated[str, StringConstraints(pattern="^password$")] | None = None
    username: Annotated[str, StringConstraints(max_length=320), Storable]
    password: Annotated[str, StringConstraints(max_length=1024), Storable]


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=Profile)
async def register(
    body: Registration, request: Request, session: SessionDep, resources: ResourcesDep
) -> Profile:
    """Create a web account. Log in afterwards to get tokens.

    An email that is already registered gets 409; registrations are limited per client
    address (429 with Retry-After), which keeps probing for registered emails slow.
    """
    await resources.throttle.registration_attempt(client_ip(request))
    user = await service.register(session, body.email, body.password, body.display_name)
    return service.to_profile(user)


@router.post("/login", response_model=TokenPair | AccessToken)
async def login(
    form: Annotated[PasswordLogin, Form()],
    request: Request,
    response: Response,
    resources: ResourcesDep,
    mode: AuthMode = None,
) -> TokenPair | AccessToken:
    """OAuth2 password flow (the `username` field is the email), so Swagger's Authorize works.
    With `X-Auth-Mode: cookie` the refresh token is set as a cookie instead."""
    pair = await service.log_in(
        resources.db,
        resources.throttle,
        resources.token_policy,
        form.username,
        form.password,
        client_ip(request),
    )
    return _tokens_for(mode, pair, request, response, resources.token_policy.refresh_ttl_days)


@router.post("/refresh", response_model=TokenPair | AccessToken)
async def refresh(
    request: Request,
    response: Response,
    session: SessionDep,
    resources: ResourcesDep,
    body: RefreshRequest | None = None,
    mode: AuthMode = None,
    cookie: RefreshCookie = None,
) -> TokenPair | AccessToken | Response:
    """Rotate a refresh token. Presenting an already-used token revokes its whole family.
    Cookie mode reads the token from the cookie (no body) and clears it when refused."""
    token = _presented_token(mode, body, cookie)
    pair, refusal = (
        await service.rotate_refresh_token(session, token, resources.token_policy)
        if token
        else (None, "Not signed in (no refresh cookie).")
    )
    if pair is None:
        # Commit first: a reuse detection has just revoked the family.
        await session.commit()
        if mode != "cookie":
            raise Unauthorized(refusal)
        refused = await app_error_handler(request, Unauthorized(refusal))
        _clear_cookie(refused, request)
        return refused
    return _tokens_for(mode, pair, request, response, resources.token_policy.refresh_ttl_days)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(
    request: Request,
    session: SessionDep,
    body: RefreshRequest | None = None,
    mode: AuthMode = None,
    cookie: RefreshCookie = None,
) -> Response:
    """Revoke the refresh token's family; access tokens expire on their own shortly. Cookie
    mode reads the token from the cookie (no body) and clears the cookie."""
    token = _presented_token(mode, body, cookie)
    if token:
        await service.logout(session, token)
    signed_out = Response(status_code=status.HTTP_204_NO_CONTENT)
    if mode == "cookie":
        _clear_cookie(signed_out, request)
    return signed_out


@router.post("/claim", response_model=TokenPair | AccessToken)
async def claim_web_login(
    body: CredentialsClaim,
    request: Request,
    response: Response,
    resources: ResourcesDep,
    mode: AuthMode = None,
) -> TokenPair | AccessToken:
    """Give a Telegram-only learner an email and password, with the code from the bot's /link
    (and sign in: the refresh token as a cookie with `X-Auth-Mode: cookie`)."""
    pair = await service.claim_web_login(
        resources.db, body.code, body.email, body.password, resources.token_policy
    )
    return _tokens_for(mode, pair, request, response, resources.token_policy.refresh_ttl_days)


class Accepted(BaseModel):
    detail: str


@router.post("/password", response_model=TokenPair | AccessToken)
async def change_my_password(
    body: PasswordChange,
    request: Request,
    response: Response,
    user: CurrentUserReleased,
    resources: ResourcesDep,
    mode: AuthMode = None,
) -> TokenPair | AccessToken:
    """Change the password with the current one (403 when it is wrong; throttled like a
    login). Every refresh token of the account is revoked, so all sessions end; the answer
    is a new token pair for this one (its refresh token as the cookie in cookie mode). The
    linked Telegram chat is told."""
    pair = await change_password(
        resources.db,
        resources.throttle,
        resources.token_policy,
        user,
        body.current_password,
        body.new_password,
        client_ip(request),
    )
    return _tokens_for(mode, pair, request, response, resources.token_policy.refresh_ttl_days)


@router.post(
    "/password/reset-request", status_code=status.HTTP_202_ACCEPTED, response_model=Accepted
)
async def ask_for_reset_code(
    body: PasswordResetRequest, request: Request, resources: ResourcesDep
) -> Accepted:
    """Forgot the password? If the account has a linked Telegram chat, the bot sends a code
    there (valid 15 minutes, once). The answer is the same whether or not the email has an
    account; requests are limited per account and per client address (429)."""
    detail = await request_password_reset(
        resources.db, resources.throttle, body.email, client_ip(request)
    )
    return Accepted(detail=detail)


@router.post("/password/reset", status_code=status.HTTP_204_NO_CONTENT)
async def reset_forgotten_password(
    body: PasswordReset, request: Request, resources: ResourcesDep
) -> Response:
    """Set a new password with the code from Telegram (422 for a wrong, expired or used
    code; throttled like a login). All sessions end; log in with the new password."""
    await reset_password(
        resources.db,
        resources.throttle,
        body.email,
        body.code,
        body.new_password,
        client_ip(request),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/telegram", response_model=AccessToken, responses=error_responses(404))
async def sign_in_with_telegram(body: MiniAppSignIn, resources: ResourcesDep) -> AccessToken:
    """Sign in from the Telegram Mini App with Telegram's launch data (`initData`), checked
    against the bot token: 401 with the reason when it is unsigned, forged, for another bot or
    older than an hour. The learner is the Telegram account's (created on first contact, as
    in the bot). Only an access token: the Mini App signs in again when it needs a new one."""
    token = resources.settings.telegram_bot_token
    return await sign_in_from_mini_app(
        resources.db,
        body.init_data,
        token.get_secret_value() if token else None,
        resources.token_policy,
    )
