"""Appointments in the database: booking a slot and checking it in as a ticket
(``hub/routes/appointments.py`` is their HTTP)."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hub import db
from hub.queue import QueueRuleError, QueueRules
from hub.store import QueueStore
from hub.tables import appointments
from offline_cache.wire import Ticket

# Appointment codes: no 0/O, 1/I/L, so a clerk can read one aloud or type it.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# How early before its slot (and how late after) an appointment may check in.
CHECK_IN_EARLY_S = 2 * 3600
CHECK_IN_LATE_S = 3600


def create_appointment(engine: Engine, rules: QueueRules, service: str, slot: str, person: str | None) -> dict:
    """Book a slot (422 when it is past or outside the service's hours)."""
    svc = rules.service(service)
    try:
        at = datetime.fromisoformat(slot)
    except ValueError:
        raise QueueRuleError("request.invalid", f"slot {slot!r} is not an ISO 8601 time", 422) from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=rules.tz)
    rules.check_slot(svc, at)
    code = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    row = {
        "code": code,
        "service": svc.code,
        "slot_at": at.timestamp(),
        "person": person,
        "status": "booked",
        "created_at": rules.clock(),
        "ticket_id": None,
    }
    with db.write(engine) as conn:
        conn.execute(appointments.insert().values(**row))
    return appointment_out(rules, row)


def appointment_out(rules: QueueRules, row: Any) -> dict:
    return {
        "code": row["code"],
        "service": row["service"],
        "slot": rules.local(row["slot_at"]),
        "status": row["status"],
        "qr": f"HALLKIOSK:APPT:{row['code']}",
        "ticket_id": row["ticket_id"],
    }


def check_in(
    store: QueueStore, *, code: str | None = None, person: str | None = None, issued_by: str | None = None
) -> tuple[dict, Ticket]:
    """Turn today's appointment (by code, or by the person's key) into a ticket with the
    ``appointment`` priority, in one transaction."""
    rules = store.rules
    now = rules.clock()
    with db.write(store.engine) as conn:
        q = sa.select(appointments).with_for_update()
        if code is not None:
            q = q.where(appointments.c.code == code.upper())
        else:
            q = q.where(
                appointments.c.person == person,
                appointments.c.status == "booked",
                appointments.c.slot_at.between(now - CHECK_IN_LATE_S, now + CHECK_IN_EARLY_S),
            ).order_by(appointments.c.slot_at)
        found = conn.execute(q).first()
        if found is None:
            raise QueueRuleError(
                "appointment.not_found",
                "no appointment with that code" if code else "no appointment for this person around now",
                404,
            )
        row = found._mapping
        if row["status"] != "booked":
            raise QueueRuleError(
                "appointment.used", "this appointment was already checked in", 409, ticket_id=row["ticket_id"]
            )
        if not (row["slot_at"] - CHECK_IN_EARLY_S <= now <= row["slot_at"] + CHECK_IN_LATE_S):
            raise QueueRuleError(
                "appointment.not_now",
                f"check-in opens 2 h before the slot ({rules.local(row['slot_at'])}) and closes 1 h after",
                409,
                slot=rules.local(row["slot_at"]),
            )
        ticket = store.issue(
            row["service"],
            priority="appointment",
            person=row["person"] or person,
            issued_by=issued_by,
            appointment=row["code"],
            conn=conn,
        )
        conn.execute(
            appointments.update()
            .where(appointments.c.code == row["code"])
            .values(status="checked_in", ticket_id=ticket.id)
        )
        out = appointment_out(rules, {**row, "status": "checked_in", "ticket_id": ticket.id})
    store.on_commit()
    return out, ticket
