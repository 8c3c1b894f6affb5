"""帮办代办 and 办不成事 records: a helper's audit step and a could-not-get-it-done report.

Both travel through the outbox (kinds ``audit_entry`` and ``unresolved_report``). An
audit step carries only masked citizen data (the terminal masks before it stores); a
report carries the citizen's phone when one was given (sealed in the outbox; the hub
keeps it for the 12345 call-back and shows it masked).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from offline_cache.wire import _check as c
from offline_cache.wire.errors import WireError

STAFF_RE = re.compile(r"[0-9A-Za-z]{1,32}")
ACTION_RE = re.compile(r"[a-z][a-z0-9_.]{0,63}")
REFERENCE_RE = re.compile(r"[A-Z0-9][A-Z0-9-]{5,31}")
PHONE_RE = re.compile(r"1[3-9][0-9]{9}|0[0-9]{9,11}")  # a mobile, or a landline with its area code
# What went wrong (办不成事), tappable on the form; "other" needs the free text.
UNRESOLVED_REASONS = ("materials", "rules", "system", "queue", "referred", "other")
MAX_DETAILS = 20


def _details(value: Any, where: str) -> dict[str, str]:
    d = c.mapping(value, where)
    if len(d) > MAX_DETAILS:
        raise WireError(where, f"more than {MAX_DETAILS} entries")
    out: dict[str, str] = {}
    for k in d:
        if not isinstance(k, str) or not ACTION_RE.fullmatch(k):
            raise WireError(f"{where}.{k}", "not a detail name (a-z, digits, '_', '.')")
        out[k] = c.text(d, k, where, max_len=200, allow_empty=True)
    return out


@dataclass(frozen=True)
class AuditEntry:
    """One step a helper took on a citizen's behalf (帮办留痕)."""

    helper: str  # the helper's staff number (工号)
    at: str  # ISO 8601 at the terminal
    screen: str  # where it happened (``guide``, ``ticket_done`` ...)
    action: str  # what was done (``notice.printed``, ``ticket.taken`` ...)
    visit: str = ""  # the visit's random id: the steps of one assisted visit
    hall_code: str = ""
    details: dict[str, str] = field(default_factory=dict)  # masked values only

    def to_dict(self) -> dict[str, Any]:
        return {
            "helper": self.helper,
            "at": self.at,
            "screen": self.screen,
            "action": self.action,
            "visit": self.visit,
            "hall_code": self.hall_code,
            "details": dict(self.details),
        }

    @classmethod
    def from_dict(cls, value: Any, where: str = "") -> AuditEntry:
        d = c.mapping(value, where)
        helper = c.text(d, "helper", where, max_len=32)
        if not STAFF_RE.fullmatch(helper):
            raise WireError(f"{where}.helper" if where else "helper", "not a staff number")
        action = c.text(d, "action", where, max_len=64)
        if not ACTION_RE.fullmatch(action):
            raise WireError(f"{where}.action" if where else "action", "not an action name")
        return cls(
            helper=helper,
            at=c.text(d, "at", where, max_len=40),
            screen=c.text(d, "screen", where, max_len=64),
            action=action,
            visit=c.text(d, "visit", where, optional=True, max_len=64, allow_empty=True) or "",
            hall_code=c.text(d, "hall_code", where, optional=True, max_len=64, allow_empty=True) or "",
            details=_details(d.get("details", {}), f"{where}.details" if where else "details"),
        )


@dataclass(frozen=True)
class UnresolvedReport:
    """A citizen could not get it done (办不成事): for the hall's window and 12345."""

    reference: str  # printed on the slip at once; the hub keeps it
    reported_at: str  # ISO 8601 at the terminal
    tried: str  # what the citizen tried (the item's name, or typed)
    reasons: tuple[str, ...]
    task_code: str = ""
    text: str = ""
    phone: str = ""  # digits only, or ""
    hall_code: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "reported_at": self.reported_at,
            "tried": self.tried,
            "reasons": list(self.reasons),
            "task_code": self.task_code,
            "text": self.text,
            "phone": self.phone,
            "hall_code": self.hall_code,
        }

    @classmethod
    def from_dict(cls, value: Any, where: str = "") -> UnresolvedReport:
        d = c.mapping(value, where)

        def at(key: str) -> str:
            return f"{where}.{key}" if where else key

        reference = c.text(d, "reference", where, max_len=32)
        if not REFERENCE_RE.fullmatch(reference):
            raise WireError(at("reference"), "not a reference (capitals, digits, '-')")
        reasons = d.get("reasons", [])
        if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
            raise WireError(at("reasons"), "not a list of reasons")
        bad = [r for r in reasons if r not in UNRESOLVED_REASONS]
        if bad:
            raise WireError(at("reasons"), "not one of " + ", ".join(UNRESOLVED_REASONS))
        text = c.text(d, "text", where, optional=True, max_len=300, allow_empty=True) or ""
        if not reasons and not text.strip():
            raise WireError(at("reasons"), "give a reason or a few words")
        phone = c.text(d, "phone", where, optional=True, max_len=12, allow_empty=True) or ""
        if phone and not PHONE_RE.fullmatch(phone):
            raise WireError(at("phone"), "not a phone number")
        return cls(
            reference=reference,
            reported_at=c.text(d, "reported_at", where, max_len=40),
            tried=c.text(d, "tried", where, max_len=200),
            reasons=tuple(dict.fromkeys(reasons)),
            task_code=c.text(d, "task_code", where, optional=True, max_len=36, allow_empty=True) or "",
            text=text,
            phone=phone,
            hall_code=c.text(d, "hall_code", where, optional=True, max_len=64, allow_empty=True) or "",
        )
