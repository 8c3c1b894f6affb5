"""Ticket leases and the tickets kiosks issued from them while the hub was away.

A lease is a block of future numbers of one service and service day, taken from a band
of their own (``LEASE_BAND_START`` to ``LEASE_BAND_END``: A701, A702 ...; counted in
``lease_counters``), so the
numbers the hub issues itself run on from A001 without gaps, the two never meet, and a
number printed offline is told apart at a glance. The
kiosk hands them out in order while it cannot reach the hub and sends each ticket up
through its outbox (``POST /api/v1/tickets/offline``, idempotent by the record id, which
becomes the ticket's id). Arriving, a ticket joins its service's queue at the place its
issue time gives it (the queue orders by ``queued_at``, then number).

Gaps: numbers of a lease the kiosk never handed out are never used; they are all in the
lease band, so the hub's own numbers stay gap-free (docs/hub-api.md).

One person, one active ticket per service: when an arriving ticket clashes with the
same person's active ticket, the earlier issued one is kept (a ticket already at a
window is always kept) and the other becomes ``void``; the answer reports the clash.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hub import db, idempotency
from hub.errors import ApiError
from hub.queue import ACTIVE, LEASE_BAND_END, LEASE_BAND_START, QueueRules
from hub.store import QueueStore, upsert
from hub.tables import counters, lease_counters, ticket_leases, tickets
from hub.tokens import Principal
from offline_cache.wire.lease import Lease, OfflineTicket

DEFAULT_SIZE = 20
MAX_SIZE = 100
# A kiosk asks for more when it runs low; this many numbers per service and day is far
# above a real kiosk's offline need and keeps one kiosk (or a runaway loop) from taking
# the whole band from the others.
MAX_PER_DAY = 100
_P = sa.bindparam


def grant(store: QueueStore, who: Principal, service_code: str, size: int = DEFAULT_SIZE) -> Lease:
    """Reserve ``size`` numbers of ``service_code`` today for the calling kiosk.

    Raises:
        QueueRuleError: unknown service (404), closed now (423).
        ApiError: 422 ``request.invalid`` for a bad size, 429 ``lease.limit`` past
            ``MAX_PER_DAY`` numbers of this service today for this terminal, 429
            ``lease.band_used_up`` when the band has no block of ``size`` left.
    """
    if not 1 <= size <= MAX_SIZE:
        raise ApiError(422, "request.invalid", f"size must be 1..{MAX_SIZE}", field="size")
    rules = store.rules
    service = rules.service(service_code)
    rules.check_open(service)
    with db.write(store.engine) as conn:
        day = rules.service_day()
        held = conn.execute(
            sa.select(sa.func.coalesce(sa.func.sum(ticket_leases.c.last - ticket_leases.c.first + 1), 0)).where(
                ticket_leases.c.terminal == who.terminal,
                ticket_leases.c.service == service.code,
                ticket_leases.c.day == day,
            )
        ).scalar_one()
        if int(held) + size > MAX_PER_DAY:
            raise ApiError(
                429,
                "lease.limit",
                f"terminal {who.terminal} already leased {held} numbers of service {service.code} today"
                f" (at most {MAX_PER_DAY})",
            )
        last = conn.execute(_reserve(conn), {"service": service.code, "day": day, "size": size}).scalar_one()
        if last > LEASE_BAND_END:  # raising rolls the reservation back
            raise ApiError(
                429,
                "lease.band_used_up",
                f"the numbers kept for leases of service {service.code} today are used up"
                f" ({LEASE_BAND_START}-{LEASE_BAND_END})",
            )
        now = rules.clock()
        lease = Lease(
            id=uuid.uuid4().hex,
            service=service.code,
            prefix=service.prefix,
            day=day,
            first=int(last) - size + 1,
            last=int(last),
            expires_at=expires_at(rules, service, day),
        )
        conn.execute(
            ticket_leases.insert().values(
                id=lease.id,
                terminal=who.terminal,
                token_id=who.token_id,
                service=lease.service,
                day=lease.day,
                first=lease.first,
                last=lease.last,
                granted_at=now,
                expires_at=lease.expires_at,
            )
        )
    return lease


def _reserve(conn: Connection):
    """``lease_counters.last_number += size`` (a new row starts at ``LEASE_BAND_START - 1 +
    size``), returning it; the row's lock orders two kiosks' leases."""
    stmt = upsert(conn, lease_counters).values(
        service=_P("service"), day=_P("day"), last_number=_P("size", type_=sa.Integer) + (LEASE_BAND_START - 1)
    )
    return stmt.on_conflict_do_update(
        index_elements=["service", "day"],
        set_={"last_number": lease_counters.c.last_number + _P("size", type_=sa.Integer)},
    ).returning(lease_counters.c.last_number)


def expires_at(rules: QueueRules, service: Any, day: str) -> float:
    """The end of service day ``day``, or the end of the service's opening span now if
    that comes first (a kiosk must not issue numbers for a closed service). A span that
    runs to midnight goes on into the next day's span from 00:00 (open around the clock)."""
    day_end = rules.day_start((datetime.fromisoformat(day) + timedelta(days=1)).date().isoformat())
    now = rules.now()
    minute = now.hour * 60 + now.minute
    span = next(((a, b) for a, b in service.hours.spans[now.weekday()] if a <= minute < b), None)
    if span is None:
        return day_end
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    end = midnight + timedelta(minutes=span[1])
    while span[1] >= 24 * 60 and end.timestamp() < day_end:
        midnight = end
        span = next(((a, b) for a, b in service.hours.spans[midnight.weekday()] if a == 0), (0, 0))
        end = midnight + timedelta(minutes=span[1])
        if span[1] == 0:
            break
    return min(day_end, end.timestamp())


def accept_offline(store: QueueStore, who: Principal, key: str, body: Any) -> tuple[int, dict[str, Any]]:
    """Store a ticket a kiosk issued from its lease (once per ``Idempotency-Key``).

    Returns:
        (201, ``{"ticket": ..., "clash": None | {...}}``), or the stored answer (200).

    Raises:
        WireError: a malformed body (422).
        ApiError: 409 ``lease.unknown`` (not this terminal's lease), 422
            ``lease.mismatch`` (service or number outside the lease), 409
            ``ticket.number_taken`` (the number exists already: a kiosk's fault).
    """
    ticket = OfflineTicket.from_dict(body)
    fresh: list[bool] = []

    def work(conn: Connection) -> tuple[int, dict[str, Any]]:
        fresh.append(True)
        return _insert(store, conn, who, key, ticket)

    status, answer, _ = idempotency.once(
        store.engine,
        who.terminal,
        key,
        "ticket",
        idempotency.digest("ticket", ticket.to_dict()),
        work,
        now=store.rules.clock(),
    )
    if fresh:
        store.on_commit()
    return status, answer


def _insert(store: QueueStore, conn: Connection, who: Principal, key: str, t: OfflineTicket) -> tuple[int, dict]:
    rules = store.rules
    lease = conn.execute(
        sa.select(ticket_leases).where(ticket_leases.c.id == t.lease, ticket_leases.c.terminal == who.terminal)
    ).first()
    if lease is None:
        raise ApiError(409, "lease.unknown", f"no lease {t.lease!r} of terminal {who.terminal}")
    if lease.service != t.service or not lease.first <= t.n <= lease.last:
        raise ApiError(
            422,
            "lease.mismatch",
            f"lease {t.lease} holds {lease.service} {lease.first}..{lease.last}, not {t.service} {t.n}",
        )
    service = rules.service(t.service)
    # The counter row's lock (PostgreSQL) orders this with issuing: the person check
    # below then sees a concurrent online twin. SQLite: BEGIN IMMEDIATE already did.
    lock = sa.select(counters.c.last_number).where(counters.c.service == t.service, counters.c.day == lease.day)
    conn.execute(lock.with_for_update())
    number = rules.number(service.prefix, t.n)
    taken = conn.execute(sa.select(tickets.c.id).where(tickets.c.day == lease.day, tickets.c.number == number)).first()
    if taken is not None:
        raise ApiError(409, "ticket.number_taken", f"number {number} of {lease.day} exists already")
    now = rules.clock()
    # The kiosk's clock may run off the hub's: a ticket never queues before its lease was
    # granted, nor after it arrived or its lease ended.
    issued = max(lease.granted_at, min(t.issued_at, now, lease.expires_at))
    row: dict[str, Any] = {
        "id": key,
        "day": lease.day,
        "service": t.service,
        "number": number,
        "n": t.n,
        "status": "waiting",
        "priority": t.priority,
        "person": t.person,
        "appointment": None,
        "issued_at": issued,
        "queued_at": issued,
        "recalls": 0,
        "issued_by": who.token_id,
        "lease": t.lease,
    }
    events: list[tuple[str, Any]] = []
    clash: dict[str, Any] | None = None
    if lease.day != rules.service_day():
        row.update(status="expired", ended_at=now)  # its day is over: on record, not queued
    elif t.person:
        other = conn.execute(
            sa.select(tickets)
            .where(
                tickets.c.person == t.person,
                tickets.c.day == lease.day,
                tickets.c.service == t.service,
                tickets.c.status.in_(ACTIVE),
            )
            .order_by(tickets.c.issued_at)
            .limit(1)
        ).first()
        if other is not None:
            keep_other = other.status != "waiting" or (other.issued_at, other.n) <= (issued, t.n)
            if keep_other:
                row.update(status="void", ended_at=now)
                clash = {"kept": other.number, "voided": number}
            else:
                conn.execute(tickets.update().where(tickets.c.id == other.id).values(status="void", ended_at=now))
                events.append(("ticket.voided", store._load(conn, other.id)))
                clash = {"kept": number, "voided": other.number}
    conn.execute(tickets.insert().values(**row))
    out = store._load(conn, key)
    if row["status"] == "waiting":
        events.insert(0, ("ticket.issued", out))
    if events:
        store._emit(conn, events)
    return 201, {"ticket": out.to_dict(), "clash": clash}
