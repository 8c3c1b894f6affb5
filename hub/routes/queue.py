"""Services, tickets, calling and the queue snapshot."""

from fastapi import APIRouter, Header, Path, Response
from fastapi.responses import JSONResponse

from hub.auth import Caller, HubDep, require, require_window
from hub.routes.models import (
    ERRORS,
    ActionRequest,
    IssueRequest,
    NextRequest,
    TicketEnvelope,
    TransferRequest,
)
from offline_cache.wire import QueueService, QueueSnapshot, Ticket

router = APIRouter(prefix="/api/v1", responses=ERRORS)
TicketId = Path(min_length=1, max_length=64, pattern=r"^[0-9a-f]+$")


@router.get("/services", response_model=list[QueueService], tags=["queue"])
def services(ctx: HubDep, who: Caller) -> JSONResponse:
    """The hall's services, whether each is open now and when it opens next."""
    rules = ctx.rules
    out = []
    for service in rules.hall.services:
        is_open, opens_at = rules.open_now(service)
        answer = QueueService(service.code, service.prefix, service.name, is_open, opens_at, service.name_en)
        out.append(answer.to_dict())
    return JSONResponse(out)


@router.post("/tickets", status_code=201, response_model=Ticket, tags=["queue"])
def issue(ctx: HubDep, who: Caller, body: IssueRequest) -> JSONResponse:
    """Issue a ticket (kiosk). 409 ``ticket.exists`` with the person's active ticket;
    423 ``service.closed`` with ``opens_at``."""
    require(who, "kiosk")
    ticket = ctx.store.issue(body.service, priority=body.priority, person=body.person, issued_by=who.token_id)
    # The wire dataclass is the response model (the OpenAPI document), and its to_dict()
    # what is sent: a Response is sent as is, without FastAPI validating the dataclass
    # again (~35 us a ticket; tests/integration/hub/test_hub_openapi_wire.py holds the
    # document, the dataclass and the JSON sent to the same fields).
    return JSONResponse(ticket.to_dict(), status_code=201)


@router.get("/tickets/{ticket_id}", response_model=Ticket, tags=["queue"])
def get_ticket(ctx: HubDep, who: Caller, ticket_id: str = TicketId) -> JSONResponse:
    """One ticket as it is now (``ahead`` counts the tickets before it)."""
    return JSONResponse(ctx.store.get(ticket_id).to_dict())


@router.post(
    "/windows/{window}/next",
    response_model=TicketEnvelope,
    tags=["queue"],
    responses={204: {"description": "nobody waits for what this window serves"}},
)
def call_next(
    ctx: HubDep,
    who: Caller,
    window: int = Path(ge=1, le=9999),
    body: NextRequest | None = None,
    x_staff_no: str | None = Header(None, max_length=32),
):
    """Call the next ticket to this window (window token of that number, or admin)."""
    require_window(who, window)
    staff = (body.staff if body else None) or x_staff_no
    ticket = ctx.store.call_next(window, staff=staff)
    if ticket is None:
        return Response(status_code=204)
    return JSONResponse({"ticket": ticket.to_dict()})


def _action(name: str):
    model = TransferRequest if name == "transfer" else ActionRequest

    def act(
        ctx: HubDep,
        who: Caller,
        ticket_id: str = TicketId,
        body: model | None = None,  # type: ignore[valid-type]
        x_staff_no: str | None = Header(None, max_length=32),
    ) -> JSONResponse:
        require(who, "window")
        staff = (body.staff if body else None) or x_staff_no  # type: ignore[attr-defined]
        service = body.service if (body is not None and name == "transfer") else None
        if name == "transfer" and service is None:
            from hub.errors import ApiError

            raise ApiError(422, "request.invalid", 'transfer needs a body {"service": CODE}', field="body.service")
        ticket = ctx.store.act(
            ticket_id, name, window=who.window if who.role == "window" else None, staff=staff, service=service
        )
        return JSONResponse({"ticket": ticket.to_dict()})

    act.__name__ = f"ticket_{name}"
    act.__doc__ = {
        "recall": "Call the ticket again (at most the hall's recall count).",
        "skip": "The citizen did not come (no-show); the ticket ends.",
        "hold": "Put the called ticket aside (e.g. the citizen fetches a paper).",
        "resume": "Take a held ticket up again at this window.",
        "finish": "Served. Finishing twice answers 409 ticket.already_finished.",
        "transfer": "Move the ticket to another service's queue; it keeps its number.",
    }[name]
    return act


for _name in ("recall", "skip", "hold", "resume", "finish", "transfer"):
    router.add_api_route(
        f"/tickets/{{ticket_id}}/{_name}",
        _action(_name),
        methods=["POST"],
        response_model=TicketEnvelope,
        tags=["queue"],
    )


@router.get("/queue", response_model=QueueSnapshot, tags=["queue"])
def queue(ctx: HubDep, who: Caller) -> JSONResponse:
    """The queue now: the last event's seq, waiting per service, recent calls."""
    return JSONResponse(ctx.store.snapshot().to_dict())
