"""``/api/v1/heartbeats``: each terminal's device health and outbox figures."""

from typing import Any

from fastapi import APIRouter, Body, Depends

from hub import heartbeats
from hub.auth import HubDep, principal, require
from hub.routes.models import ERRORS
from hub.tokens import Principal

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["health"])


@router.post("/heartbeats")
def beat(ctx: HubDep, body: dict[str, Any] = Body(...), who: Principal = Depends(principal)) -> dict:
    """The terminal's health snapshot (any token): ``sent_at``, ``health`` (device →
    ``{state, key}``), ``outbox`` (``waiting``, ``dead``, ``oldest_waiting_s``)."""
    return heartbeats.store_heartbeat(ctx.engine, who, body, ctx.settings.clock())


@router.get("/heartbeats")
def latest(ctx: HubDep, who: Principal = Depends(principal)) -> list[dict]:
    """Every terminal's newest heartbeat (admin)."""
    require(who)
    return heartbeats.latest(ctx.engine)
