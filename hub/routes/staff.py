"""``/api/v1/staff/sign-in``: a clerk signs in at a window with staff number and PIN."""

from fastapi import APIRouter, Depends
from pydantic import Field

from hub import staff
from hub.auth import HubDep, principal
from hub.errors import ApiError
from hub.routes.models import ERRORS, ErrorOut, Strict
from hub.tokens import Principal

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["staff"])


class SignInRequest(Strict):
    staff: str = Field(
        min_length=1, max_length=32, pattern=r"^[0-9A-Za-z]+$", description="the clerk's staff number (工号)"
    )
    pin: str = Field(min_length=4, max_length=12, pattern=r"^[0-9]+$")


@router.post(
    "/staff/sign-in", responses={429: {"model": ErrorOut, "description": "locked after 5 wrong PINs from this token"}}
)
def sign_in(ctx: HubDep, body: SignInRequest, who: Principal = Depends(principal)) -> dict:
    """Check a clerk's PIN (window tokens; kiosk tokens for a helper, 帮办代办):
    ``{"staff", "name", "window"}``. 401 ``staff.wrong_pin`` (+ ``tries_left``); 429
    ``staff.locked`` (+ ``retry_after_s``) after five wrong PINs from this token for this
    number (escalating; limits per token and per number: hub/staff.py ``limits``). A
    known and an unknown number are refused alike."""
    if who.role not in ("window", "kiosk"):
        raise ApiError(
            403, "auth.forbidden", f"a {who.role} token may not sign a clerk in (needs a window or kiosk token)"
        )
    try:
        clerk = staff.sign_in(ctx.engine, body.staff, body.pin, ctx.settings.clock, caller=who.token_id)
    except staff.SignInRefused as exc:
        raise ApiError(429 if exc.code == "staff.locked" else 401, exc.code, exc.message, **exc.data) from None
    return {**clerk.to_dict(), "window": who.window}
