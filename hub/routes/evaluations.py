"""``/api/v1/evaluations``: 好差评 records sent up by terminals."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response

from hub import records
from hub.auth import Caller, require
from hub.routes.models import ERRORS
from offline_cache.wire import Evaluation

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["evaluations"])


@router.post("/evaluations", status_code=201)
def send(who: Caller, request: Request, response: Response,
         record: Annotated[dict[str, Any], Body()]) -> dict:
    """Store an evaluation (any terminal; fields as in STANDARDS.md §2, ``pf`` = 5).
    Sending the same ``id`` again answers 200 with the stored one."""
    evaluation = Evaluation.from_dict(record)
    ctx = request.app.state.hub
    stored, created = records.store_evaluation(ctx.engine, evaluation, who.terminal,
                                               ctx.settings.clock)
    if not created:
        response.status_code = 200
    return stored


@router.get("/evaluations")
def list_all(who: Caller, request: Request, limit: int = Query(100, ge=1, le=1000),
             since: float | None = Query(None, ge=0, le=1e11)) -> list[dict]:
    """Stored evaluations, newest first (admin tokens only)."""
    require(who)
    return records.list_evaluations(request.app.state.hub.engine, limit, since)
