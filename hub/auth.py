"""Bearer-token authentication and the role rules of each operation."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from hub.context import HubContext
from hub.errors import ApiError
from hub.tokens import Principal

# Declares the bearer scheme in the OpenAPI (the "Authorize" of /docs clients); the
# checks and their error shapes stay ours (auto_error off).
BEARER = HTTPBearer(auto_error=False, description="a terminal's token (`kiosk hub token create` or pairing)")


async def hub_context(request: Request) -> HubContext:
    """What the routes share (FastAPI dependency): ``app.state`` is untyped, this is not.
    Async, so FastAPI calls it on the event loop instead of a worker thread."""
    return cast(HubContext, request.app.state.hub)


#: A route parameter ``ctx: HubDep`` is the hub's context (engine, rules, store, ...).
HubDep = Annotated[HubContext, Depends(hub_context)]


async def principal(
    ctx: HubDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]
) -> Principal:
    """The caller (FastAPI dependency): 401 without a valid ``Authorization: Bearer``."""
    token = credentials.credentials if credentials else ""
    if not token.strip():
        raise ApiError(
            401, "auth.missing", "send Authorization: Bearer TOKEN (create one with `kiosk hub token create`)"
        )
    checker = ctx.checker
    who = checker.cached(token.strip()) or await run_in_threadpool(checker.check, token.strip())
    if who is None:
        raise ApiError(401, "auth.invalid", "unknown or revoked token")
    return who


def require(who: Principal, *roles: str) -> None:
    """403 unless the caller has one of ``roles`` (admin may always)."""
    if who.role != "admin" and who.role not in roles:
        raise ApiError(
            403, "auth.forbidden", f"a {who.role} token may not do this (needs {' or '.join(roles + ('admin',))})"
        )


def require_window(who: Principal, window: int) -> None:
    """403 unless the caller is that window (or an admin)."""
    require(who, "window")
    if who.role == "window" and who.window != window:
        raise ApiError(403, "auth.wrong_window", f"this token is for window {who.window}, not window {window}")


#: A route parameter ``who: Caller`` is the authenticated caller.
Caller = Annotated[Principal, Depends(principal)]
