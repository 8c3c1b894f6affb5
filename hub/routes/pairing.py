"""``POST /api/v1/pair``: a terminal exchanges a pairing code for its token (no auth)."""

from typing import Any

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel

from hub import pairing
from hub.auth import HubDep
from hub.errors import ApiError, error_response
from hub.routes.models import ERRORS

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["pairing"])


class PairOut(BaseModel):
    token: str
    terminal: str
    role: str
    window: int | None
    person_key: str  # the hall's key for person keys (hub/hall_secret.py): the same for every terminal


@router.post("/pair", response_model=PairOut)
def pair(ctx: HubDep, request: Request, body: dict[str, Any] = Body(..., examples=[{"code": "123456"}])) -> Any:
    """Exchange a 6-digit code from ``kiosk hub pair`` for the terminal's token, once,
    with the hall's person key (every terminal of the hall gets the same).

    Refusals: 404 ``pairing.unknown``, 410 ``pairing.expired``, 409 ``pairing.used``,
    422 ``pairing.malformed``; after 5 of them from one client, 429
    ``pairing.rate_limited`` (with ``Retry-After``) for every try for a minute, doubling
    on each further lock up to an hour; 100 a day (hub/pairing.py ``PER_CLIENT``).
    """
    client = request.client.host if request.client else "?"
    try:
        paired = pairing.exchange_limited(ctx.engine, body.get("code"), client, clock=ctx.settings.clock)
        return {**paired.to_dict(), "person_key": ctx.person_key}
    except pairing.RateLimited as exc:
        return error_response(
            429,
            exc.code,
            exc.message,
            headers={"Retry-After": str(exc.retry_after)},
            extra={"retry_after": exc.retry_after},
        )
    except pairing.PairingError as exc:
        raise ApiError(exc.status, exc.code, exc.message) from None
