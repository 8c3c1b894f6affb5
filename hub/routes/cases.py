"""``/api/v1/cases``: cases sent up by terminals, their numbers, status and history."""

import json
from typing import Any

from fastapi import APIRouter, Body, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse

from hub import cases, idempotency
from hub.auth import HubDep, principal, require
from hub.city import lookup
from hub.errors import ApiError
from hub.multipart import MultipartError, parse
from hub.routes.models import ERRORS
from hub.tokens import Principal
from offline_cache.wire.cases import MAX_BLOBS

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["cases"])
CaseNumber = Path(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z]+$")
MAX_JSON_BYTES = 1024 * 1024
MAX_REQUEST_BYTES = MAX_BLOBS * cases.MAX_IMAGE_BYTES + MAX_JSON_BYTES + 64 * 1024


async def _body(request: Request) -> bytes:
    """The request's bytes, refused early when too large (the route itself runs in a
    worker thread: the database work must not block the event loop)."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_REQUEST_BYTES:
        raise ApiError(
            413,
            "request.too_large",
            f"a case may carry at most {MAX_BLOBS} images of {cases.MAX_IMAGE_BYTES} bytes",
            limit=MAX_REQUEST_BYTES,
        )
    raw = await request.body()
    if len(raw) > MAX_REQUEST_BYTES:
        raise ApiError(413, "request.too_large", "the request is too large", limit=MAX_REQUEST_BYTES)
    return raw


@router.post(
    "/cases",
    status_code=201,
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"body": {"type": "string", "description": "the case as JSON"}},
                        "additionalProperties": {
                            "type": "string",
                            "format": "binary",
                            "description": "an image, part named by its sha256",
                        },
                    }
                },
            }
        }
    },
)
def submit(
    ctx: HubDep,
    request: Request,
    raw: bytes = Depends(_body),
    who: Principal = Depends(principal),
    key: str | None = Header(None, alias=idempotency.HEADER, max_length=200),
) -> JSONResponse:
    """Store a case (kiosk and window tokens) and give it its official number.

    JSON (no images) or multipart: a ``body`` part with the case as JSON and one part per
    material image, named by the image's sha256. The same ``Idempotency-Key`` again
    answers 200 with the same number; with another body, 409 ``idempotency.mismatch``.
    """
    require(who, "kiosk", "window")
    key = idempotency.check_key(key)
    content_type = request.headers.get("content-type", "")
    images: list[cases.Image] = []
    if content_type.lower().startswith("multipart/"):
        try:
            parts = parse(content_type, raw)
        except MultipartError as exc:
            raise ApiError(400, "request.bad_multipart", str(exc)) from None
        bodies = [p for p in parts if p.name == "body"]
        if len(bodies) != 1:
            raise ApiError(422, "request.invalid", "send exactly one part named body (the case as JSON)", field="body")
        text = bodies[0].data
        images = [cases.check_image(p.name, p.data) for p in parts if p.name != "body"]
    elif content_type.lower().startswith("application/json"):
        text = raw
    else:
        raise ApiError(415, "request.unsupported_media_type", "send application/json or multipart/form-data")
    body = _json(text)
    status, answer = cases.submit(ctx.engine, ctx.rules, who.terminal, key, body, images)
    return JSONResponse(answer, status_code=status)


@router.get("/cases/{case_number}")
def get_case(ctx: HubDep, case_number: str = CaseNumber, who: Principal = Depends(principal)) -> dict:
    """A case's status and history (the terminal that sent it, or an admin)."""
    return cases.get_case(ctx.engine, ctx.rules, case_number, None if who.role == "admin" else who.terminal)


@router.get("/case-lookup")
def case_lookup(
    ctx: HubDep,
    number: str = Query(..., min_length=1, max_length=100),
    who: Principal = Depends(principal),
) -> dict:
    """办件查询 of a case from any hall of the city (kiosk and window tokens): by this
    hall's case number, the official number, or ``HALLCODE:REFERENCE``; a number this
    hall does not hold is asked of the city (503 ``city.unavailable`` when it cannot
    be). ``{"cases": [...]}``, no personal data, empty when no hall has it."""
    require(who, "kiosk", "window")
    return {"cases": lookup.at_hall(ctx.engine, number.strip())}


@router.post("/cases/{case_number}/status")
def change_status(
    ctx: HubDep,
    case_number: str = CaseNumber,
    change: dict[str, Any] = Body(...),
    who: Principal = Depends(principal),
) -> dict:
    """Move a case on (admin tokens: the back office): ``{"status": "accepted", "note": "..."}``.
    Order: submitted → accepted → in_progress → finished, or rejected before finishing."""
    require(who)
    return cases.change_status(ctx.engine, ctx.rules, case_number, change)


@router.get("/case-updates")
def updates(
    ctx: HubDep,
    since: float | None = Query(None, ge=0, le=1e11),
    limit: int = Query(500, ge=1, le=5000),
    who: Principal = Depends(principal),
) -> list[dict]:
    """Status changes of this terminal's cases after ``since`` (the newest ``at`` seen),
    oldest first; ``at`` grows strictly, so the newest one is the next ``since``."""
    return cases.updates_for(ctx.engine, who.terminal, since, limit)


def _json(raw: bytes) -> Any:
    if len(raw) > MAX_JSON_BYTES:
        raise ApiError(413, "request.too_large", f"the case's JSON may have at most {MAX_JSON_BYTES} bytes")
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ApiError(422, "request.invalid", "the case body is nested too deeply", field="body") from None
    except (UnicodeDecodeError, ValueError):
        raise ApiError(422, "request.invalid", "the case body is not UTF-8 JSON", field="body") from None
