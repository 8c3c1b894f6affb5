"""Events fan out across hub workers on PostgreSQL through LISTEN/NOTIFY (hub/notify.py):
a ticket issued on one worker reaches a stream held by another worker at once, although
the fallback poll is set to 30 s; a listener connection killed on the server comes back,
and no event is lost meanwhile."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import sqlalchemy as sa

from hub.notify import APP_NAME
from tests.rigs.hub import HubProcess, running_hub

pytestmark = pytest.mark.slow
PROMPT_S = 0.5  # far below the 30 s fallback poll: only a NOTIFY wakes the stream this fast


def pinned(hub: HubProcess) -> tuple[httpx.Client, int]:
    """A client with one keep-alive connection, and the pid of the worker serving it."""
    client = httpx.Client(base_url=hub.url, limits=httpx.Limits(max_connections=1), timeout=10)
    return client, client.get("/api/v1/health").json()["worker"]


def on_other_worker(hub: HubProcess, pid: int) -> httpx.Client:
    """A pinned client served by a worker other than ``pid``."""
    for _ in range(50):
        client, worker = pinned(hub)
        if worker != pid:
            return client
        client.close()
    raise AssertionError("50 connections all reached the same worker")


class Listener:
    """An SSE stream on one worker; ``(kind, data, arrival time)`` per event."""

    def __init__(self, hub: HubProcess) -> None:
        self.client, self.worker = pinned(hub)
        self.got: queue.Queue[tuple[str, dict, float]] = queue.Queue()
        self.headers = hub.headers("display")
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()
        assert self.got.get(timeout=10)[0] == "snapshot"

    def _read(self) -> None:
        kind = ""
        try:
            with self.client.stream("GET", "/api/v1/events", headers=self.headers, timeout=60) as r:
                for line in r.iter_lines():
                    if line.startswith("event: "):
                        kind = line[7:]
                    elif line.startswith("data: "):
                        self.got.put((kind, json.loads(line[6:]), time.perf_counter()))
        except httpx.HTTPError:  # closed at the end of the test
            pass

    def wait_for(self, ticket_id: str, timeout: float) -> float:
        """Arrival time of the ``ticket.issued`` event of ``ticket_id``."""
        deadline = time.monotonic() + timeout
        while True:
            kind, data, at = self.got.get(timeout=max(0.01, deadline - time.monotonic()))
            if kind == "ticket.issued" and data["id"] == ticket_id:
                return at


@contextmanager
def two_workers(tmp_path, pg_cluster) -> Iterator[tuple[HubProcess, Listener, httpx.Client]]:
    with running_hub(tmp_path, workers=2, pg=pg_cluster, extra=("--event-fallback", "30")) as hub:
        listener = Listener(hub)
        writer = on_other_worker(hub, listener.worker)
        try:
            yield hub, listener, writer
        finally:
            writer.close()
            listener.client.close()
            listener.thread.join(5)


def issue(hub: HubProcess, writer: httpx.Client) -> tuple[str, float]:
    t0 = time.perf_counter()
    r = writer.post("/api/v1/tickets", headers=hub.headers("kiosk"), json={"service": "A"})
    assert r.status_code == 201, r.text
    return r.json()["id"], t0


def listener_backends(hub: HubProcess) -> list[int]:
    engine = sa.create_engine(hub.db_url)
    try:
        with engine.connect() as conn:
            return list(
                conn.execute(
                    sa.text(
                        "SELECT pid FROM pg_stat_activity WHERE application_name = :app AND datname = current_database()"
                    ),
                    {"app": APP_NAME},
                ).scalars()
            )
    finally:
        engine.dispose()


def kill_backends(hub: HubProcess, pids: list[int]) -> None:
    engine = sa.create_engine(hub.db_url)
    try:
        with engine.connect() as conn:
            for pid in pids:
                assert conn.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar() is True
    finally:
        engine.dispose()


def test_an_event_written_on_one_worker_reaches_a_stream_on_another_at_once(tmp_path, pg_cluster) -> None:
    with two_workers(tmp_path, pg_cluster) as (hub, listener, writer):
        assert len(listener_backends(hub)) == 2  # one LISTEN connection per worker
        delays = []
        for _ in range(8):
            ticket, t0 = issue(hub, writer)
            delays.append(listener.wait_for(ticket, timeout=5) - t0)
    assert max(delays) < PROMPT_S, delays


def test_a_killed_listener_connection_comes_back_and_no_event_is_lost(tmp_path, pg_cluster) -> None:
    with two_workers(tmp_path, pg_cluster) as (hub, listener, writer):
        before = listener_backends(hub)
        assert len(before) == 2
        kill_backends(hub, before)
        # Written while the listeners are down or reconnecting: still delivered (the
        # worker polls fast while its listener is down, and rings once on reconnect).
        during = [issue(hub, writer)[0] for _ in range(3)]
        for ticket in during:
            listener.wait_for(ticket, timeout=5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            after = listener_backends(hub)
            if len(after) == 2 and not set(after) & set(before):
                break
            time.sleep(0.1)
        assert len(after) == 2 and not set(after) & set(before), (before, after)
        # Listening again: prompt, although the fallback poll is 30 s.
        delays = []
        for _ in range(5):
            ticket, t0 = issue(hub, writer)
            delays.append(listener.wait_for(ticket, timeout=5) - t0)
    assert max(delays) < PROMPT_S, delays
    assert "hub.events.listener_down" in hub.log_tail(200)
