"""``/api/v1/leases`` and ``/api/v1/tickets/offline``: numbers a kiosk holds for when the
hub is away, and the tickets it issued from them (hub/leases.py)."""

from typing import Any

from fastapi import APIRouter, Body, Header
from fastapi.responses import JSONResponse
from pydantic import Field

from hub import idempotency, leases
from hub.auth import Caller, HubDep, require
from hub.routes.models import ERRORS, Strict

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["queue"])


class LeaseRequest(Strict):
    service: str = Field(min_length=1, max_length=32, description="service code, e.g. A")
    size: int = Field(leases.DEFAULT_SIZE, ge=1, le=leases.MAX_SIZE, description="how many numbers")


@router.post("/leases", status_code=201)
def lease(ctx: HubDep, who: Caller, body: LeaseRequest) -> JSONResponse:
    """Reserve a block of this service's numbers today for this kiosk to issue while the
    hub cannot be reached (kiosk tokens). 423 ``service.closed`` outside its hours;
    429 ``lease.limit`` past 500 numbers of a service a day."""
    require(who, "kiosk")
    granted = leases.grant(ctx.store, who, body.service, body.size)
    return JSONResponse(granted.to_dict(), status_code=201)


@router.post("/tickets/offline", status_code=201)
def offline_ticket(
    ctx: HubDep,
    who: Caller,
    body: dict[str, Any] = Body(...),
    key: str | None = Header(None, alias=idempotency.HEADER, max_length=200),
) -> JSONResponse:
    """A ticket the kiosk issued from its lease while the hub was away (kiosk tokens; the
    outbox sends it with ``Idempotency-Key`` = the record id, which becomes the ticket's
    id). It joins its service's queue by its issue time; ``clash`` reports a person's
    second ticket (the earlier one is kept, the other is ``void``)."""
    require(who, "kiosk")
    key = idempotency.check_key(key)
    status, answer = leases.accept_offline(ctx.store, who, key, body)
    return JSONResponse(answer, status_code=status)
