"""The hub's connections under a budget: silent clients cannot starve the terminals.

uvicorn's HTTP/1.1 protocol (h11) never times out a connection that has not sent its
first request, nor one that stopped half-way through its headers: 1,030 silent TCP
connections used up the packaged unit's 1,024 file descriptors and ``/api/v1/health``
timed out (EMFILE) until they went away. ``GuardedH11Protocol`` adds:

* a header timeout: a connection must complete a request's headers within
  ``HEADER_TIMEOUT_S`` of connecting (or of its first byte after a keep-alive pause),
  else it is closed;
* a connection budget below the process's file-descriptor limit (``budget()``): past
  it, the connection idle the longest (no request running) is closed to make room, so a
  new terminal's request always gets in and no accept ever fails with EMFILE.

Used as uvicorn's ``http`` protocol (``hub.serve.UVICORN``), in every worker process.
"""

from __future__ import annotations

import asyncio
import os
import resource

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

ENV_HEADER_TIMEOUT = "KIOSK_HUB_HEADER_TIMEOUT_S"
HEADER_TIMEOUT_S = 10.0  # a terminal on the hall's LAN sends its headers in milliseconds
MAX_CONNECTIONS = 4000  # per worker process, when the fd limit allows it
# Descriptors kept free for everything but client connections: the database pool (a
# SQLite connection holds the file, its -wal and -shm: 3 each; 40 threads), the
# listening socket, log files, imports, the event loop's self-pipe; and a backlog's worth
# of connections accepted in one go before the budget can close any (hub.serve.BACKLOG).
RESERVED_FDS = 3 * 40 + 64 + 128


def header_timeout_s() -> float:
    """``HEADER_TIMEOUT_S``, or the environment's ``KIOSK_HUB_HEADER_TIMEOUT_S`` (1-300)."""
    raw = os.environ.get(ENV_HEADER_TIMEOUT, "")
    try:
        value = float(raw)
    except ValueError:
        return HEADER_TIMEOUT_S
    return min(max(value, 1.0), 300.0)


def budget(soft: int | None = None) -> int:
    """How many client connections a process keeps at most, for an fd limit of ``soft``
    (default: this process's RLIMIT_NOFILE)."""
    if soft is None:
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(8, min(MAX_CONNECTIONS, soft - RESERVED_FDS))


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a header timeout and a connection budget."""

    _budget: int | None = None  # computed once per process
    _timeout_s: float | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        cls = type(self)
        if cls._budget is None:
            cls._budget, cls._timeout_s = budget(), header_timeout_s()
        self._idle_since = self.loop.time()
        self._header_timer: asyncio.TimerHandle | None = None
        self._arm_header_timer()
        if len(self.connections) > cls._budget:
            self._make_room()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._waiting_for_request() and self._header_timer is None:
            self._arm_header_timer()  # the first byte after a keep-alive pause
        super().data_received(data)
        if not self._waiting_for_request():
            self._disarm_header_timer()  # the headers are complete: a request runs

    def on_response_complete(self) -> None:
        self._idle_since = self.loop.time()
        super().on_response_complete()

    def _waiting_for_request(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm_header_timer(self) -> None:
        assert self._timeout_s is not None
        self._header_timer = self.loop.call_later(self._timeout_s, self._header_timeout)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_timeout(self) -> None:
        self._header_timer = None
        if self._waiting_for_request():
            self._close()

    def _close(self) -> None:
        if self.transport.is_closing():
            return
        if self.conn.our_state in (h11.IDLE, h11.DONE, h11.MUST_CLOSE):
            self.conn.send(h11.ConnectionClosed())
        self.transport.close()

    def _make_room(self) -> None:
        """Close the connection idle the longest (this one when every other is busy)."""
        idle = [
            c
            for c in self.connections
            if c is not self
            and isinstance(c, GuardedH11Protocol)
            and c._waiting_for_request()
            and not c.transport.is_closing()
        ]
        victim = min(idle, key=lambda c: c._idle_since) if idle else self
        victim._close()
