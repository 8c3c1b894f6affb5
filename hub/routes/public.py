"""``GET /q/{ticket_id}``: the page the QR code on a queue ticket opens on a phone
(the page itself: ``hub/public.py``).

Public (a phone has no token). The id is a random 128-bit hex string, so pages cannot
be guessed.
"""

import re

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from hub import public
from hub.auth import HubDep
from hub.queue import QueueRuleError

router = APIRouter()
_ID = re.compile(r"^[0-9a-f]{1,64}$")


def _html(page: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store"})


# A page for phones, not part of the API contract: left out of the OpenAPI document
# (its errors are HTML pages, not the JSON error shape).
@router.get("/q/{ticket_id}", response_class=HTMLResponse, tags=["hub"], include_in_schema=False)
def follow(ctx: HubDep, ticket_id: str) -> HTMLResponse:
    """A ticket's number, status and people ahead, as plain HTML for a phone."""
    if not _ID.match(ticket_id):
        return _html(public.missing_page(), 404)
    try:
        ticket = ctx.store.get(ticket_id)
    except QueueRuleError:
        return _html(public.missing_page(), 404)
    service = ctx.rules.hall.service(ticket.service)
    return _html(public.ticket_page(ctx.rules.hall.name, ticket, service.name if service else ticket.service))
