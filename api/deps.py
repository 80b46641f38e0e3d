"""Typed dependencies: the session owns its transaction, the current learner comes from the JWT."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from api.resources import ApiResources
from core.accounts.security import decode_access_token
from core.accounts.service import get_user
from core.errors import NotFound, Unauthorized
from core.models import User
from core.observability.logs import bind_learner

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/login", auto_error=False)


def get_resources(request: Request) -> ApiResources:
    resources: ApiResources = request.app.state.resources
    return resources


ResourcesDep = Annotated[ApiResources, Depends(get_resources)]


async def get_session(resources: ResourcesDep) -> AsyncIterator[AsyncSession]:
    """Commit when the endpoint returns, roll back when it raises; then send requested jobs."""
    async with resources.db.unit_of_work() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def get_current_user(
    session: SessionDep,
    resources: ResourcesDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User:
    if not token:
        raise Unauthorized("Not authenticated.")
    user_id = decode_access_token(resources.token_policy.secret_key, token)
    try:
        user = await get_user(session, user_id)
    except NotFound as exc:
        raise Unauthorized("This account no longer exists.") from exc
    bind_learner(user.id)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None
