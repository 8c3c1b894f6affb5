"""``GET /api/v1/events``: the queue's server-sent event stream."""

from fastapi import APIRouter, Header, Request
from fastapi.responses import StreamingResponse

from hub import events
from hub.auth import Caller, HubDep
from hub.errors import ApiError
from hub.routes.models import ERRORS

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.get(
    "/events",
    tags=["queue"],
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "id: seq, event: kind, data: JSON"}},
)
def stream(
    ctx: HubDep, who: Caller, request: Request, last_event_id: str | None = Header(None, max_length=20)
) -> StreamingResponse:
    """Every queue event after ``Last-Event-ID`` (a snapshot first when new or too far
    behind); a keep-alive comment at least every 15 s."""
    resume = None
    if last_event_id not in (None, ""):
        try:
            resume = int(last_event_id)
        except ValueError:
            raise ApiError(
                422,
                "request.invalid",
                "Last-Event-ID must be an event id (a whole number)",
                field="header.last-event-id",
            ) from None
        if resume < 0:
            raise ApiError(422, "request.invalid", "Last-Event-ID must not be negative", field="header.last-event-id")
    body = events.stream(
        request,
        ctx.store,
        ctx.bell,
        ctx.feed,
        last_event_id=resume,
        retention=ctx.settings.hall.event_retention,
        keepalive_s=ctx.settings.keepalive_s,
        listeners=ctx.listeners,
    )
    return StreamingResponse(
        body, media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )
