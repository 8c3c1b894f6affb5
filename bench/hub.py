"""Hub benchmark (issue 7): ticket-issue and call-next throughput and p95 latency with 50
concurrent clients on loopback, on SQLite and on PostgreSQL, and the call -> event
latency seen by a listening SSE client.

    .venv/bin/python bench/hub.py [--tickets 3000] [--clients 50] [--workers N] [--only sqlite]

Each backend runs a real hub subprocess (``kiosk hub serve``, via tests/rigs/hub.py) on a
fresh database; PostgreSQL is a throw-away cluster (tests/rigs/postgres.py). Clients are
threads with one keep-alive httpx connection each. Goals (2 cores, shared with the
clients): >= 500 issues/s with p95 <= 50 ms on SQLite; event p95 <= 200 ms. With 50
clients each waiting for its answer before the next request, median latency is about
50 / throughput (Little's law), so the goal is measured open loop: the 50 clients offer
500 issues/s together on a schedule and each latency counts from when the request was
due. The closed-loop saturation figures and the single-client latency are printed too.
The floor (house rule 4) is measured in the same run on the same database: a bare
insert-and-return endpoint (bench/hub_floor.py: a minimal FastAPI app on the hub's own
server settings and engine, one ``INSERT ... RETURNING`` and commit) goes through the
same phases after the hub has stopped, and the hub's ratio to it is printed beside each
figure. Prints the figures, then one JSON line ending with ``p95_ms`` and ``per_s`` (the
hub's issues as fast as the clients can, on the first backend: p95 and per second) and
``ratio`` (that p95 over the floor's, same clients; the closed loop, because when the
machine cannot offer the paced rate both paced figures measure only the backlog).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx

from tests.rigs.hub import HubProcess, running_hub
from tests.rigs.postgres import postgres_cluster


class FloorProcess(HubProcess):
    """bench/hub_floor.py as a subprocess, started and stopped like the hub."""

    def command(self) -> list[str]:
        return [
            sys.executable,
            str(REPO / "bench" / "hub_floor.py"),
            "--db",
            self.db_url,
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]


def floor_request(http: httpx.Client, i: int, n: int) -> bool:
    r = http.post("/floor", json={"service": "ABC"[n % 3]})
    assert r.status_code == 201, r.text
    return True


def bench_floor(
    db_url: str, log_dir: Path, workers: int, args: argparse.Namespace
) -> tuple[list[float], list[float], float, list[float]]:
    """The floor through the hub's phases: one client alone, paced, as fast as they can."""
    floor = FloorProcess(db_url, {}, log_dir, workers=workers).start()
    try:
        _, alone_ms = hammer(floor, 1, 300, floor_request)
        _, paced_ms = paced(floor, args.clients, args.rate, args.seconds, floor_request)
        rate, issue_ms = hammer(floor, args.clients, args.tickets, floor_request)
    finally:
        floor.stop()
    return alone_ms, paced_ms, rate, issue_ms


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def hammer(hub: HubProcess, clients: int, total: int, request) -> tuple[float, list[float]]:
    """``clients`` threads share ``total`` requests; returns (per second, latencies in ms)."""
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(total))
    start = threading.Barrier(clients + 1)

    def worker(i: int) -> None:
        mine: list[float] = []
        with httpx.Client(base_url=hub.url, timeout=30) as http:
            start.wait()
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    break
                t0 = time.perf_counter()
                if not request(http, i, n):
                    break
                mine.append((time.perf_counter() - t0) * 1000)
        with lock:
            latencies.extend(mine)

    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(worker, i) for i in range(clients)]
        start.wait()
        t0 = time.perf_counter()
        for f in futures:
            f.result()
        wall = time.perf_counter() - t0
    return len(latencies) / wall, latencies


def paced(hub: HubProcess, clients: int, rate: float, seconds: float, request) -> tuple[float, list[float]]:
    """Open loop: ``clients`` threads together offer ``rate`` requests/s for ``seconds``,
    each on its own schedule. A request's latency runs from when it was due, not from
    when it went out, so a server that falls behind is charged for the wait (no
    coordinated omission). Returns (achieved per second, latencies in ms)."""
    latencies: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    interval = clients / rate  # each client's gap between its requests
    t_start = [0.0]

    def worker(i: int) -> None:
        mine: list[float] = []
        with httpx.Client(base_url=hub.url, timeout=30) as http:
            start.wait()
            due = t_start[0] + interval * i / clients  # spread the clients over one gap
            n = i
            while due < t_start[0] + seconds:
                pause = due - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                request(http, i, n)
                mine.append((time.perf_counter() - due) * 1000)
                due += interval
                n += clients
        with lock:
            latencies.extend(mine)

    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(worker, i) for i in range(clients)]
        t_start[0] = time.perf_counter() + 0.05
        start.wait()
        for f in futures:
            f.result()
        wall = time.perf_counter() - t_start[0]
    return len(latencies) / wall, latencies


def issue_request(hub: HubProcess):
    headers = hub.headers("kiosk")

    def issue(http: httpx.Client, i: int, n: int) -> bool:
        r = http.post("/api/v1/tickets", headers=headers, json={"service": "ABC"[n % 3]})
        assert r.status_code == 201, r.text
        return True

    return issue


def bench_issue(hub: HubProcess, clients: int, total: int) -> tuple[float, list[float]]:
    return hammer(hub, clients, total, issue_request(hub))


def bench_call(hub: HubProcess, clients: int, total: int) -> tuple[float, list[float]]:
    def call(http: httpx.Client, i: int, n: int) -> bool:
        r = http.post(f"/api/v1/windows/{i % 8 + 1}/next", headers=hub.headers(f"window:{i % 8 + 1}"))
        assert r.status_code in (200, 204), r.text
        return r.status_code == 200

    return hammer(hub, clients, total, call)


def bench_events(hub: HubProcess, calls: int, pace_s: float) -> list[float]:
    """A listener on /events; one window calls ``calls`` times; ms from sending each call
    to receiving its ticket.called event."""
    sent: dict[str, float] = {}
    got: dict[str, float] = {}
    connected = threading.Event()
    done = threading.Event()

    def listen() -> None:
        with httpx.stream(
            "GET", hub.url + "/api/v1/events", headers=hub.headers("display"), timeout=httpx.Timeout(60)
        ) as r:
            kind = None
            for line in r.iter_lines():
                if line.startswith("event: "):
                    kind = line[7:]
                    if kind == "snapshot":
                        connected.set()
                elif line.startswith("data: ") and kind == "ticket.called":
                    got[json.loads(line[6:])["id"]] = time.perf_counter()
                    if len(got) >= calls:
                        done.set()
                        return

    t = threading.Thread(target=listen, daemon=True)
    t.start()
    connected.wait(10)
    with httpx.Client(base_url=hub.url, timeout=30, headers=hub.headers("window:1")) as http:
        kiosk = hub.headers("kiosk")
        for _ in range(calls):
            http.post("/api/v1/tickets", headers=kiosk, json={"service": "A"})
        for _ in range(calls):
            t0 = time.perf_counter()
            r = http.post("/api/v1/windows/1/next")
            sent[r.json()["ticket"]["id"]] = t0
            time.sleep(pace_s)
    done.wait(30)
    return [(got[k] - sent[k]) * 1000 for k in sent if k in got]


def run_backend(name: str, stack: ExitStack, args: argparse.Namespace) -> dict[str, float]:
    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"bench-hub-{name}-")))
    pg = stack.enter_context(postgres_cluster()) if name == "postgresql" else None
    workers = args.workers if args.workers else (1 if name == "sqlite" else 2)
    with running_hub(tmp, pg=pg, workers=workers) as hub:
        # One client alone: the server's own latency, without 49 others queued in front.
        _, alone_ms = bench_issue(hub, 1, 300)
        offered_rate, offered_ms = paced(hub, args.clients, args.rate, args.seconds, issue_request(hub))
        issue_rate, issue_ms = bench_issue(hub, args.clients, args.tickets)
        call_rate, call_ms = bench_call(hub, args.clients, args.tickets)
        event_ms = bench_events(hub, 200, 0.02)
        db_url = hub.db_url
    # The hub has stopped: the floor alone on the same database.
    f_alone, f_paced, f_rate, f_issue = bench_floor(db_url, tmp, workers, args)
    figures = {
        f"{name}_issue_1client_median_ms": round(statistics.median(alone_ms), 2),
        f"{name}_issue_1client_p95_ms": round(p95(alone_ms), 2),
        f"{name}_offered_issue_per_s": args.rate,
        f"{name}_paced_issue_per_s": round(offered_rate, 1),
        f"{name}_paced_issue_median_ms": round(statistics.median(offered_ms), 2),
        f"{name}_paced_issue_p95_ms": round(p95(offered_ms), 2),
        f"{name}_issue_per_s": round(issue_rate, 1),
        f"{name}_issue_median_ms": round(statistics.median(issue_ms), 2),
        f"{name}_issue_p95_ms": round(p95(issue_ms), 2),
        f"{name}_call_per_s": round(call_rate, 1),
        f"{name}_call_median_ms": round(statistics.median(call_ms), 2),
        f"{name}_call_p95_ms": round(p95(call_ms), 2),
        f"{name}_event_median_ms": round(statistics.median(event_ms), 2),
        f"{name}_event_p95_ms": round(p95(event_ms), 2),
        f"{name}_workers": workers,
        f"{name}_floor_1client_median_ms": round(statistics.median(f_alone), 2),
        f"{name}_floor_paced_p95_ms": round(p95(f_paced), 2),
        f"{name}_floor_issue_per_s": round(f_rate, 1),
        f"{name}_floor_issue_p95_ms": round(p95(f_issue), 2),
        f"{name}_ratio_1client_median": round(statistics.median(alone_ms) / statistics.median(f_alone), 2),
        f"{name}_ratio_paced_p95": round(p95(offered_ms) / p95(f_paced), 2),
        f"{name}_ratio_issue_per_s": round(issue_rate / f_rate, 2),
        f"{name}_ratio_issue_p95": round(p95(issue_ms) / p95(f_issue), 2),
    }
    print(f"{name} ({workers} worker{'s' if workers > 1 else ''}), {args.clients} clients, {args.tickets} tickets:")
    print(f"  issue, 1 client alone: median {statistics.median(alone_ms):6.2f} ms  p95 {p95(alone_ms):6.2f} ms")
    print(
        f"  issue paced: {args.rate:.0f}/s offered by {args.clients} clients, {offered_rate:7.1f}/s done, "
        f"median {statistics.median(offered_ms):6.2f} ms  p95 {p95(offered_ms):6.2f} ms (from when each was due)"
    )
    print(
        f"  issue as fast as they can {issue_rate:7.1f}/s  median {statistics.median(issue_ms):6.2f} ms  p95 {p95(issue_ms):6.2f} ms"
    )
    print(
        f"  floor (insert-and-return, same server and database): 1 client median "
        f"{statistics.median(f_alone):6.2f} ms (hub {figures[f'{name}_ratio_1client_median']:.2f}x); "
        f"paced p95 {p95(f_paced):6.2f} ms (hub {figures[f'{name}_ratio_paced_p95']:.2f}x); "
        f"as fast as they can {f_rate:7.1f}/s p95 {p95(f_issue):6.2f} ms "
        f"(hub {issue_rate / f_rate:.2f}x the rate, {figures[f'{name}_ratio_issue_p95']:.2f}x the p95)"
    )
    print(f"  call next  {call_rate:7.1f}/s  median {statistics.median(call_ms):6.2f} ms  p95 {p95(call_ms):6.2f} ms")
    print(
        f"  call -> event at a listener ({len(event_ms)} calls): median "
        f"{statistics.median(event_ms):6.2f} ms  p95 {p95(event_ms):6.2f} ms",
        flush=True,
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rate", type=float, default=500.0, help="issues/s the clients offer together (paced phase)")
    parser.add_argument("--seconds", type=float, default=6.0, help="length of the paced phase")
    parser.add_argument("--workers", type=int, default=0, help="hub workers (0: 1 on SQLite, 2 on PostgreSQL)")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    figures: dict[str, float] = {}
    for name in ("sqlite", "postgresql"):
        if args.only in (None, name):
            with ExitStack() as stack:
                figures.update(run_backend(name, stack, args))
    first = next(name for name in ("sqlite", "postgresql") if f"{name}_issue_per_s" in figures)
    figures["p95_ms"] = figures[f"{first}_issue_p95_ms"]
    figures["per_s"] = figures[f"{first}_issue_per_s"]
    figures["ratio"] = figures[f"{first}_ratio_issue_p95"]
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
