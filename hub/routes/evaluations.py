"""``/api/v1/evaluations``: 好差评 records sent up by terminals."""

from typing import Any

from fastapi import APIRouter, Body, Depends, Header, Query, Response

from hub import evaluations, idempotency, scales
from hub.auth import Caller, HubDep, principal, require
from hub.errors import ApiError
from hub.routes.models import ERRORS
from hub.tokens import Principal
from offline_cache.wire import Evaluation

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["evaluations"])


@router.post("/evaluations", status_code=201)
def send(
    ctx: HubDep,
    response: Response,
    record: dict[str, Any] = Body(...),
    who: Principal = Depends(principal),
    key: str | None = Header(None, alias=idempotency.HEADER, max_length=200),
) -> dict:
    """Store an evaluation (any terminal; fields as in STANDARDS.md §2, ``pf`` = 5).
    Sending the same ``id`` again answers 200 with the stored one. With an
    ``Idempotency-Key`` (the outbox sends the record id, equal to ``id``), a repeat
    with another body is refused with 409 ``idempotency.mismatch``."""
    evaluation = Evaluation.from_dict(record)
    key = idempotency.check_key(key, required=False)
    if key is None:
        stored, created = evaluations.store_evaluation(ctx.engine, evaluation, who.terminal, ctx.settings.clock)
        if not created:
            response.status_code = 200
        return stored
    if key != evaluation.id:
        raise ApiError(422, "request.invalid", f"{idempotency.HEADER} must equal the evaluation's id", field="id")
    status, answer = evaluations.store_keyed(ctx.engine, evaluation, who.terminal, key, ctx.settings.clock())
    response.status_code = status
    return answer


@router.get("/evaluations")
def list_all(
    ctx: HubDep,
    who: Caller,
    limit: int = Query(100, ge=1, le=1000),
    since: float | None = Query(None, ge=0, le=1e11),
    scale: str = Query(
        scales.DEFAULT,
        pattern="^(" + "|".join(scales.SCALES) + ")$",
        description="direction of satisfaction: "
        + "; ".join(f"{name}: {meaning}" for name, meaning in scales.SCALES.items()),
    ),
) -> list[dict]:
    """Stored evaluations, newest first (admin tokens only); each says the ``scale`` its
    ``record.satisfaction`` is on (stored as gbt39734: 5 = 非常满意)."""
    require(who)
    listed = evaluations.list_evaluations(ctx.engine, limit, since)
    return [{**e, "record": scales.record(e["record"], scale), "scale": scale} for e in listed]
