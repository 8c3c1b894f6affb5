"""The kiosk's ticket leases: blocks of numbers the hub reserved for it, handed out one
by one while the hub cannot be reached.

Kept in the outbox's file, so that handing out a number and storing its ticket's record
are one transaction: after a crash or a restart the number is either used (its record
is in the outbox and goes to the hub) or still free — never handed out twice.

    book = LeaseBook(outbox)
    book.add(lease)                                  # from POST /api/v1/leases
    book.remaining("A", now)                         # numbers left that may be issued now
    issued = book.issue("A", now=now, priority=None, person=key)   # or LeaseEmpty

Thread: any (the outbox's lock serialises every call).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from offline_cache.outbox.store import Outbox
from offline_cache.wire.lease import Lease, OfflineTicket, number

KIND = "ticket"


class LeaseEmpty(Exception):
    """No leased number of the service may be issued now (none held, all used, expired)."""

    def __init__(self, service: str) -> None:
        self.service = service
        super().__init__(f"no leased number of service {service} left")


class _Raced(Exception):
    """The number was handed out by another handle between reading and storing."""


@dataclass(frozen=True)
class IssuedOffline:
    """A ticket handed out from a lease: its record (the ticket's id on the hub) and number."""

    record_id: str
    seq: int
    number: str
    service: str
    day: str
    issued_at: float
    priority: str | None


@dataclass(frozen=True)
class HeldOffline:
    """A person's ticket issued here offline (the local one-ticket-per-service check)."""

    record_id: str
    number: str
    service: str
    issued_at: float


class LeaseBook:
    """The leases in ``outbox``'s file.

    Args:
        outbox: the terminal's outbox (its connection, lock and ``put``).
    """

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    def add(self, lease: Lease) -> bool:
        """Keep a lease the hub granted (the same id again changes nothing). True if new."""
        with self.outbox._lock, self._tx() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO leases (id, service, prefix, day, first, last, next, expires_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    lease.id,
                    lease.service,
                    lease.prefix,
                    lease.day,
                    lease.first,
                    lease.last,
                    lease.first,
                    lease.expires_at,
                ),
            )
            return cur.rowcount == 1

    def remaining(self, service: str, now: float) -> int:
        """Numbers of ``service`` that may still be issued at ``now``."""
        with self.outbox._lock:
            row = self.outbox.conn.execute(
                "SELECT coalesce(sum(last - next + 1), 0) FROM leases WHERE service = ? AND expires_at > ?",
                (service, now),
            ).fetchone()
        return int(row[0])

    def issue(
        self, service: str, *, now: float, priority: str | None = None, person: str | None = None
    ) -> IssuedOffline:
        """Hand out the next leased number of ``service`` and store its ticket's record
        (kind ``ticket``) in the outbox, in one transaction.

        Raises:
            LeaseEmpty: no number of the service may be issued now.
            StorageError: the outbox cannot store it (nothing is used up then).
        """
        for _ in range(3):
            issued = self._issue_once(service, now, priority, person)
            if issued is not None:
                return issued
        raise LeaseEmpty(service)  # three races in a row: treat as none free

    def _issue_once(self, service: str, now: float, priority: str | None, person: str | None) -> IssuedOffline | None:
        """One try (None: another handle took the number first)."""
        with self.outbox._lock:
            row = self.outbox.conn.execute(
                "SELECT id, prefix, day, next FROM leases WHERE service = ? AND expires_at > ? AND next <= last"
                " ORDER BY day, first LIMIT 1",
                (service, now),
            ).fetchone()
            if row is None:
                raise LeaseEmpty(service)
            lease_id, prefix, day, n = row[0], row[1], row[2], int(row[3])
            text = number(prefix, n)
            body = OfflineTicket(lease_id, service, n, now, priority, person).to_dict()

            def use(conn: sqlite3.Connection, record_id: str) -> None:
                moved = conn.execute("UPDATE leases SET next = next + 1 WHERE id = ? AND next = ?", (lease_id, n))
                if moved.rowcount != 1:
                    raise _Raced()
                conn.execute(
                    "INSERT INTO offline_tickets (record_id, lease, service, day, number, person, issued_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (record_id, lease_id, service, day, text, person, now),
                )

            try:
                record = self.outbox.put(KIND, body, personal={"person"}, within=use)
            except _Raced:
                return None
        return IssuedOffline(record.id, record.seq, text, service, day, now, priority)

    def held(self, person: str, service: str, now: float) -> HeldOffline | None:
        """The person's ticket of ``service`` issued here offline on a lease still good at
        ``now`` (the hub keeps the earlier of two anyway; this stops the second at once)."""
        with self.outbox._lock:
            row = self.outbox.conn.execute(
                "SELECT t.record_id, t.number, t.service, t.issued_at FROM offline_tickets t"
                " JOIN leases l ON l.id = t.lease"
                " WHERE t.person = ? AND t.service = ? AND l.expires_at > ? ORDER BY t.issued_at LIMIT 1",
                (person, service, now),
            ).fetchone()
        return HeldOffline(row[0], row[1], row[2], row[3]) if row is not None else None

    def forget_expired(self, now: float) -> int:
        """Drop leases past their expiry (their unused numbers are never used) and the
        offline tickets of days gone; returns how many leases went."""
        with self.outbox._lock:
            if (
                self.outbox.conn.execute("SELECT 1 FROM leases WHERE expires_at <= ? LIMIT 1", (now,)).fetchone()
                is None
            ):
                return 0  # nothing to write (no fsync on the common path)
        with self.outbox._lock, self._tx() as conn:
            gone = conn.execute("DELETE FROM leases WHERE expires_at <= ?", (now,)).rowcount
            conn.execute("DELETE FROM offline_tickets WHERE lease NOT IN (SELECT id FROM leases)")
            return gone

    def leases(self) -> list[dict[str, Any]]:
        """Every lease held, with its next number (maintenance, tests)."""
        with self.outbox._lock:
            cur = self.outbox.conn.execute(
                "SELECT id, service, prefix, day, first, last, next, expires_at FROM leases ORDER BY service, first"
            )
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def _tx(self):
        from offline_cache.db import transaction

        return transaction(self.outbox.conn, self.outbox.db_path)
