"""``/api/v1/catalog``: the published catalog versions and the changes since one."""

from fastapi import APIRouter, Depends, Query, Response

from hub import catalog
from hub.auth import HubDep, principal
from hub.errors import ApiError
from hub.routes.models import ERRORS
from hub.tokens import Principal

router = APIRouter(prefix="/api/v1/catalog", responses=ERRORS, tags=["catalog"])


@router.get("/changes")
def changes(
    ctx: HubDep,
    since: int = Query(0, ge=0, le=2**62),
    after: str | None = Query(None, min_length=1, max_length=36),
    limit: int = Query(catalog.PAGE, ge=1, le=20_000),
    who: Principal = Depends(principal),
) -> Response:
    """What changed since version ``since`` (any token): ``upserts`` (whole items),
    ``removals`` (codes), ``rest`` (departments, topics, halls, bundles; first page).
    ``full`` is true when ``since`` is 0 or a version this hub never published: then the
    pages hold the whole catalog. While ``next`` is not null, ask again with
    ``&after=NEXT`` (same ``since``); a page whose ``version`` differs from the first
    means a newer version was published meanwhile: start again."""
    body = catalog.changes_json(ctx.engine, since, after, limit)
    if body is None:
        raise ApiError(404, "catalog.none", "no catalog is published on this hub (kiosk hub catalog publish FILE)")
    return Response(body, media_type="application/json")


@router.get("/versions")
def versions(ctx: HubDep, who: Principal = Depends(principal)) -> list[dict]:
    """Published versions, newest first, with their item counts."""
    return catalog.versions(ctx.engine)
