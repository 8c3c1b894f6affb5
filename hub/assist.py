"""帮办代办 audit steps and 办不成事 reports at the hub: stored once per record id,
listed newest first (the admin's audit endpoint, the windows, ``/status``).

A report's phone is kept for the 12345 call-back; every answer and list shows it masked.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from common.masking import mask_phone
from hub import db, idempotency
from hub.city import uplink_store
from hub.tables import audit_log, unresolved_reports
from hub.tokens import Principal
from offline_cache.wire.assist import AuditEntry, UnresolvedReport


def store_audit(engine: Engine, who: Principal, key: str, body: Any) -> tuple[int, dict[str, Any], bool]:
    """Keep one audit step (WireError for a malformed one)."""
    entry = AuditEntry.from_dict(body)
    now = time.time()

    def work(conn: Connection) -> tuple[int, dict[str, Any]]:
        conn.execute(
            audit_log.insert().values(
                id=key,
                terminal=who.terminal,
                helper=entry.helper,
                visit=entry.visit,
                at=entry.at,
                received_at=now,
                screen=entry.screen,
                action=entry.action,
                details=json.dumps(entry.details, ensure_ascii=False, sort_keys=True),
            )
        )
        return 201, {"id": key, "helper": entry.helper, "action": entry.action}

    fingerprint = idempotency.digest("audit_entry", entry.to_dict())
    return idempotency.once(engine, who.terminal, key, "audit_entry", fingerprint, work, now=now)


def _in_hall(stamp: str, local: Callable[[float], str | None] | None) -> str:
    """A terminal's ISO time (in whatever zone its machine runs) as the hall's time, so
    one page does not mix +08:00 and +00:00; a stamp without an offset stays as sent."""
    if local is None:
        return stamp
    try:
        at = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp
    return (local(at.timestamp()) or stamp) if at.tzinfo else stamp


def list_audit(
    conn: Connection,
    limit: int,
    *,
    helper: str | None = None,
    visit: str | None = None,
    local: Callable[[float], str | None] | None = None,
) -> list[dict]:
    q = sa.select(audit_log).order_by(audit_log.c.received_at.desc(), audit_log.c.at.desc()).limit(limit)
    if helper:
        q = q.where(audit_log.c.helper == helper)
    if visit:
        q = q.where(audit_log.c.visit == visit)
    return [
        {
            "id": r.id,
            "terminal": r.terminal,
            "helper": r.helper,
            "visit": r.visit,
            "at": _in_hall(r.at, local),
            "screen": r.screen,
            "action": r.action,
            "details": json.loads(r.details),
        }
        for r in conn.execute(q)
    ]


def store_report(engine: Engine, who: Principal, key: str, body: Any) -> tuple[int, dict[str, Any], bool]:
    """Keep one 办不成事 report under its reference (WireError for a malformed one; 409
    for a reference another record already holds)."""
    report = UnresolvedReport.from_dict(body)
    now = time.time()

    def work(conn: Connection) -> tuple[int, dict[str, Any]]:
        taken = conn.execute(
            sa.select(unresolved_reports.c.record_id).where(unresolved_reports.c.reference == report.reference)
        ).first()
        if taken is not None:
            from hub.errors import ApiError

            raise ApiError(409, "report.reference_taken", f"reference {report.reference} belongs to another report")
        conn.execute(
            unresolved_reports.insert().values(
                reference=report.reference,
                record_id=key,
                terminal=who.terminal,
                hall_code=report.hall_code,
                reported_at=report.reported_at,
                received_at=now,
                task_code=report.task_code,
                tried=report.tried,
                reasons=json.dumps(list(report.reasons)),
                text=report.text,
                phone=report.phone,
                phone_masked=mask_phone(report.phone),
            )
        )
        uplink_store.enqueue(conn, "report", report.reference, now)  # to the city (12345), same transaction
        return 201, {"reference": report.reference, "phone": mask_phone(report.phone)}

    fingerprint = idempotency.digest("unresolved_report", report.to_dict())
    return idempotency.once(engine, who.terminal, key, "unresolved_report", fingerprint, work, now=now)


def list_reports(conn: Connection, limit: int, local) -> list[dict[str, Any]]:
    """The newest reports, phone masked."""
    rows = conn.execute(
        sa.select(unresolved_reports).order_by(unresolved_reports.c.received_at.desc()).limit(limit)
    ).all()
    return [
        {
            "reference": r.reference,
            "terminal": r.terminal,
            "hall_code": r.hall_code,
            "reported_at": _in_hall(r.reported_at, local),
            "received_at": local(r.received_at),
            "task_code": r.task_code,
            "tried": r.tried,
            "reasons": json.loads(r.reasons),
            "text": r.text,
            "phone": r.phone_masked,
        }
        for r in rows
    ]


def audit_entries(
    engine: Engine, limit: int, *, helper: str | None = None, visit: str | None = None
) -> list[dict[str, Any]]:
    """``list_audit`` in a transaction of its own (``GET /api/v1/audit-entries``)."""
    with db.read(engine) as conn:
        return list_audit(conn, limit, helper=helper, visit=visit)


def reports(engine: Engine, limit: int, local: Callable[[float], str | None]) -> list[dict[str, Any]]:
    """``list_reports`` in a transaction of its own (``GET /api/v1/unresolved-reports``)."""
    with db.read(engine) as conn:
        return list_reports(conn, limit, local)
