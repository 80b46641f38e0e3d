"""Typed dependencies: the session owns its transaction, the current learner comes from the JWT."""

from __future__ import annotations

import ipaddress
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
from core.settings import IPNetwork, proxy_networks

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/login", auto_error=False)


def resources_of(request: Request) -> ApiResources:
    resources: ApiResources = request.app.state.resources
    return resources


async def get_resources(request: Request) -> ApiResources:
    # async on purpose: FastAPI runs a plain `def` dependency in its thread pool, and this one
    # is in nearly every request (a thread hop each: ~15 % of the API's CPU under load).
    return resources_of(request)


ResourcesDep = Annotated[ApiResources, Depends(get_resources)]


async def get_session(resources: ResourcesDep) -> AsyncIterator[AsyncSession]:
    """Commit when the endpoint returns, roll back when it raises; then send requested jobs."""
    async with resources.db.unit_of_work() as session:
        yield session


# scope="function": the commit (and the jobs after it) finish before the response is sent.
# With the default ("request") FastAPI runs this teardown after the response has left, so a
# client's immediate next request could miss what the first one had just acknowledged.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def _learner(session: AsyncSession, resources: ApiResources, token: str | None) -> User:
    if not token:
        raise Unauthorized("Not authenticated.")
    user_id = decode_access_token(resources.token_policy.secret_key, token)
    try:
        user = await get_user(session, user_id)
    except NotFound as exc:
        raise Unauthorized("This account no longer exists.") from exc
    bind_learner(user.id)
    return user


async def get_current_user(
    session: SessionDep,
    resources: ResourcesDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User:
    return await _learner(session, resources, token)


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_current_user_released(
    resources: ResourcesDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> User:
    """The learner, read in a transaction of its own that ends before the route runs: for
    routes that wait (the conversation long-poll) and open their own short transactions."""
    async with resources.db.unit_of_work() as session:
        return await _learner(session, resources, token)


# The route gets no SessionDep: the request holds no pooled connection while it runs.
CurrentUserReleased = Annotated[User, Depends(get_current_user_released)]


def _trusted(address: str, proxies: tuple[IPNetwork, ...] | None) -> bool:
    if proxies is None:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_ip(request: Request) -> str | None:
    """The client's address: the peer, unless the peer is a configured proxy
    (FORWARDED_ALLOW_IPS); then the nearest X-Forwarded-For entry that is not one of ours.

    Run uvicorn without its own proxy handling (`tutor api` and `tutor up` do), so the peer
    here is the real one.
    """
    peer = request.client.host if request.client else None
    settings = resources_of(request).settings
    proxies = proxy_networks(settings.forwarded_allow_ips)
    if peer is None or not _trusted(peer, proxies):
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return hop[:64]
    return hops[0][:64] if hops else peer


def client_scheme(request: Request) -> str:
    """ "https" when the client reached us over HTTPS: directly, or through a configured proxy
    (FORWARDED_ALLOW_IPS) that says so in X-Forwarded-Proto."""
    peer = request.client.host if request.client else None
    proxies = proxy_networks(resources_of(request).settings.forwarded_allow_ips)
    if peer is not None and _trusted(peer, proxies):
        forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
        if forwarded in ("http", "https"):
            return forwarded
    return request.url.scheme
