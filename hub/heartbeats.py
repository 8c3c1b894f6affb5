"""Heartbeats and help requests: what the status page and the windows show of the
terminals (device health, records waiting, a citizen asking for help)."""

from __future__ import annotations

import json
import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hub import db, idempotency
from hub.notify import notify
from hub.store import upsert
from hub.tables import events, heartbeats, help_requests, meta
from hub.tokens import Principal
from offline_cache.wire import _check as c
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


def store_help(engine: Engine, who: Principal, key: str, body: Any, local) -> tuple[int, dict[str, Any], bool]:
    """A citizen at a kiosk asked for help (帮办): stored once per key, and an event
    ``help.requested`` on the stream so window terminals show it at once."""
    d = c.mapping(body)
    screen = c.text(d, "screen", max_len=64)
    hall_code = c.text(d, "hall_code", optional=True, max_len=64) or ""
    now = time.time()

    def work(conn: Connection) -> tuple[int, dict[str, Any]]:
        conn.execute(
            help_requests.insert().values(id=key, terminal=who.terminal, hall_code=hall_code, screen=screen, at=now)
        )
        out = {"id": key, "terminal": who.terminal, "hall_code": hall_code, "screen": screen, "at": local(now)}
        top = conn.execute(
            meta.update().where(meta.c.key == "event_seq").values(value=meta.c.value + 1).returning(meta.c.value)
        ).scalar_one()
        conn.execute(
            events.insert().values(seq=top, at=now, kind="help.requested", data=json.dumps(out, ensure_ascii=False))
        )
        notify(conn)
        return 201, out

    fingerprint = idempotency.digest("help_request", {"screen": screen, "hall_code": hall_code})
    return idempotency.once(engine, who.terminal, key, "help_request", fingerprint, work, now=now)


def list_help(conn: Connection, limit: int, local) -> list[dict[str, Any]]:
    rows = conn.execute(sa.select(help_requests).order_by(help_requests.c.at.desc()).limit(limit)).all()
    return [
        {"id": r.id, "terminal": r.terminal, "hall_code": r.hall_code, "screen": r.screen, "at": local(r.at)}
        for r in rows
    ]
