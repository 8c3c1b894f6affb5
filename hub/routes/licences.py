"""``/api/v1/licences``: which electronic licences (电子证照) exist for a person, so a
material the government issued itself need not be handed in (免证办).

Looked up by the person key (an HMAC of the ID number under the hall's secret, computed
by the terminal: ``HubConnection.person_key``); the hub never holds ID numbers. The
data is the demo hall's (migration 0003, STANDARDS.md §5's fictional numbers): a real
hall connects its licence library here.
"""

from fastapi import APIRouter, Depends, Query

from hub import licences
from hub.auth import HubDep, principal, require
from hub.routes.models import ERRORS
from hub.tokens import Principal

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["licences"])


@router.get("/licences")
def lookup(
    ctx: HubDep,
    person: str = Query(min_length=8, max_length=64, pattern=r"^[0-9a-f]+$"),
    type: str | None = Query(None, min_length=1, max_length=32, pattern=r"^[a-z_]+$"),
    who: Principal = Depends(principal),
) -> dict:
    """``{"person": KEY, "licences": [{"type": "hukou", "name": "居民户口簿", ...}]}``
    (kiosk, window and admin tokens); an unknown person has an empty list."""
    require(who, "kiosk", "window")
    return {"person": person, "licences": licences.lookup(ctx.engine, person, type)}
