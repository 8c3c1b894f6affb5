"""What hall hubs send up, stored once at the city and queued for the platform.

Each push is stored under the hall's idempotency key (``hub.idempotency`` with the
caller ``hall:CODE``), and, in the same transaction, a platform message is queued and —
for a bad rating — a rectification opened. A case is also unique by (hall, reference):
the same case under another key is answered with what was stored, never stored twice.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hub import db, idempotency
from hub.city import rectify
from hub.city.platform import outbox as platform_outbox
from hub.city.tables import (
    city_case_blobs,
    city_cases,
    city_evaluations,
    city_hall_status,
    city_reports,
    city_updates,
)
from hub.city.wire import CaseUp, EvaluationUp, ReportUp, check_snapshot
from hub.store import upsert

log = logging.getLogger("hub.city")


def caller(hall_code: str) -> str:
    """The idempotency table's caller name for a hall hub."""
    return f"hall:{hall_code}"


def store_case(engine: Engine, hall_code: str, key: str, body: Any, now: float) -> tuple[int, dict[str, Any]]:
    """Store a hall's case and its materials once; (HTTP status, answer).

    Raises:
        CityError: the body is malformed; ApiError: 409 ``idempotency.mismatch``.
    """
    up = CaseUp.from_dict(body)
    # The materials by their hashes, not their bytes (as hub.cases does for a terminal's push).
    fingerprint = idempotency.digest("city_case", up.without_materials(), [m.sha256 for m in up.materials])

    def work(conn: Connection) -> tuple[int, dict[str, Any]]:
        answer = {"hall_code": hall_code, "reference": up.reference}
        stored = conn.execute(
            upsert(conn, city_cases)
            .values(
                hall_code=hall_code,
                reference=up.reference,
                task_code=up.case.task_code,
                submitted_at=up.submitted_at,
                received_at=now,
                body=json.dumps(up.case.to_dict(), ensure_ascii=False),
            )
            .on_conflict_do_nothing(index_elements=["hall_code", "reference"])
            .returning(city_cases.c.reference)
        ).first()
        if stored is None:  # this case came before under another key: what the city has of it
            official = conn.execute(
                sa.select(city_cases.c.official_number).where(
                    city_cases.c.hall_code == hall_code, city_cases.c.reference == up.reference
                )
            ).scalar()
            return 200, {**answer, "official_number": official}
        if up.materials:
            conn.execute(
                city_case_blobs.insert(),
                [
                    {
                        "hall_code": hall_code,
                        "reference": up.reference,
                        "idx": i,
                        "sha256": m.sha256,
                        "media_type": m.media_type,
                        "data": m.data,
                    }
                    for i, m in enumerate(up.materials)
                ],
            )
        platform_outbox.enqueue(conn, "case", hall_code, up.reference, now)
        return 201, {**answer, "official_number": None}

    status, answer, fresh = idempotency.once(engine, caller(hall_code), key, "city_case", fingerprint, work, now=now)
    if fresh:
        log.info("city_case", extra={"fields": {"hall": hall_code, "case": up.reference}})
    return status, answer


def store_evaluation(
    engine: Engine, hall_code: str, key: str, body: Any, now: float, tz: ZoneInfo
) -> tuple[int, dict[str, Any]]:
    """Store a hall's evaluation once, open a rectification when it is bad."""
    up = EvaluationUp.from_dict(body)
    record = up.record

    def work(conn: Connection) -> tuple[int, dict[str, Any]]:
        stored = conn.execute(
            upsert(conn, city_evaluations)
            .values(
                hall_code=hall_code,
                id=record.id,
                satisfaction=record.satisfaction,
                received_at=now,
                record=json.dumps(record.to_dict(), ensure_ascii=False),
            )
            .on_conflict_do_nothing(index_elements=["hall_code", "id"])
            .returning(city_evaluations.c.id)
        ).first()
        if stored is None:  # it came before under another key
            return 200, {"hall_code": hall_code, "id": record.id}
        opened = rectify.open_for(conn, hall_code, record.id, record.satisfaction, now, tz)
        platform_outbox.enqueue(conn, "evaluation", hall_code, record.id, now)
        return 201, {"hall_code": hall_code, "id": record.id, "rectification": opened}

    fingerprint = idempotency.digest("city_evaluation", up.to_dict())
    status, answer, _ = idempotency.once(engine, caller(hall_code), key, "city_evaluation", fingerprint, work, now=now)
    return status, answer


def updates_for(engine: Engine, hall_code: str, since: int, limit: int) -> list[dict[str, Any]]:
    """Official numbers and platform statuses for ``hall_code`` after cursor ``since``."""
    with db.read(engine) as conn:
        rows = conn.execute(
            sa.select(city_updates)
            .where(city_updates.c.hall_code == hall_code, city_updates.c.id > since)
            .order_by(city_updates.c.id)
            .limit(limit)
        ).all()
    return [
        {
            "id": r.id,
            "reference": r.reference,
            "official_number": r.official_number,
            "platform_status": r.platform_status,
            "at": r.at,
        }
        for r in rows
    ]


def store_report(engine: Engine, hall_code: str, key: str, body: Any, now: float) -> tuple[int, dict[str, Any]]:
    """Store a hall's 办不成事 report once (for the city's 12345 follow-up)."""
    from common.masking import mask_phone

    up = ReportUp.from_dict(body)
    report = up.report

    def work(conn: Connection) -> tuple[int, dict[str, Any]]:
        stored = conn.execute(
            upsert(conn, city_reports)
            .values(
                hall_code=hall_code,
                reference=report.reference,
                received_at=now,
                phone_masked=mask_phone(report.phone),
                record=json.dumps(report.to_dict(), ensure_ascii=False),
            )
            .on_conflict_do_nothing(index_elements=["hall_code", "reference"])
            .returning(city_reports.c.reference)
        ).first()
        return (201 if stored is not None else 200), {"hall_code": hall_code, "reference": report.reference}

    fingerprint = idempotency.digest("city_report", up.to_dict())
    status, answer, _ = idempotency.once(engine, caller(hall_code), key, "city_report", fingerprint, work, now=now)
    return status, answer


def store_snapshot(engine: Engine, hall_code: str, body: Any, now: float) -> None:
    """Keep a hall's newest snapshot (terminal health, the day's queue figures)."""
    snapshot = json.dumps(check_snapshot(body), ensure_ascii=False)
    with db.write(engine) as conn:
        stmt = upsert(conn, city_hall_status).values(hall_code=hall_code, received_at=now, snapshot=snapshot)
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["hall_code"], set_={"received_at": now, "snapshot": stmt.excluded.snapshot}
            )
        )
