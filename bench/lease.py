"""Offline tickets benchmark (issue 8): issuing a ticket from the kiosk's lease while the
hub is away, against taking one online from a REAL hub on loopback (the baseline).

    .venv/bin/python bench/lease.py [--tickets 200]

1. A hub subprocess (``kiosk hub serve``, SQLite, loopback) and a kiosk's ``TicketDesk``
   over a real outbox in a temporary folder (``synchronous=FULL``: every ticket fsynced).
   The desk leases numbers (two leases of 100 of service A, one of service B).
2. Baseline: ``--tickets`` online tickets of service A (``POST /api/v1/tickets``).
3. The hub is stopped; ``--tickets`` tickets of A through ``TicketDesk.take`` — what the
   citizen waits for: the refused connection, then the leased number and its record
   stored in one transaction — and ``--tickets`` of B straight from the lease book
   (``OfflineTickets.issue``: the storage alone).

Goal: an offline ticket p95 <= 50 ms on 2 cores (the paper takes ~1 s to print).
Ends with one JSON line (ratio = offline take p95 / online take p95).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.config.loader import demo_settings
from kiosk.queue.connection import HubConnection
from kiosk.queue.offline import OfflineTickets
from kiosk.queue.ticketing import TicketDesk
from tests.rigs.hub import running_hub


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=200, help="tickets per measurement (at most 200)")
    args = parser.parse_args()
    n = max(2, min(200, args.tickets))
    with tempfile.TemporaryDirectory(prefix="bench-lease-") as tmp, running_hub(Path(tmp) / "hub") as hub:
        data = Path(tmp) / "kiosk"
        offline = OfflineTickets.open(data, size=100, low_water=10_000)  # every top-up leases 100 more
        settings = replace(demo_settings("kiosk"), data_dir=data)
        desk = TicketDesk(HubConnection(hub.url, hub.tokens["kiosk"], "s"), None, settings, offline=offline)
        try:
            desk.services()  # leases 100 of each open service
            desk.top_up(["A"])  # and 100 more of A
            online = timed(lambda: desk.take("A"), n)
            hub.stop()
            taken = []
            offline_take = timed(lambda: taken.append(desk.take("A")), n)
            book = timed(lambda: offline.issue("B"), min(n, 100))
        finally:
            desk.close()
            offline.close()
    assert all(t.offline for t in taken) and len({t.number for t in taken}) == len(taken)
    rows = {
        "online take (baseline)": online,
        "offline take (desk)": offline_take,
        "offline issue (book)": book,
    }
    print(f"{'':<24} {'p50 ms':>8} {'p95 ms':>8} {'n':>5}")
    for name, values in rows.items():
        print(f"{name:<24} {statistics.median(values):>8.2f} {pct(values, 95):>8.2f} {len(values):>5}")
    ratio = pct(offline_take, 95) / pct(online, 95)
    print(f"offline take p95 / online take p95 = {ratio:.2f}")
    out = {
        "offline_take_p50_ms": round(statistics.median(offline_take), 2),
        "offline_take_p95_ms": round(pct(offline_take, 95), 2),
        "offline_issue_p95_ms": round(pct(book, 95), 2),
        "online_take_p50_ms": round(statistics.median(online), 2),
        "online_take_p95_ms": round(pct(online, 95), 2),
        "ratio": round(ratio, 2),
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
