"""Heartbeats: what the status page shows of the terminals (device health, records
waiting); ``hub/routes/heartbeats.py`` is their HTTP."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hub import db
from hub.store import upsert
from hub.tables import heartbeats
from hub.tokens import Principal
from offline_cache.wire.heartbeat import Heartbeat

_BEAT_COLUMNS = ("terminal", "role", "received_at", "sent_at", "waiting", "dead", "devices")
_beat_upserts: dict[str, Any] = {}


def _beat_upsert(conn: Connection):
    """The heartbeat upsert, built once per dialect (composing it cost more CPU than
    running it; 167 heartbeats/s in bench/city.py)."""
    name = conn.dialect.name
    if name not in _beat_upserts:
        stmt = upsert(conn, heartbeats).values({c: sa.bindparam(c) for c in _BEAT_COLUMNS})
        _beat_upserts[name] = stmt.on_conflict_do_update(
            index_elements=["terminal"], set_={c: stmt.excluded[c] for c in _BEAT_COLUMNS if c != "terminal"}
        )
    return _beat_upserts[name]


def store_heartbeat(engine: Engine, who: Principal, body: Any, now: float) -> dict[str, Any]:
    """Keep the terminal's newest heartbeat (WireError for a malformed one)."""
    beat = Heartbeat.from_dict(body)
    row = {
        "terminal": who.terminal,
        "role": who.role,
        "received_at": now,
        "sent_at": beat.sent_at,
        "waiting": beat.waiting,
        "dead": beat.dead,
        "devices": json.dumps(beat.devices, ensure_ascii=False, sort_keys=True),
    }
    with db.write(engine) as conn:
        conn.execute(_beat_upsert(conn), row)
    return {"terminal": who.terminal, "received_at": now, "devices": len(beat.devices)}


def list_heartbeats(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(sa.select(heartbeats).order_by(heartbeats.c.terminal)).all()
    return [
        {
            "terminal": r.terminal,
            "role": r.role,
            "received_at": r.received_at,
            "waiting": r.waiting,
            "dead": r.dead,
            "devices": json.loads(r.devices),
        }
        for r in rows
    ]


def latest(engine: Engine) -> list[dict[str, Any]]:
    """``list_heartbeats`` in a transaction of its own (``GET /api/v1/heartbeats``)."""
    with db.read(engine) as conn:
        return list_heartbeats(conn)
