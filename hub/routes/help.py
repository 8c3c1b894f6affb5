"""``/api/v1/help-requests``: a citizen at a kiosk asks for a helper (帮办代办)."""

from typing import Any

from fastapi import APIRouter, Body, Depends, Header, Query
from fastapi.responses import JSONResponse

from hub import help as help_requests
from hub import idempotency
from hub.auth import HubDep, principal, require
from hub.routes.models import ERRORS
from hub.tokens import Principal

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["help"])


@router.post("/help-requests", status_code=201)
def ask(
    ctx: HubDep,
    body: dict[str, Any] = Body(...),
    who: Principal = Depends(principal),
    key: str | None = Header(None, alias=idempotency.HEADER, max_length=200),
) -> JSONResponse:
    """Store a help request (kiosk tokens; ``{"screen": "...", "hall_code": "..."}``) and
    put a ``help.requested`` event on the stream (``/api/v1/events``)."""
    require(who, "kiosk")
    key = idempotency.check_key(key)
    status, answer, fresh = help_requests.store_help(ctx.engine, who, key, body, ctx.rules.local)
    if fresh:
        ctx.bell.ring()
    return JSONResponse(answer, status_code=status)


@router.get("/help-requests")
def recent(ctx: HubDep, limit: int = Query(50, ge=1, le=500), who: Principal = Depends(principal)) -> list[dict]:
    """The newest help requests first (window and admin tokens)."""
    require(who, "window")
    return help_requests.recent(ctx.engine, limit, ctx.rules.local)
