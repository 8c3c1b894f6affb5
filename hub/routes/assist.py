"""帮办代办 audit steps (``/api/v1/audit-entries``) and 办不成事 reports
(``/api/v1/unresolved-reports``): terminals push them through their outbox."""

from typing import Any

from fastapi import APIRouter, Body, Depends, Header, Query
from fastapi.responses import JSONResponse

from hub import assist, idempotency
from hub.auth import HubDep, principal, require
from hub.routes.models import ERRORS
from hub.tokens import Principal

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["assist"])


@router.post("/audit-entries", status_code=201)
def add_audit(
    ctx: HubDep,
    body: dict[str, Any] = Body(...),
    who: Principal = Depends(principal),
    key: str | None = Header(None, alias=idempotency.HEADER, max_length=200),
) -> JSONResponse:
    """Store one step a helper took for a citizen (kiosk and window tokens;
    ``{"helper", "at", "screen", "action", "visit", "details": {...masked...}}``)."""
    require(who, "kiosk", "window")
    key = idempotency.check_key(key)
    status, answer, _ = assist.store_audit(ctx.engine, who, key, body)
    return JSONResponse(answer, status_code=status)


@router.get("/audit-entries")
def audit_entries(
    ctx: HubDep,
    limit: int = Query(100, ge=1, le=1000),
    helper: str | None = Query(None, max_length=32),
    visit: str | None = Query(None, max_length=64),
    who: Principal = Depends(principal),
) -> list[dict]:
    """The newest audit steps first (admin tokens), by helper or visit when asked."""
    require(who)
    return assist.audit_entries(ctx.engine, limit, helper=helper, visit=visit)


@router.post("/unresolved-reports", status_code=201)
def add_report(
    ctx: HubDep,
    body: dict[str, Any] = Body(...),
    who: Principal = Depends(principal),
    key: str | None = Header(None, alias=idempotency.HEADER, max_length=200),
) -> JSONResponse:
    """Store a 办不成事 report under the reference its slip carries (kiosk tokens)."""
    require(who, "kiosk")
    key = idempotency.check_key(key)
    status, answer, _ = assist.store_report(ctx.engine, who, key, body)
    return JSONResponse(answer, status_code=status)


@router.get("/unresolved-reports")
def reports(ctx: HubDep, limit: int = Query(50, ge=1, le=500), who: Principal = Depends(principal)) -> list[dict]:
    """The newest 办不成事 reports first, phone masked (window and admin tokens)."""
    require(who, "window")
    return assist.reports(ctx.engine, limit, ctx.rules.local)
