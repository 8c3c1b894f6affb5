"""A ticket lease: a block of future numbers of one service and service day that the hub
reserved for one kiosk, which issues them while the hub cannot be reached
(``POST /api/v1/leases``; docs/hub-api.md "Tickets while the hub is away")."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from offline_cache.wire import _check as c
from offline_cache.wire.errors import WireError


@dataclass(frozen=True)
class Lease:
    """Numbers ``first``..``last`` of ``service`` on service day ``day``.

    ``expires_at`` (epoch seconds) is the end of the service day or the service's closing
    time, whichever comes first: no number of the lease may be issued after it.
    """

    id: str
    service: str
    prefix: str
    day: str
    first: int
    last: int
    expires_at: float

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    def number(self, n: int) -> str:
        """The printed number, as the hub writes it (prefix + at least three digits)."""
        return number(self.prefix, n)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "service": self.service,
            "prefix": self.prefix,
            "day": self.day,
            "first": self.first,
            "last": self.last,
            "expires_at": self.expires_at,
        }

    @classmethod
    def from_dict(cls, d: Any, where: str = "") -> Lease:
        d = c.mapping(d, where)
        first = c.integer(d, "first", where, low=1)
        last = c.integer(d, "last", where, low=first)
        expires = d.get("expires_at")
        if isinstance(expires, bool) or not isinstance(expires, (int, float)) or not math.isfinite(expires):
            raise WireError(f"{where}.expires_at" if where else "expires_at", "not a number of epoch seconds")
        lease_id = c.text(d, "id", where, max_len=32)
        if not (lease_id.isascii() and lease_id.isalnum()):
            raise WireError(f"{where}.id" if where else "id", "not letters and digits")
        return cls(
            id=lease_id,
            service=c.text(d, "service", where, max_len=32),
            prefix=c.text(d, "prefix", where, max_len=4),
            day=c.text(d, "day", where, max_len=10),
            first=first,
            last=last,
            expires_at=float(expires),
        )


def number(prefix: str, n: int) -> str:
    """``A`` and 7 -> ``A007`` (the hub's ``QueueRules.number``)."""
    return f"{prefix}{n:03d}"


#: Priority classes a kiosk may give a ticket it issues offline (never ``appointment``:
#: a check-in needs the hub).
OFFLINE_PRIORITIES = ("elderly", "disabled", "pregnant", "green_channel")


@dataclass(frozen=True)
class OfflineTicket:
    """A ticket a kiosk issued from its lease while the hub was away: the outbox record's
    body (kind ``ticket``); the record id is the ticket's id on the hub.

    ``issued_at`` is the kiosk's clock (epoch seconds): the hub queues the ticket by it.
    ``person`` is the opaque keyed hash (``HubConnection.person_key``), never an ID number.
    """

    lease: str
    service: str
    n: int
    issued_at: float
    priority: str | None = None
    person: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "lease": self.lease,
            "service": self.service,
            "n": self.n,
            "issued_at": self.issued_at,
            "priority": self.priority,
            "person": self.person,
        }

    @classmethod
    def from_dict(cls, d: Any, where: str = "") -> OfflineTicket:
        d = c.mapping(d, where)
        issued = d.get("issued_at")
        if isinstance(issued, bool) or not isinstance(issued, (int, float)) or not math.isfinite(issued) or issued <= 0:
            raise WireError(f"{where}.issued_at" if where else "issued_at", "not a number of epoch seconds")
        person = c.text(d, "person", where, optional=True, max_len=128)
        if person is not None and len(person) < 8:
            raise WireError(f"{where}.person" if where else "person", "shorter than 8 characters")
        return cls(
            lease=c.text(d, "lease", where, max_len=32),
            service=c.text(d, "service", where, max_len=32),
            n=c.integer(d, "n", where, low=1, high=999_999),
            issued_at=float(issued),
            priority=c.choice(d, "priority", OFFLINE_PRIORITIES, where, optional=True),
            person=person,
        )
