"""Queue messages: services, tickets, calls, the snapshot and the event stream's events.

The hub sends these as JSON (docs/hub-api.md); terminals read them with ``from_dict``.
Times are ISO 8601 strings with the hall's UTC offset (``2026-12-02T09:30:00+08:00``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, cast, get_args

from offline_cache.wire import _check as c
from offline_cache.wire.errors import WireError

#: waiting: in a service's queue; called: at a window; held: put aside by the window
#: (e.g. the citizen fetches a paper) until resumed; skipped: called and did not come;
#: finished: served; transferred: reserved for a ticket handed to another hall (a ticket
#: transferred between services of this hall is ``waiting`` in its new service);
#: expired: still open when its service day ended; void: a ticket issued offline that
#: clashed with the same person's earlier ticket for the service (the earlier one is kept).
TicketStatus = Literal["waiting", "called", "held", "skipped", "finished", "transferred", "expired", "void"]
TICKET_STATUSES: tuple[TicketStatus, ...] = get_args(TicketStatus)
#: Priority classes served before the regular queue (by the hall's priority rule);
#: ``appointment`` is given to a checked-in appointment.
PriorityClass = Literal["elderly", "disabled", "pregnant", "green_channel", "appointment"]
PRIORITY_CLASSES: tuple[PriorityClass, ...] = get_args(PriorityClass)
EVENT_KINDS = (
    "ticket.issued",
    "ticket.called",
    "ticket.recalled",
    "ticket.skipped",
    "ticket.held",
    "ticket.resumed",
    "ticket.finished",
    "ticket.transferred",
    "ticket.expired",
    "ticket.voided",
    "snapshot",
    "help.requested",
)


@dataclass(frozen=True)
class QueueService:
    """A queue the hall offers (综合受理, 社保医保 ...): its code, number prefix and hours."""

    code: str
    prefix: str
    name: str
    open_now: bool
    opens_at: str | None = None  # when it opens next, if it is closed now
    name_en: str = ""  # the hall file's English name ("" = none; older hubs send none)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "prefix": self.prefix,
            "name": self.name,
            "open_now": self.open_now,
            "opens_at": self.opens_at,
            "name_en": self.name_en,
        }

    @classmethod
    def from_dict(cls, d: Any, where: str = "") -> QueueService:
        d = c.mapping(d, where)
        return cls(
            code=c.text(d, "code", where, max_len=32),
            prefix=c.text(d, "prefix", where, max_len=4),
            name=c.text(d, "name", where, max_len=200),
            open_now=c.boolean(d, "open_now", where),
            opens_at=c.text(d, "opens_at", where, optional=True, max_len=40),
            name_en=c.text(d, "name_en", where, optional=True, max_len=200, allow_empty=True) or "",
        )


@dataclass(frozen=True)
class Ticket:
    """A queue number as the hub holds it."""

    id: str
    number: str  # prefix + 3 digits, e.g. "A001"
    service: str
    status: TicketStatus  # a Literal: the OpenAPI document lists every status (void too)
    priority: PriorityClass | None = None
    ahead: int = 0  # tickets to be served before this one (0 unless waiting)
    estimated_wait_s: int = 0
    issued_at: str = ""
    window: int | None = None  # the window that called it (called/held/finished/skipped)
    called_at: str | None = None
    recalls: int = 0
    staff: str | None = None  # the clerk's staff number (工号), when the window gave one

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "service": self.service,
            "status": self.status,
            "priority": self.priority,
            "ahead": self.ahead,
            "estimated_wait_s": self.estimated_wait_s,
            "issued_at": self.issued_at,
            "window": self.window,
            "called_at": self.called_at,
            "recalls": self.recalls,
            "staff": self.staff,
        }

    @classmethod
    def from_dict(cls, d: Any, where: str = "") -> Ticket:
        d = c.mapping(d, where)
        return cls(
            id=c.text(d, "id", where, max_len=64),
            number=c.text(d, "number", where, max_len=16),
            service=c.text(d, "service", where, max_len=32),
            status=cast(TicketStatus, c.choice(d, "status", TICKET_STATUSES, where)),
            priority=cast(PriorityClass | None, c.choice(d, "priority", PRIORITY_CLASSES, where, optional=True)),
            ahead=c.integer(d, "ahead", where, low=0),
            estimated_wait_s=c.integer(d, "estimated_wait_s", where, low=0),
            issued_at=c.text(d, "issued_at", where, max_len=40),
            window=c.integer(d, "window", where, optional=True, low=1),
            called_at=c.text(d, "called_at", where, optional=True, max_len=40),
            recalls=c.integer(d, "recalls", where, optional=True, low=0) or 0,
            staff=c.text(d, "staff", where, optional=True, max_len=32),
        )


@dataclass(frozen=True)
class QueueCall:
    """One call shown on the hall board: 请 A001 号到 3 号窗口."""

    number: str
    service: str
    window: int
    called_at: str
    # The ticket's status now: a finished or skipped one is history, not 正在呼叫 (an
    # older hub does not send it: taken as still called).
    status: TicketStatus = "called"

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "service": self.service,
            "window": self.window,
            "called_at": self.called_at,
            "status": self.status,
        }

    @classmethod
    def from_dict(cls, d: Any, where: str = "") -> QueueCall:
        d = c.mapping(d, where)
        return cls(
            number=c.text(d, "number", where, max_len=16),
            service=c.text(d, "service", where, max_len=32),
            window=c.integer(d, "window", where, low=1),
            called_at=c.text(d, "called_at", where, max_len=40),
            status=cast(TicketStatus, c.choice(d, "status", TICKET_STATUSES, where, optional=True) or "called"),
        )


@dataclass(frozen=True)
class QueueSnapshot:
    """The queue now: the last event's sequence number, waiting counts, recent calls."""

    seq: int
    waiting: dict[str, int] = field(default_factory=dict)  # service code -> tickets waiting
    recent_calls: list[QueueCall] = field(default_factory=list)  # newest first

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "waiting": dict(self.waiting),
            "recent_calls": [call.to_dict() for call in self.recent_calls],
        }

    @classmethod
    def from_dict(cls, d: Any, where: str = "") -> QueueSnapshot:
        d = c.mapping(d, where)
        seq = c.integer(d, "seq", where, low=0)
        waiting_raw = c.mapping(c.get(d, "waiting", where), _sub(where, "waiting"))
        waiting: dict[str, int] = {}
        for code in waiting_raw:
            if not isinstance(code, str):
                raise WireError(_sub(where, "waiting"), "a service code is not a string")
            waiting[code] = c.integer(waiting_raw, code, _sub(where, "waiting"), low=0)
        calls_raw = c.get(d, "recent_calls", where)
        if not isinstance(calls_raw, list):
            raise WireError(_sub(where, "recent_calls"), "not a list")
        calls = [QueueCall.from_dict(item, f"{_sub(where, 'recent_calls')}[{i}]") for i, item in enumerate(calls_raw)]
        return cls(seq=seq, waiting=waiting, recent_calls=calls)


@dataclass(frozen=True)
class QueueEvent:
    """One event of the hub's stream (SSE ``id:``, ``event:``, ``data:``).

    ``data`` of a ``ticket.*`` event is the ticket (``Ticket.to_dict()``), so it always
    names the number, and for ``ticket.called`` the window; ``snapshot`` carries a
    ``QueueSnapshot.to_dict()``.
    """

    seq: int
    kind: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind, "data": dict(self.data)}

    @classmethod
    def from_dict(cls, d: Any, where: str = "") -> QueueEvent:
        d = c.mapping(d, where)
        seq = c.integer(d, "seq", where, low=0)
        kind = c.choice(d, "kind", EVENT_KINDS, where)
        data = dict(c.mapping(c.get(d, "data", where), _sub(where, "data")))
        return cls(seq=seq, kind=kind, data=data)

    def ticket(self) -> Ticket:
        """The ticket a ``ticket.*`` event carries (WireError for a snapshot)."""
        if not self.kind.startswith("ticket."):
            raise WireError("kind", "not a ticket event")
        return Ticket.from_dict(self.data, "data")

    def snapshot(self) -> QueueSnapshot:
        """The snapshot a ``snapshot`` event carries."""
        if self.kind != "snapshot":
            raise WireError("kind", "not a snapshot event")
        return QueueSnapshot.from_dict(self.data, "data")


def _sub(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def ticket_list(items: Any, where: str = "tickets") -> list[Ticket]:
    """A list of tickets from JSON."""
    if not isinstance(items, list):
        raise WireError(where, "not a list")
    return [Ticket.from_dict(item, f"{where}[{i}]") for i, item in enumerate(items)]
