"""The platform message format (docs/city.md), built from the city's rows.

Every message: ``messageId`` (the city outbox row's id: the platform's idempotency key),
``messageType`` (``case`` | ``evaluation`` | ``rectification``), ``hallCode``,
``sentTime`` (ISO 8601) and ``record``. Evaluation records carry GB/T 39734 field names
(STANDARDS.md §2); ``projectNo`` is the official number when the city has it, else the
hall's reference number (``provisionalNo`` always says which case it was).
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hub.city.tables import city_case_blobs, city_cases, city_evaluations, rectifications

FORMAT_VERSION = "1"


def provisional_no(hall_code: str, reference: str) -> str:
    """The case's 参考号 across the city: the hall's code and its own number."""
    return f"{hall_code}:{reference}"


def build(conn: Connection, kind: str, hall_code: str, ref: str, message_id: str, now: float) -> dict[str, Any]:
    """The message for one outbox row (read in the pusher's transaction)."""
    if kind == "case":
        record = _case(conn, hall_code, ref)
    elif kind == "evaluation":
        record = _evaluation(conn, hall_code, ref)
    else:
        record = _rectification(conn, ref)
    return {
        "formatVersion": FORMAT_VERSION,
        "messageId": message_id,
        "messageType": kind,
        "hallCode": hall_code,
        "sentTime": datetime.fromtimestamp(now, UTC).isoformat(),
        "record": record,
    }


def _case(conn: Connection, hall_code: str, reference: str) -> dict[str, Any]:
    row = conn.execute(
        sa.select(city_cases).where(city_cases.c.hall_code == hall_code, city_cases.c.reference == reference)
    ).one()
    body = json.loads(row.body)
    blobs = conn.execute(
        sa.select(city_case_blobs)
        .where(city_case_blobs.c.hall_code == hall_code, city_case_blobs.c.reference == reference)
        .order_by(city_case_blobs.c.idx)
    ).all()
    return {
        "provisionalNo": provisional_no(hall_code, reference),
        "taskCode": row.task_code,
        "areaCode": body.get("area_code", ""),
        "submitTime": datetime.fromtimestamp(row.submitted_at, UTC).isoformat(),
        "applicant": body.get("applicant", {}),
        "formValues": body.get("values", {}),
        "materials": [
            {"sha256": b.sha256, "mediaType": b.media_type, "data": base64.b64encode(b.data).decode("ascii")}
            for b in blobs
        ],
    }


def _evaluation(conn: Connection, hall_code: str, evaluation_id: str) -> dict[str, Any]:
    row = conn.execute(
        sa.select(city_evaluations.c.record).where(
            city_evaluations.c.hall_code == hall_code, city_evaluations.c.id == evaluation_id
        )
    ).one()
    record = json.loads(row.record)
    for local in ("ticket", "reasonsPending", "id"):  # the terminal's own fields, not the standard's
        record.pop(local, None)
    reference = record.get("projectNo", "")
    official = None
    if reference:
        official = conn.execute(
            sa.select(city_cases.c.official_number).where(
                city_cases.c.hall_code == hall_code, city_cases.c.reference == reference
            )
        ).scalar()
    record["hallCode"] = hall_code  # the link says which hall; the terminal's setting may lag
    record["evaluationId"] = evaluation_id
    record["provisionalNo"] = provisional_no(hall_code, reference) if reference else ""
    record["projectNo"] = official or record["provisionalNo"]
    return record


def _rectification(conn: Connection, evaluation_id: str) -> dict[str, Any]:
    r = conn.execute(sa.select(rectifications).where(rectifications.c.evaluation_id == evaluation_id)).one()
    return {
        "evaluationId": r.evaluation_id,
        "hallCode": r.hall_code,
        "satisfaction": r.satisfaction,
        "deadline": r.deadline,
        "owner": r.owner,
        "callbackTime": r.callback_at,
        "result": r.result,
        "closedTime": r.closed_at,
    }
