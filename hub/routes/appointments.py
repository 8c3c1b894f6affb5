"""``/api/v1/appointments``: booking (admin) and check-in at the kiosk."""

from fastapi import APIRouter, Path

from hub import appointments
from hub.auth import Caller, HubDep, require
from hub.routes.models import ERRORS, AppointmentOut, AppointmentRequest, CheckInRequest

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["appointments"])


@router.post("/appointments", status_code=201, response_model=AppointmentOut)
def create(ctx: HubDep, who: Caller, body: AppointmentRequest) -> dict:
    """Book a slot of a service (admin); weekend slots only where the hall opens then.
    The answer's ``qr`` is the text for the QR code the citizen shows at the kiosk."""
    require(who)
    return appointments.create_appointment(ctx.engine, ctx.rules, body.service, body.slot, body.person)


@router.post("/appointments/check-in", status_code=201)
def check_in_person(ctx: HubDep, who: Caller, body: CheckInRequest) -> dict:
    """Check in the person's appointment around now (kiosk): a ticket with priority."""
    require(who, "kiosk")
    appointment, ticket = appointments.check_in(ctx.store, person=body.person, issued_by=who.token_id)
    return {"appointment": appointment, "ticket": ticket.to_dict()}


@router.post("/appointments/{code}/check-in", status_code=201)
def check_in_code(
    ctx: HubDep, who: Caller, code: str = Path(min_length=4, max_length=32, pattern=r"^[0-9A-Za-z]+$")
) -> dict:
    """Check in by the appointment's code (from its QR): a ticket with priority."""
    require(who, "kiosk")
    appointment, ticket = appointments.check_in(ctx.store, code=code, issued_by=who.token_id)
    return {"appointment": appointment, "ticket": ticket.to_dict()}
