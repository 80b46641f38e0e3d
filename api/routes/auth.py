from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response, status
from pydantic import BaseModel, StringConstraints

from api.deps import CurrentUserReleased, ResourcesDep, SessionDep, client_ip
from api.errors import error_responses
from core.accounts import service
from core.accounts.passwords import change_password, request_password_reset, reset_password
from core.accounts.schemas import (
    CredentialsClaim,
    PasswordChange,
    PasswordReset,
    PasswordResetRequest,
    Profile,
    Registration,
    TokenPair,
)
from core.constrained import Storable
from core.errors import Unauthorized

router = APIRouter(
    prefix="/auth", tags=["auth"], responses=error_responses(400, 401, 403, 409, 413, 422, 429)
)


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


@router.post("/login", response_model=TokenPair)
async def login(
    form: Annotated[PasswordLogin, Form()], request: Request, resources: ResourcesDep
) -> TokenPair:
    """OAuth2 password flow (the `username` field is the email), so Swagger's Authorize works."""
    return await service.log_in(
        resources.db,
        resources.throttle,
        resources.token_policy,
        form.username,
        form.password,
        client_ip(request),
    )


@router.post("/refresh", response_model=TokenPair)
async def refresh(body: RefreshRequest, session: SessionDep, resources: ResourcesDep) -> TokenPair:
    """Rotate a refresh token. Presenting an already-used token revokes its whole family."""
    pair, refusal = await service.rotate_refresh_token(
        session, body.refresh_token, resources.token_policy
    )
    if pair is None:
        # Commit first: a reuse detection has just revoked the family.
        await session.commit()
        raise Unauthorized(refusal)
    return pair


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(body: RefreshRequest, session: SessionDep) -> Response:
    """Revoke the refresh token's family; access tokens expire on their own shortly."""
    await service.logout(session, body.refresh_token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/claim", response_model=TokenPair)
async def claim_web_login(body: CredentialsClaim, resources: ResourcesDep) -> TokenPair:
    """Give a Telegram-only learner an email and password, with the code from the bot's /link."""
    return await service.claim_web_login(
        resources.db, body.code, body.email, body.password, resources.token_policy
    )


class Accepted(BaseModel):
    detail: str


@router.post("/password", response_model=TokenPair)
async def change_my_password(
    body: PasswordChange, request: Request, user: CurrentUserReleased, resources: ResourcesDep
) -> TokenPair:
    """Change the password with the current one (403 when it is wrong; throttled like a
    login). Every refresh token of the account is revoked, so all sessions end; the answer
    is a new token pair for this one. The linked Telegram chat is told."""
    return await change_password(
        resources.db,
        resources.throttle,
        resources.token_policy,
        user,
        body.current_password,
        body.new_password,
        client_ip(request),
    )


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
