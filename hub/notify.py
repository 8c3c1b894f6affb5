"""Event fan-out across worker processes on PostgreSQL: LISTEN/NOTIFY.

A transaction that writes events also sends ``NOTIFY hub_events`` (PostgreSQL delivers
it at commit, in commit order, to every listening connection); each worker keeps one
connection that LISTENs and rings the worker's :class:`hub.events.EventBell`, so its
streams read the new rows at once instead of waiting for the next poll.

The ``events`` table stays the source of truth: a notification carries nothing a stream
needs, it only says "read the table". A lost notification or a dropped listener costs
at most one fallback period (``hub.events.poll_forever`` still reads ``meta.event_seq``
every ``fallback_s``, and every ``poll_s`` while the listener is down); after a
reconnect the listener rings once to catch up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

CHANNEL = "hub_events"
APP_NAME = "kiosk-hub-events"  # pg_stat_activity.application_name of the listeners
PING_S = 30.0  # a silent listener checks its connection this often (a dead peer sends no RST)
RETRY_S = (0.2, 0.5, 1.0, 2.0, 5.0)

log = logging.getLogger("hub")
_NOTIFY = sa.text(f"SELECT pg_notify('{CHANNEL}', '')")


def notify(conn: Connection) -> None:
    """Inside a write transaction that added events: wake every worker at commit
    (PostgreSQL only; SQLite workers poll)."""
    if conn.dialect.name == "postgresql":
        conn.execute(_NOTIFY)


def conninfo(engine: Engine) -> str:
    """The libpq URL of ``engine`` (``postgresql+psycopg://`` → ``postgresql://``)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


class Listener:
    """One LISTEN connection per worker process; ``up`` while it listens (``channel`` and
    ``app_name``: the events', or another's, e.g. the city tier's ``hub.city.bell``)."""

    def __init__(self, url: str, ring: Callable[[], None], channel: str = CHANNEL, app_name: str = APP_NAME) -> None:
        self.url = url
        self.ring = ring
        self.channel = channel
        self.app_name = app_name
        self.up = False
        self.connects = 0

    async def run(self) -> None:
        """Listen for the app's life; reconnect with back-off when the connection drops."""
        import psycopg

        failures = 0
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(self.url, autocommit=True, application_name=self.app_name)
            except (psycopg.Error, OSError) as exc:
                await self._pause(failures, exc)
                failures += 1
                continue
            try:
                await conn.execute(f"LISTEN {self.channel}")
                self.up = True
                self.connects += 1
                failures = 0
                self.ring()  # events committed while no one listened: the streams read them now
                while True:
                    async for _ in conn.notifies(timeout=PING_S):
                        self.ring()
                    await asyncio.wait_for(conn.execute("SELECT 1"), 10)
            except (psycopg.Error, OSError, TimeoutError) as exc:
                self.up = False
                await self._pause(failures, exc)
                failures += 1
            finally:
                self.up = False
                await conn.close()

    @staticmethod
    async def _pause(failures: int, exc: BaseException) -> None:
        log.warning("hub.events.listener_down: %s", str(exc).strip().splitlines()[0] if str(exc).strip() else exc)
        await asyncio.sleep(RETRY_S[min(failures, len(RETRY_S) - 1)])
