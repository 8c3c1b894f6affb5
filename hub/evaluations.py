"""Evaluations (好差评) in the database: stored once per id (or per Idempotency-Key),
queued for the city in the same transaction (``hub/routes/evaluations.py`` is their HTTP)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hub import db, idempotency
from hub.city import uplink_store
from hub.tables import evaluations
from offline_cache.wire import Evaluation


def store_evaluation(
    engine: Engine, record: Evaluation, terminal: str, clock: Callable[[], float]
) -> tuple[dict, bool]:
    """Store a record; the same id again is not stored twice. Returns (stored, created)."""
    with db.write(engine) as conn:
        row = conn.execute(sa.select(evaluations).where(evaluations.c.id == record.id)).first()
        if row is not None:
            return _evaluation_out(row._mapping), False
        now = clock()  # inside the write transaction, as before: after any wait for the lock
        values = _row(record, terminal, now)
        conn.execute(evaluations.insert().values(**values))
        uplink_store.enqueue(conn, "evaluation", record.id, now)  # to the city, same transaction
    return _evaluation_out(values), True


def list_evaluations(engine: Engine, limit: int, since: float | None) -> list[dict]:
    """Stored records, newest first (``since``: received at or after)."""
    with db.read(engine) as conn:
        q = sa.select(evaluations).order_by(evaluations.c.received_at.desc()).limit(limit)
        if since is not None:
            q = q.where(evaluations.c.received_at >= since)
        return [_evaluation_out(r._mapping) for r in conn.execute(q).all()]


def _row(record: Evaluation, terminal: str, now: float) -> dict[str, Any]:
    """The table row of a record received ``now`` from ``terminal``."""
    return {
        "id": record.id,
        "received_at": now,
        "terminal": terminal,
        "hall_code": record.hallCode,
        "window_no": record.windowNo,
        "work_no": record.workNo or None,
        "satisfaction": record.satisfaction,
        "record": json.dumps(record.to_dict(), ensure_ascii=False),
    }


def _evaluation_out(row: Any) -> dict:
    return {
        "id": row["id"],
        "received_at": row["received_at"],
        "terminal": row["terminal"],
        "record": json.loads(row["record"]),
    }


def store_keyed(engine: Engine, record: Evaluation, terminal: str, key: str, now: float) -> tuple[int, dict]:
    """Store a record sent with an ``Idempotency-Key`` (equal to its id): 201 when new,
    200 with the stored one when it is there already (stored before keys were sent, or
    by another terminal); the same key with another body raises 409
    ``idempotency.mismatch``. Returns (status, answer)."""
    values = _row(record, terminal, now)

    def work(conn: Connection) -> tuple[int, dict]:
        row = conn.execute(sa.select(evaluations).where(evaluations.c.id == record.id)).first()
        if row is not None:
            return 200, _evaluation_out(row._mapping)
        conn.execute(evaluations.insert().values(**values))
        uplink_store.enqueue(conn, "evaluation", record.id, now)  # to the city, same transaction
        return 201, {"id": record.id, "received_at": now, "terminal": terminal, "record": record.to_dict()}

    fingerprint = idempotency.digest("evaluation", record.to_dict())
    status, answer, _ = idempotency.once(engine, terminal, key, "evaluation", fingerprint, work, now=now)
    return status, answer
