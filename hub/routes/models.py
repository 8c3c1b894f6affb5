"""Request bodies (pydantic) and the few answers that are no wire message, so that
``/openapi.json`` documents them. The queue's answers are the wire dataclasses
themselves (``offline_cache.wire.queue``: ``Ticket``, ``QueueService``,
``QueueSnapshot``), never copies of them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from offline_cache.wire import Ticket

# What a kiosk may ask for; ``appointment`` (PRIORITY_CLASSES) is given by check-in only.
Priority = Literal["elderly", "disabled", "pregnant", "green_channel"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IssueRequest(Strict):
    service: str = Field(min_length=1, max_length=32, description="service code, e.g. A")
    priority: Priority | None = None
    person: str | None = Field(
        None, min_length=8, max_length=128, description="opaque keyed hash of the citizen's ID, never the ID"
    )


class ActionRequest(Strict):
    staff: str | None = Field(None, min_length=1, max_length=32, description="clerk's staff number")


class NextRequest(ActionRequest):
    pass


class TransferRequest(ActionRequest):
    service: str = Field(min_length=1, max_length=32)


class TicketEnvelope(BaseModel):
    """``{"ticket": ...}``: what calling, recalling, finishing ... answer."""

    ticket: Ticket


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    error: ErrorBody


class AppointmentRequest(Strict):
    service: str = Field(min_length=1, max_length=32)
    slot: str = Field(min_length=10, max_length=40, description="ISO 8601 start, e.g. 2026-12-05T09:30:00+08:00")
    person: str | None = Field(None, min_length=8, max_length=128)


class CheckInRequest(Strict):
    person: str = Field(min_length=8, max_length=128)


class AppointmentOut(BaseModel):
    code: str
    service: str
    slot: str
    status: str
    qr: str = Field(description="text to put in the QR code")
    ticket_id: str | None = None


ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorOut} for code in (401, 403, 404, 409, 422, 423)}
