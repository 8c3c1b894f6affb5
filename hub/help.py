"""Help requests (帮办): a citizen at a kiosk asks for a helper; the windows see it on
the event stream at once (``hub/routes/help.py`` is their HTTP)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hub import db, idempotency
from hub.notify import notify
from hub.tables import events, help_requests, meta
from hub.tokens import Principal
from offline_cache.wire import _check as c

Local = Callable[[float], str | None]  # QueueRules.local: epoch seconds to the hall's ISO time


def store_help(engine: Engine, who: Principal, key: str, body: Any, local: Local) -> tuple[int, dict[str, Any], bool]:
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


def list_help(conn: Connection, limit: int, local: Local) -> list[dict[str, Any]]:
    """The newest ``limit`` help requests first, times in the hall's zone."""
    rows = conn.execute(sa.select(help_requests).order_by(help_requests.c.at.desc()).limit(limit)).all()
    return [
        {"id": r.id, "terminal": r.terminal, "hall_code": r.hall_code, "screen": r.screen, "at": local(r.at)}
        for r in rows
    ]


def recent(engine: Engine, limit: int, local: Local) -> list[dict[str, Any]]:
    """``list_help`` in a transaction of its own (``GET /api/v1/help-requests``)."""
    with db.read(engine) as conn:
        return list_help(conn, limit, local)
