"""The queue engine's rules, pure: no database, no HTTP, the clock injected.

    (issued) --> waiting --call--> called --finish--> finished
                    ^  |             |  |--skip----> skipped   (no-show)
                    |  |             |  |--recall--> called    (recalls + 1, at most recall_max)
                    |  |             |  '--hold----> held --resume--> called
                    |  '--transfer---+--------------'  (transfer from waiting/called/held:
                    '-------------------------------   same number, the other service's queue)
    waiting/called/held --(service day ends)--> expired

The database layer (``hub.store``) asks these functions what to do inside one
transaction: which service day it is, whether a service is open, the next number, which
waiting ticket a window calls, and whether an action is allowed on a ticket's status.

Priority rule: tickets of a priority class are called first, but while regular tickets
wait, at most ``priority_per_regular`` priority calls are made in a row at a window;
then a regular ticket is called (so neither queue starves). Within a class: first come,
first served (the time the ticket joined its current service's queue).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hub.hall import Hall, Service

ACTIVE = ("waiting", "called", "held")
ACTIONS = ("recall", "skip", "hold", "resume", "finish", "transfer")
# action -> statuses it may start from, and the status it leads to
_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "recall": (("called",), "called"),
    "skip": (("called",), "skipped"),
    "hold": (("called",), "held"),
    "resume": (("held",), "called"),
    "finish": (("called", "held"), "finished"),
    "transfer": (("waiting", "called", "held"), "waiting"),
}


# Leased numbers (hub.leases) come from a band of their own, 701-999: above what one
# service issues on most days (on a busier one the hub's own numbers step over the band,
# to 1000), and still three digits, so every board, LED display and voice shows them as
# it shows any number.
LEASE_BAND_START = 701
LEASE_BAND_END = 999


class QueueRuleError(Exception):
    """An operation the queue rules refuse; ``code`` is the API's error code.

    Args:
        code: e.g. ``"ticket.already_finished"`` (docs/hub-api.md lists them).
        message: one line for a technician reading logs or curl output.
        status: the HTTP status the API answers with (409 conflict, 423 closed ...).
        **data: extra fields for the error body (``opens_at``, ``ticket``).
    """

    def __init__(self, code: str, message: str, status: int = 409, **data: object) -> None:
        self.code = code
        self.message = message
        self.status = status
        self.data = data
        super().__init__(f"{code}: {message}")


@dataclass(frozen=True)
class Candidate:
    """A waiting ticket as the call-next rule sees it."""

    id: str
    priority: bool
    queued_at: float  # epoch seconds it joined its service's queue
    order: int = 0  # tie-break (its number) when two joined in the same instant


@dataclass(frozen=True)
class Pick:
    """The ticket to call and the window's new count of priority calls in a row."""

    ticket_id: str
    streak: int


class QueueRules:
    """The hall's queue rules against a clock.

    Args:
        hall: services, windows, reset hour, recall and priority limits.
        clock: epoch seconds now (``time.time``), injectable for tests.
    """

    def __init__(self, hall: Hall, clock: Callable[[], float]) -> None:
        self.hall = hall
        self.clock = clock
        self.tz = _zone(hall.timezone)

    # ---- time -------------------------------------------------------------------------
    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), self.tz)

    def local(self, epoch: float | None) -> str | None:
        """Epoch seconds as ISO 8601 in the hall's time zone (what the API shows)."""
        if epoch is None:
            return None
        return datetime.fromtimestamp(epoch, self.tz).isoformat(timespec="seconds")

    def service_day(self, at: datetime | None = None) -> str:
        """The service day (YYYY-MM-DD) ``at`` belongs to: a day starts at reset_hour."""
        at = at or self.now()
        return (at - timedelta(hours=self.hall.reset_hour)).date().isoformat()

    def day_start(self, day: str) -> float:
        """Epoch seconds at which service day ``day`` begins."""
        d = date.fromisoformat(day)
        start = datetime(d.year, d.month, d.day, self.hall.reset_hour, tzinfo=self.tz)
        return start.timestamp()

    # ---- services ---------------------------------------------------------------------
    def service(self, code: str) -> Service:
        service = self.hall.service(code)
        if service is None:
            raise QueueRuleError(
                "service.unknown",
                f"no service {code!r} in this hall (services: {', '.join(self.hall.service_codes)})",
                404,
            )
        return service

    def open_now(self, service: Service) -> tuple[bool, str | None]:
        """Whether the service issues tickets now, and if not, when it opens next."""
        now = self.now()
        if service.hours.is_open(now):
            return True, None
        nxt = service.hours.next_open(now)
        return False, nxt.isoformat(timespec="seconds") if nxt else None

    def check_open(self, service: Service) -> None:
        """Raise ``service.closed`` (423, with ``opens_at``) outside its hours."""
        is_open, opens_at = self.open_now(service)
        if not is_open:
            raise QueueRuleError(
                "service.closed",
                f"service {service.code} is closed now" + (f"; it opens at {opens_at}" if opens_at else ""),
                423,
                opens_at=opens_at,
            )

    def check_slot(self, service: Service, slot: datetime) -> None:
        """An appointment slot must be in the future and inside the service's hours."""
        if slot.timestamp() <= self.clock():
            raise QueueRuleError("appointment.slot_past", "the slot is not in the future", 422)
        local = slot.astimezone(self.tz)
        if not service.hours.covers(local):
            day = "weekend" if local.weekday() >= 5 else "weekday"
            raise QueueRuleError(
                "appointment.slot_closed",
                f"service {service.code} is not open at {local.isoformat(timespec='minutes')} ({day})",
                422,
            )

    # ---- windows ----------------------------------------------------------------------
    def serves(self, window: int) -> tuple[str, ...]:
        """The service codes a window serves (``window.unknown`` 404 for no such window)."""
        codes = self.hall.windows.get(window)
        if codes is None:
            raise QueueRuleError("window.unknown", f"no window {window} in this hall", 404)
        return codes

    # ---- numbers and calls ------------------------------------------------------------
    @staticmethod
    def number(prefix: str, n: int) -> str:
        """The printed number: prefix + at least three digits (A001 ... A999, A1000)."""
        return f"{prefix}{n:03d}"

    def pick(self, waiting: Sequence[Candidate], streak: int) -> Pick | None:
        """Which waiting ticket a window calls next (None: nobody waits).

        Args:
            waiting: the waiting tickets of the services the window serves.
            streak: priority calls the window made in a row while regulars waited.
        """

        def key(c: Candidate) -> tuple:
            return (c.queued_at, c.order)

        priority = min((c for c in waiting if c.priority), key=key, default=None)
        regular = min((c for c in waiting if not c.priority), key=key, default=None)
        if priority is None and regular is None:
            return None
        if regular is None:
            assert priority is not None
            return Pick(priority.id, streak)  # no regular waits: nothing to starve
        if priority is None or streak >= self.hall.priority_per_regular:
            return Pick(regular.id, 0)
        return Pick(priority.id, streak + 1)

    def transition(self, action: str, status: str, recalls: int) -> str:
        """The status ``action`` leads to from ``status`` (QueueRuleError if refused)."""
        if action not in _TRANSITIONS:
            raise QueueRuleError("ticket.unknown_action", f"no action {action!r} (actions: {', '.join(ACTIONS)})", 404)
        allowed, result = _TRANSITIONS[action]
        if status not in allowed:
            if status == "finished" and action == "finish":
                raise QueueRuleError("ticket.already_finished", "this ticket is already finished")
            raise QueueRuleError(
                "ticket.wrong_status",
                f"cannot {action} a ticket that is {status} (only when {' or '.join(allowed)})",
                status=409,
            )
        if action == "recall" and recalls >= self.hall.recall_max:
            raise QueueRuleError(
                "ticket.recall_limit",
                f"already recalled {recalls} times (the hall allows {self.hall.recall_max}); skip or finish it",
            )
        return result

    def estimate_s(self, service: Service, ahead: int) -> int:
        """A waiting-time estimate: the tickets ahead over the windows serving it."""
        windows = sum(1 for codes in self.hall.windows.values() if service.code in codes)
        return int(ahead * service.avg_service_s / max(1, windows))


def _zone(name: str) -> timezone | ZoneInfo:
    try:
        return ZoneInfo(name)
    except Exception:
        return timezone(timedelta(hours=8)) if name == "Asia/Shanghai" else UTC
