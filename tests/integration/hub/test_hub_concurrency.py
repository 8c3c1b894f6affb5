"""50 kiosks issuing and 8 windows calling at once, on SQLite and PostgreSQL: no number
duplicated, lost or skipped, no ticket called twice, first come first served within a
priority class; and a SIGKILL of the hub in the middle loses and reuses nothing."""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from hub import db
from hub.queue import LEASE_BAND_END, LEASE_BAND_START
from hub.tables import events, tickets
from offline_cache.sync import HubUnavailable
from offline_cache.wire import Ticket
from tests.rigs.hub import HubProcess

pytestmark = pytest.mark.slow
CLIENTS = 50
PER_CLIENT = 4
WINDOWS = range(1, 9)


def all_tickets(hub: HubProcess) -> list[dict]:
    engine = db.make_engine(hub.db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(sa.select(tickets))]
            called = [
                r.data
                for r in conn.execute(
                    sa.select(events.c.data).where(events.c.kind == "ticket.called").order_by(events.c.seq)
                )
            ]
    finally:
        engine.dispose()
    return rows, called


def assert_numbers_contiguous(rows: list[dict]) -> None:
    by_service: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        by_service[r["number"][0]].append(r["n"])
        assert r["number"] == f"{r['number'][0]}{r['n']:03d}"
    for service, ns in by_service.items():
        # From 1 without gaps; past 700 the numbers step over the leases' band (701-999).
        expected = [
            n if n <= LEASE_BAND_START - 1 else n + LEASE_BAND_END - LEASE_BAND_START + 1 for n in range(1, len(ns) + 1)
        ]
        assert sorted(ns) == expected, f"service {service}: gaps or duplicates"


# A fresh hub per test: they check every ticket the hub holds (numbers from 1 without
# gaps), and one kills the hub.


def test_fifty_kiosks_and_eight_windows_at_once(hub: HubProcess) -> None:
    issued: list[Ticket] = []
    calls: dict[int, list[Ticket]] = defaultdict(list)
    lock = threading.Lock()
    issuing_done = threading.Event()
    start = threading.Barrier(CLIENTS + len(WINDOWS))

    def kiosk(i: int) -> None:
        rnd = random.Random(i)
        with hub.client("kiosk", timeout_s=30) as c:
            start.wait()
            for _ in range(PER_CLIENT):
                t = c.issue_ticket(rnd.choice("ABC"), priority="elderly" if rnd.random() < 0.25 else None)
                with lock:
                    issued.append(t)

    def window(n: int) -> None:
        with hub.client(f"window:{n}", timeout_s=30) as c:
            start.wait()
            while True:
                t = c.call_next(n)
                if t is None:
                    if issuing_done.is_set():
                        return
                    time.sleep(0.01)
                    continue
                with lock:
                    calls[n].append(t)
                c.act(t.id, "finish")

    with ThreadPoolExecutor(CLIENTS + len(WINDOWS)) as pool:
        windows = [pool.submit(window, n) for n in WINDOWS]
        kiosks = [pool.submit(kiosk, i) for i in range(CLIENTS)]
        for f in kiosks:
            f.result()
        issuing_done.set()
        for f in windows:
            f.result()

    assert len(issued) == CLIENTS * PER_CLIENT
    assert len({t.id for t in issued}) == len(issued)
    assert len({t.number for t in issued}) == len(issued), "a number was given twice"
    called = [t for ts in calls.values() for t in ts]
    assert sorted(t.id for t in called) == sorted(t.id for t in issued), "lost or twice-called"
    rows, called_events = all_tickets(hub)
    assert len(rows) == len(issued)
    assert_numbers_contiguous(rows)
    assert all(r["status"] == "finished" for r in rows)
    assert len(called_events) == len(issued)
    # First come, first served within a class: each window's calls of one service and
    # class come in number order (a window never passes over an earlier waiting ticket).
    for n, ts in calls.items():
        for service in "ABC":
            for prio in (True, False):
                mine = [int(t.number[1:]) for t in ts if t.service == service and (t.priority is not None) == prio]
                assert mine == sorted(mine), f"window {n} service {service} priority={prio}: {mine}"


def test_sigkill_in_the_middle_loses_and_reuses_nothing(hub: HubProcess) -> None:
    acknowledged: list[Ticket] = []
    lock = threading.Lock()
    stop = threading.Event()

    def kiosk(i: int) -> None:
        with hub.client("kiosk", timeout_s=10) as c:
            while not stop.is_set():
                try:
                    t = c.issue_ticket("AB"[i % 2])
                except HubUnavailable:
                    time.sleep(0.05)  # the hub is down; a terminal would try again later
                    continue
                with lock:
                    acknowledged.append(t)

    def window(n: int) -> None:
        with hub.client(f"window:{n}", timeout_s=10) as c:
            while not stop.is_set():
                try:
                    c.call_next(n)
                except HubUnavailable:
                    time.sleep(0.05)

    with ThreadPoolExecutor(12) as pool:
        futures = [pool.submit(kiosk, i) for i in range(8)] + [pool.submit(window, n) for n in (1, 2, 3, 4)]
        time.sleep(1.5)
        before = len(acknowledged)
        hub.kill()
        time.sleep(0.3)
        hub.start()
        time.sleep(1.5)
        stop.set()
        for f in futures:
            f.result()
    assert before > 0 and len(acknowledged) > before
    rows, _ = all_tickets(hub)
    stored = {r["id"]: r for r in rows}
    for t in acknowledged:
        assert t.id in stored, f"ticket {t.number} was acknowledged, then lost"
        assert stored[t.id]["number"] == t.number
    assert len({r["number"] for r in rows}) == len(rows), "a number was reused"
    assert_numbers_contiguous(rows)
    with hub.client("kiosk") as c:
        nxt = c.issue_ticket("A")
    assert nxt.number == f"A{max(r['n'] for r in rows if r['service'] == 'A') + 1:03d}"
