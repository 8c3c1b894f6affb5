"""Cases (办件) on the wire: what a terminal submits, the statuses a case goes through,
and the status changes the hub reports back.

A submission is the body :meth:`kiosk.sync.SyncService.put_case` stores: the item's
implementation code, the terminal and hall, the applicant and the form's values. The
applicant and the values are personal: the hub stores them as received and never logs
them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from offline_cache.wire import _check as c
from offline_cache.wire.errors import WireError

#: submitted (收件) → accepted (受理) → in_progress (办理中) → finished (办结) / rejected (不予受理)
CASE_STATUSES = ("submitted", "accepted", "in_progress", "finished", "rejected")
#: Which status may follow which; finished and rejected are final.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    "submitted": ("accepted", "rejected"),
    "accepted": ("in_progress", "finished", "rejected"),
    "in_progress": ("finished", "rejected"),
    "finished": (),
    "rejected": (),
}
MAX_BLOBS = 20


@dataclass(frozen=True)
class CaseSubmission:
    """One case as a terminal sends it (``POST /api/v1/cases``, field ``body``)."""

    task_code: str
    terminal_id: str
    hall_code: str
    area_code: str
    applicant: dict[str, Any]
    values: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "task_code": self.task_code,
            "terminal_id": self.terminal_id,
            "hall_code": self.hall_code,
            "area_code": self.area_code,
            "applicant": dict(self.applicant),
            "values": dict(self.values),
        }

    @classmethod
    def from_dict(cls, d: Any, where: str = "") -> CaseSubmission:
        d = c.mapping(d, where)
        code = c.text(d, "task_code", where, max_len=36)
        if not code.isprintable() or code != code.strip():
            raise WireError(c._path(where, "task_code"), "not a code")
        applicant = c.mapping(c.get(d, "applicant", where), c._path(where, "applicant"))
        values = c.mapping(c.get(d, "values", where), c._path(where, "values"))
        return cls(
            task_code=code,
            terminal_id=c.text(d, "terminal_id", where, max_len=100),
            hall_code=c.text(d, "hall_code", where, max_len=64),
            area_code=c.text(d, "area_code", where, max_len=64, allow_empty=True),
            applicant=dict(applicant),
            values=dict(values),
        )


@dataclass(frozen=True)
class StatusChange:
    """A back-office system's status change (``POST /api/v1/cases/{number}/status``)."""

    status: str
    note: str = ""

    @classmethod
    def from_dict(cls, d: Any, where: str = "") -> StatusChange:
        d = c.mapping(d, where)
        status = c.choice(d, "status", CASE_STATUSES[1:], where)
        note = c.text(d, "note", where, optional=True, max_len=500, allow_empty=True) or ""
        return cls(status=status, note=note)


@dataclass(frozen=True)
class CaseUpdate:
    """A status change the terminal pulls (``GET /api/v1/case-updates``): ``record_id``
    is the outbox record (the Idempotency-Key the case went up with); ``at`` (epoch
    seconds) grows strictly per terminal, so the newest one is the next cursor."""

    record_id: str
    case_number: str
    status: str
    at: float

    def to_dict(self) -> dict[str, Any]:
        return {"record_id": self.record_id, "case_number": self.case_number, "status": self.status, "at": self.at}

    @classmethod
    def from_dict(cls, d: Any, where: str = "") -> CaseUpdate:
        d = c.mapping(d, where)
        at = c.get(d, "at", where)
        if isinstance(at, bool) or not isinstance(at, (int, float)) or not math.isfinite(at):
            raise WireError(c._path(where, "at"), "not a time")
        return cls(
            record_id=c.text(d, "record_id", where, max_len=64),
            case_number=c.text(d, "case_number", where, max_len=64),
            status=c.choice(d, "status", CASE_STATUSES, where),
            at=float(at),
        )
