"""Request and response bodies (pydantic), so that ``/openapi.json`` documents them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Priority = Literal["elderly", "disabled", "pregnant", "green_channel"]
Status = Literal["waiting", "called", "held", "skipped", "finished", "transferred", "expired"]


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


class TicketOut(BaseModel):
    id: str
    number: str
    service: str
    status: Status
    priority: str | None
    ahead: int
    estimated_wait_s: int
    issued_at: str
    window: int | None
    called_at: str | None
    recalls: int
    staff: str | None


class TicketEnvelope(BaseModel):
    ticket: TicketOut


class ServiceOut(BaseModel):
    code: str
    prefix: str
    name: str
    open_now: bool
    opens_at: str | None
    name_en: str = ""


class CallOut(BaseModel):
    number: str
    service: str
    window: int
    called_at: str
    status: str  # the ticket's now: called | held at the window, or ended (finished, skipped ...)


class SnapshotOut(BaseModel):
    seq: int
    waiting: dict[str, int]
    recent_calls: list[CallOut]


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
