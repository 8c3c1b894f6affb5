"""Wakes the city tier's pushers when a record is queued, instead of their next poll.

A hall hub's uplink and the city's platform pusher each sleep between rounds (half a
second when idle), so a case waited up to a second on its way to the platform (hall
outbox, then platform outbox; bench/city.py measured p50 0.9 s). Now the transaction that
queues a record marks itself with :func:`ring_at_commit`, and the pushers' loop
(``hub.city.tasks.run_forever``) waits on a :class:`hub.events.EventBell` that rings
once the record is committed:

- PostgreSQL: ``NOTIFY city_outbox`` in the same transaction (delivered at commit to
  every listening process, so the worker holding the pusher's lease wakes whichever
  worker took the record); one LISTEN connection per process (``hub.notify.Listener``).
- SQLite: the connection is marked, and the pool's check-in after the commit rings the
  bell of this process (a SQLite hall hub is one process).

The bell only shortens a sleep: a lost ring costs one poll period, as before.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hub.events import EventBell

CHANNEL = "city_outbox"
APP_NAME = "kiosk-hub-city"  # pg_stat_activity.application_name of its listeners
_MARK = "city_bell"
_NOTIFY = sa.text(f"SELECT pg_notify('{CHANNEL}', '')")


def ring_at_commit(conn: Connection) -> None:
    """Inside the write transaction that queued a record: ring the pushers at commit."""
    if conn.dialect.name == "postgresql":
        conn.execute(_NOTIFY)
    else:
        conn.info[_MARK] = True


def install(engine: Engine) -> EventBell:
    """This process's bell for ``engine``: rung after a marked SQLite commit (PostgreSQL:
    start :func:`listener` as well)."""
    bell = EventBell()

    def checked_in(_dbapi_conn: Any, record: Any) -> None:
        if record is not None and record.info.pop(_MARK, False):
            bell.ring()

    sa.event.listen(engine, "checkin", checked_in)
    return bell


def listener(engine: Engine, bell: EventBell):
    """PostgreSQL: the LISTEN connection that rings ``bell`` (run its ``run()`` as a task)."""
    from hub.notify import Listener, conninfo

    return Listener(conninfo(engine), bell.ring, channel=CHANNEL, app_name=APP_NAME)
