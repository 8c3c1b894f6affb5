"""``/api/v1/city/*``: what hall hubs call at the city hub (mounted with ``--city``).

Every route but ``link`` takes the hall's credential as ``Authorization: Bearer``.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from hub import idempotency
from hub.auth import Caller, require
from hub.city import catalog_city, intake, links, lookup, pages, view
from hub.city.errors import CityError
from hub.errors import ApiError
from hub.routes.models import ERRORS

api = APIRouter(prefix="/api/v1/city", responses=ERRORS, tags=["city"])
MAX_CASE_BYTES = 140 * 1024 * 1024  # 20 images of 5 MB in base64, and the case


async def hall(request: Request) -> str:
    """The calling hall's code (401 without a live hall credential)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "auth.missing", "send Authorization: Bearer CREDENTIAL (from `kiosk hub link`)")
    code = await links.hall_of(request.app.state.hub.engine, token.strip())
    if code is None:
        raise ApiError(401, "auth.invalid", "unknown or revoked hall credential")
    return code


Hall = Annotated[str, Depends(hall)]


def _city(fn, *args):
    try:
        return fn(*args)
    except CityError as exc:
        raise ApiError(exc.status, exc.code, exc.message) from None


@api.post("/link")
def link(request: Request, body: dict[str, Any] = Body(...)) -> dict:
    """Exchange a hall's pairing code (``kiosk hub city pair``) for its credential, once."""
    ctx = request.app.state.hub
    client = request.client.host if request.client else "?"
    try:
        done = links.exchange_limited(ctx.engine, body.get("code"), client, clock=ctx.settings.clock)
    except CityError as exc:
        extra = {"retry_after": exc.retry_after} if exc.retry_after else {}
        raise ApiError(exc.status, exc.code, exc.message, **extra) from None
    return {"hall_code": done.hall_code, "hall_name": done.hall_name, "credential": done.credential}


@api.post("/cases", status_code=201)
async def case(
    request: Request,
    code: Hall,
    key: str | None = Header(None, alias=idempotency.HEADER, max_length=200),
) -> JSONResponse:
    """A hall's case with its materials (docs/city.md), stored once per Idempotency-Key."""
    key = idempotency.check_key(key)
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_CASE_BYTES:
        raise ApiError(413, "request.too_large", "a case with its materials is too large", limit=MAX_CASE_BYTES)
    raw = await request.body()
    if len(raw) > MAX_CASE_BYTES:
        raise ApiError(413, "request.too_large", "a case with its materials is too large", limit=MAX_CASE_BYTES)
    body = _json(raw)
    ctx = request.app.state.hub
    status, answer = await run_in_threadpool(
        _city, intake.store_case, ctx.engine, code, key, body, ctx.settings.clock()
    )
    return JSONResponse(answer, status_code=status)


@api.post("/evaluations", status_code=201)
def evaluation(
    request: Request,
    code: Hall,
    body: dict[str, Any] = Body(...),
    key: str | None = Header(None, alias=idempotency.HEADER, max_length=200),
) -> JSONResponse:
    """A hall's 好差评 record, stored once per Idempotency-Key."""
    key = idempotency.check_key(key)
    ctx = request.app.state.hub
    status, answer = _city(intake.store_evaluation, ctx.engine, code, key, body, ctx.settings.clock(), ctx.rules.tz)
    return JSONResponse(answer, status_code=status)


@api.post("/reports", status_code=201)
def report(
    request: Request,
    code: Hall,
    body: dict[str, Any] = Body(...),
    key: str | None = Header(None, alias=idempotency.HEADER, max_length=200),
) -> JSONResponse:
    """A hall's 办不成事 report, stored once per Idempotency-Key."""
    key = idempotency.check_key(key)
    ctx = request.app.state.hub
    status, answer = _city(intake.store_report, ctx.engine, code, key, body, ctx.settings.clock())
    return JSONResponse(answer, status_code=status)


@api.post("/snapshot")
def snapshot(request: Request, code: Hall, body: dict[str, Any] = Body(...)) -> dict:
    """A hall's newest terminal health and queue figures (only the newest is kept)."""
    ctx = request.app.state.hub
    _city(intake.store_snapshot, ctx.engine, code, body, ctx.settings.clock())
    return {"hall_code": code}


@api.get("/halls")
def halls(
    request: Request,
    who: Caller,
    district: str = Query("", max_length=64),
    level: str = Query("", max_length=64),
) -> list[dict]:
    """Every hall (of ``district``, of ``level``) with its link, newest snapshot, what
    waits for the platform, its open and overdue rectifications and the page's
    ``figures`` (the city's admin tokens)."""
    require(who)
    ctx = request.app.state.hub
    return view.halls(ctx.engine, ctx.settings.clock(), district=district or None, level=level or None)


@api.get("/updates")
def updates(
    request: Request,
    code: Hall,
    since: int = Query(0, ge=0),
    limit: int = Query(500, ge=1, le=5000),
) -> list[dict]:
    """Official numbers and platform statuses of this hall's cases after cursor ``since``."""
    return intake.updates_for(request.app.state.hub.engine, code, since, limit)


@api.get("/cases")
def cases(request: Request, code: Hall, number: str = Query(..., min_length=1, max_length=100)) -> list[dict]:
    """办件查询 for a terminal of any hall: the case named by its official number or by
    ``HALLCODE:REFERENCE`` (no personal data; an empty list when the city has none)."""
    return lookup.at_city(request.app.state.hub.engine, number)


@api.get("/catalog/head")
def catalog_head(request: Request, code: Hall) -> dict:
    """The city's newest catalog version (``null``: none published), for the halls' pull."""
    return {"version": catalog_city.head(request.app.state.hub.engine)}


@api.get("/catalog")
def catalog_feed(request: Request, code: Hall) -> Response:
    """The city's newest catalog version as a whole feed (docs/catalog-feed.md)."""
    body = catalog_city.feed_json(request.app.state.hub.engine)
    if body is None:
        raise ApiError(404, "catalog.none", "the city has published no catalog (kiosk hub city catalog publish FILE)")
    return Response(body, media_type="application/json")


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(422, "request.invalid", "the body is not UTF-8 JSON", field="body") from None


# What ``hub.app`` mounts in city mode: the halls' API and the city's own pages.
router = APIRouter()
router.include_router(api)
router.include_router(pages.router)
