"""City-tier benchmark (issue 16): N halls and stations against one city hub with
several processes on PostgreSQL, beside the floor a bare insert reaches there.

    .venv/bin/python bench/city.py [--halls 3000] [--terminals 10000] [--workers 2] [--seconds 10]
    .venv/bin/python bench/city.py --quick        # small numbers, for development and the smoke test

Everything is real and on loopback: a throw-away PostgreSQL cluster (tests/rigs/postgres.py),
the platform simulator (``python -m drivers.sim.platform``), the city hub (``kiosk hub serve
--city --platform URL --workers N``), and for the end-to-end delay a real hall hub (SQLite)
linked with the real CLI. The ``--halls`` halls and stations are put in the city's registry
and paired through ``hub.city.registry`` / ``hub.city.links`` (the code the CLI runs; over
HTTP one address may pair only 100 halls a day, ``hub.pairing.PER_CLIENT``), each with its
own credential, which signs every request it sends.

What is measured, one kind at a time, ``--clients`` threads each sending its next request
when the last was answered (closed loop) for ``--seconds``:

- floor: ``POST /floor`` of bench/city_floor.py, a FastAPI app served as the hub is (same
  uvicorn settings, same worker count, same engine) doing one ``INSERT … RETURNING`` and a
  commit per request. Each kind's ``ratio`` is its rate over this one;
- the link's wire messages exactly as a hall hub's uplink (hub/city/uplink.py) sends them,
  each from a hall chosen in turn with that hall's credential: ``case`` (a case with one
  material image of ``--image-kb``), ``evaluation`` (a 好差评 record, one in ten bad: it
  opens a rectification), ``report`` (办不成事), ``snapshot`` (the hall's terminals —
  ``--terminals`` spread over the halls — with their devices, the queue figures, the
  outbox), and the two polls every hall makes every 2 s, ``updates`` and ``catalog_head``;
- case_to_platform: a kiosk submits ``--cases`` cases to the real hall hub at
  ``--case-rate`` per second; the delay from each submission to the moment the platform
  simulator has it (read from its ``/sim/log``): hall hub → uplink → city hub → platform
  outbox → the HTTPS JSON adapter.

The goal: p95 <= 200 ms for every kind and every kind at least half the floor's rate.
Prints median, p95, per_s and ratio per kind and what a city of ``--halls`` halls sends of
the periodic kinds; ends with one JSON line whose ``p95_ms``, ``per_s`` and ``ratio`` are
the worst kind's (``kinds`` has them all). The machine may be shared: the load average is
printed with the figures.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import inspect
import itertools
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx

from tests.rigs.city import link_hall, running_hall, running_platform, wait_for
from tests.rigs.hub import HubProcess, _env, free_port
from tests.rigs.postgres import PostgresCluster, fresh_database, postgres_cluster

GOAL_P95_MS = 200.0
GOAL_RATIO = 0.5
TASK_CODE = "11610103MB282815164000509004000"
E2E_HALL = "XA-BENCH"

Request = Callable[[httpx.Client, int], str | None]  # one request; an error text or None


@dataclass
class Measured:
    """One kind's figures."""

    name: str
    ms: list[float] = field(default_factory=list)
    per_s: float = 0.0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    ratio: float | None = None  # per_s over the floor's (None: not a throughput kind)

    def p(self, q: int) -> float:
        if not self.ms:
            return float("nan")
        if len(self.ms) < 20:
            return max(self.ms) if q > 50 else statistics.median(self.ms)
        return statistics.quantiles(self.ms, n=100)[q - 1]

    def ok(self) -> bool:
        rate_ok = self.ratio is None or self.ratio >= GOAL_RATIO
        return bool(self.ms) and self.p(95) <= GOAL_P95_MS and rate_ok and not self.errors

    def summary(self) -> dict[str, float | int | None]:
        return {
            "count": len(self.ms),
            "p50_ms": round(self.p(50), 1),
            "p95_ms": round(self.p(95), 1),
            "per_s": round(self.per_s, 1),
            "ratio": None if self.ratio is None else round(self.ratio, 2),
            "errors": self.errors,
        }


def closed_loop(name: str, base_url: str, clients: int, seconds: float, request: Request) -> Measured:
    """``clients`` threads, each with its own keep-alive connection, send ``request`` one
    after another for ``seconds``; the rate of answered requests and their latencies."""
    out = Measured(name)
    lock = threading.Lock()
    counter = itertools.count()
    t_end = [0.0]

    def begin() -> None:  # once every client has its connection ready
        t_end[0] = time.perf_counter() + seconds

    start = threading.Barrier(clients + 1, action=begin)

    def worker() -> None:
        mine: list[float] = []
        errors: list[str] = []
        with httpx.Client(base_url=base_url, timeout=30) as http:
            start.wait()
            while time.perf_counter() < t_end[0]:
                with lock:
                    i = next(counter)
                t0 = time.perf_counter()
                try:
                    error = request(http, i)
                except httpx.HTTPError as exc:
                    error = f"{type(exc).__name__}: {exc}"
                if error is None:
                    mine.append((time.perf_counter() - t0) * 1000)
                else:
                    errors.append(error)
        with lock:
            out.ms.extend(mine)
            out.errors += len(errors)
            out.error_samples.extend(errors[: 3 - len(out.error_samples)])

    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(worker) for _ in range(clients)]
        start.wait()
        t0 = t_end[0] - seconds
        for f in futures:
            f.result()
        wall = time.perf_counter() - t0
    out.per_s = len(out.ms) / wall
    return out


def measured(name: str, base_url: str, args: argparse.Namespace, request: Request) -> Measured:
    """``closed_loop`` after a warm-up of ``args.warmup`` seconds that is not counted (the
    workers' first requests open their database connections and fill SQLAlchemy's caches)."""
    if args.warmup:
        closed_loop(name, base_url, args.clients, args.warmup, request)
    return closed_loop(name, base_url, args.clients, args.seconds, request)


def answered(r: httpx.Response, *ok: int) -> str | None:
    return None if r.status_code in ok else f"{r.status_code} {r.text[:160]}"


# ---- the city's halls, registered and paired through the real registry ------------------
def register_halls(db_url: str, n: int) -> list[tuple[str, str]]:
    """``n`` halls and stations in the city's registry, each paired once: (code, credential)."""
    from hub import db
    from hub.city import links, registry

    engine = db.make_engine(db_url, pool_size=4)

    def one(i: int) -> tuple[str, str]:
        code = f"XA-{i:05d}"
        level = registry.LEVELS[i % len(registry.LEVELS)]
        registry.add(engine, registry.HallEntry(code, f"测评{level}{i:05d}", level, f"区{i % 13:02d}"))
        pairing, _ = links.create_code(engine, code)
        return code, links.exchange(engine, pairing).credential

    try:
        with ThreadPoolExecutor(4) as pool:
            return list(pool.map(one, range(n)))
    finally:
        engine.dispose()


# ---- the wire messages a hall hub's uplink sends -----------------------------------------
class Halls:
    """Requests of every kind, each from the next hall with that hall's credential."""

    def __init__(self, halls: list[tuple[str, str]], terminals: int, image_kb: int) -> None:
        self.halls = halls
        self.terminals = terminals
        image = b"\x89PNG\r\n\x1a\n" + secrets.token_bytes(max(0, image_kb * 1024 - 8))
        self.material = {
            "sha256": hashlib.sha256(image).hexdigest(),
            "media_type": "image/png",
            "data": base64.b64encode(image).decode("ascii"),
        }

    def hall(self, i: int) -> tuple[int, str, dict[str, str]]:
        h = (i * 7919) % len(self.halls)  # another hall each time, every hall in turn
        code, credential = self.halls[h]
        return h, code, {"Authorization": f"Bearer {credential}"}

    def push(self, http: httpx.Client, path: str, body: dict, auth: dict[str, str]) -> str | None:
        r = http.post(path, json=body, headers={**auth, "Idempotency-Key": uuid.uuid4().hex})
        return answered(r, 201)

    def case(self, http: httpx.Client, i: int) -> str | None:
        _, code, auth = self.hall(i)
        body = {
            "reference": f"{TASK_CODE[:8]}{secrets.token_hex(6).upper()}",
            "submitted_at": time.time(),
            "case": {
                "task_code": TASK_CODE,
                "terminal_id": f"{code}-T1",
                "hall_code": code,
                "area_code": "610103",
                "applicant": {"name": "张三", "id_number": "610103188001010012", "phone": "13800001234"},
                "values": {"reason": "迁入", "address": "西安市碑林区某街1号", "n": i},
            },
            "materials": [self.material],
        }
        return self.push(http, "/api/v1/city/cases", body, auth)

    def evaluation(self, http: httpx.Client, i: int) -> str | None:
        _, code, auth = self.hall(i)
        record = {
            "id": uuid.uuid4().hex,
            "satisfaction": 2 if i % 10 == 0 else 5,
            "assessTime": "2026-12-07T10:00:00+08:00",
            "hallCode": code,
            "pf": 5,
            "taskCode": TASK_CODE,
        }
        if record["satisfaction"] <= 2:
            record["evalDetail"] = ["301"]
        return self.push(http, "/api/v1/city/evaluations", {"record": record}, auth)

    def report(self, http: httpx.Client, i: int) -> str | None:
        _, code, auth = self.hall(i)
        report = {
            "reference": f"BJ-{secrets.token_hex(6).upper()}",
            "reported_at": "2026-12-07T10:00:00+08:00",
            "tried": "户口迁入",
            "reasons": ["materials"],
            "text": "",
            "phone": "13800001234",
            "hall_code": code,
        }
        return self.push(http, "/api/v1/city/reports", {"report": report}, auth)

    def snapshot(self, http: httpx.Client, i: int) -> str | None:
        h, _, auth = self.hall(i)
        now = time.time()
        body = {
            "terminals": [
                {
                    "terminal": f"T{t:05d}",
                    "role": "kiosk",
                    "seen": now - 5,
                    "up": True,
                    "devices": {"printer": "ok", "id_reader": "ok", "camera": "ok"},
                    "keys": [],
                }
                for t in range(h, self.terminals, len(self.halls))
            ],
            "queue": {"day": "2026-12-07", "counts": {"waiting": 6, "called": 2, "done": 41}},
            "outbox": {"pending": 0, "dead": 0},
            "catalog": {"version": 7, "city_version": 7, "refused": None},
        }
        return answered(http.post("/api/v1/city/snapshot", json=body, headers=auth), 200)

    def updates(self, http: httpx.Client, i: int) -> str | None:
        _, _, auth = self.hall(i)
        return answered(http.get("/api/v1/city/updates", params={"since": 0, "limit": 500}, headers=auth), 200)

    def catalog_head(self, http: httpx.Client, i: int) -> str | None:
        _, _, auth = self.hall(i)
        return answered(http.get("/api/v1/city/catalog/head", headers=auth), 200)


KINDS = ("case", "evaluation", "report", "snapshot", "updates", "catalog_head")


def periodic_rates(halls: int) -> dict[str, float]:
    """What ``halls`` linked halls send of the periodic kinds, per second (hub/city/uplink.py)."""
    from hub.city.uplink import SNAPSHOT_S, HallUplink

    pull_s = inspect.signature(HallUplink).parameters["pull_s"].default
    return {"snapshot": halls / SNAPSHOT_S, "updates": halls / pull_s, "catalog_head": halls / pull_s}


# ---- the floor -------------------------------------------------------------------------
def measure_floor(pg: PostgresCluster, tmp: Path, args: argparse.Namespace) -> Measured:
    port = free_port()
    log = (tmp / "floor.log").open("ab")
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "bench" / "city_floor.py"), "--db", fresh_database(pg, "floor"),
         "--port", str(port), "--workers", str(args.workers)],
        stdout=log, stderr=subprocess.STDOUT, env=_env(), cwd=REPO, start_new_session=True,
    )  # fmt: skip
    log.close()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: httpx.post(url + "/floor", json={"hall": "probe"}).status_code == 201, what="the floor app")

        def insert(http: httpx.Client, i: int) -> str | None:
            return answered(http.post("/floor", json={"hall": f"XA-{i % args.halls:05d}", "n": i}), 201)

        return measured("floor", url, args, insert)
    finally:
        proc.terminate()
        proc.wait(10)


# ---- submission at a kiosk → acknowledged by the platform -------------------------------
def measure_case_to_platform(city: HubProcess, platform, tmp: Path, args: argparse.Namespace) -> Measured:
    out = Measured("case_to_platform")
    with running_hall(tmp, "e2e-hall") as hall, httpx.Client(timeout=30) as http:
        link_hall(city, hall, E2E_HALL, "碑林区政务服务中心（测评）")
        sent: dict[str, float] = {}
        acked: dict[str, float] = {}
        done = threading.Event()

        def watch() -> None:  # the platform's log, read as often as it answers
            with httpx.Client(timeout=10) as sim:
                while not done.is_set():
                    now = time.perf_counter()
                    for key in sim.get(platform.url + "/sim/log").json()["cases"]:
                        acked.setdefault(key, now)
                    time.sleep(0.005)

        def submit(i: int) -> str:
            case = {
                "task_code": TASK_CODE,
                "terminal_id": "test-kiosk",
                "hall_code": E2E_HALL,
                "area_code": "610103",
                "applicant": {"name": "张三"},
                "values": {"n": i},
            }
            t0 = time.perf_counter()
            r = http.post(
                hall.url + "/api/v1/cases",
                json=case,
                headers={**hall.headers("kiosk"), "Idempotency-Key": uuid.uuid4().hex},
            )
            if r.status_code != 201:
                raise RuntimeError(f"the hall refused a case: {r.status_code} {r.text[:200]}")
            key = f"{E2E_HALL}:{r.json()['case_number']}"
            sent[key] = t0
            return key

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            first = submit(-1)  # the link is up end to end before the clock starts
            wait_for(lambda: first in acked, what="the first case at the platform", timeout_s=60)
            sent.clear()
            t0 = time.perf_counter()
            for i in range(args.cases):
                pause = t0 + i / args.case_rate - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                submit(i)
            wall = time.perf_counter() - t0
            wait_for(lambda: all(k in acked for k in sent), what="every case at the platform", timeout_s=120)
        finally:
            done.set()
            watcher.join(5)
    out.ms = [(acked[k] - t) * 1000 for k, t in sent.items()]
    out.per_s = len(out.ms) / wall
    return out


def drain(city: HubProcess) -> tuple[int, float]:
    """Wait until the city has sent everything queued for the platform: (messages, seconds)
    (its pusher sends one message at a time, hub/city/platform/outbox.py)."""
    query = "SELECT count(*) FROM platform_outbox WHERE state = 'pending'"
    pending = city.query(query)[0][0]
    t0 = time.perf_counter()
    if pending:
        wait_for(lambda: city.query(query)[0][0] == 0, what="the platform outbox to drain", timeout_s=1800)
    return pending, time.perf_counter() - t0


# ---- the run ---------------------------------------------------------------------------
def run(args: argparse.Namespace) -> tuple[list[Measured], dict[str, float], list[float]]:
    with (
        tempfile.TemporaryDirectory(prefix="bench-city-") as folder,
        postgres_cluster() as pg,
        running_platform(Path(folder) / "platform") as platform,
    ):
        tmp = Path(folder)
        city = HubProcess(
            fresh_database(pg, "city"), {}, tmp, workers=args.workers, extra=("--city", "--platform", platform.url)
        ).start()
        try:
            t0 = time.perf_counter()
            halls = register_halls(city.db_url, args.halls)
            print(f"set-up: {args.halls} halls registered and paired in {time.perf_counter() - t0:.1f} s", flush=True)
            results = [measure_case_to_platform(city, platform, tmp, args)]
            print(f"measured case_to_platform ({len(results[0].ms)} cases)", flush=True)
            floor = measure_floor(pg, tmp, args)
            print(f"measured the floor: {floor.per_s:.0f}/s", flush=True)
            results.append(floor)
            traffic = Halls(halls, args.terminals, args.image_kb)
            pushed = [0.0, 0.0]  # messages the pusher sent after the kinds that queue them, seconds it took
            for kind in args.kinds:
                m = measured(kind, city.url, args, getattr(traffic, kind))
                m.ratio = m.per_s / floor.per_s if floor.per_s else 0.0
                results.append(m)
                print(f"measured {kind}: {m.per_s:.0f}/s", flush=True)
                n, seconds = drain(city)  # the next kind does not pay for this one's platform messages
                pushed[0] += n
                pushed[1] += seconds
        finally:
            city.stop()
    return results, periodic_rates(args.halls), pushed


def report(results: list[Measured], needed: dict[str, float], pushed: list[float], args: argparse.Namespace) -> dict:
    print(
        f"city: {args.halls} halls and stations (each its own credential), {args.terminals} terminals in their "
        f"snapshots; city hub with {args.workers} workers on PostgreSQL; {args.clients} clients per kind for "
        f"{args.seconds:g} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (machine shared)"
    )
    print(
        f"  {'kind':<17}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'per_s':>9}{'ratio':>7}{'needs/s':>9}{'errors':>8}  goal"
    )
    for m in results:
        ratio = "" if m.ratio is None else f"{m.ratio:.2f}"
        need = f"{needed[m.name]:.0f}" if m.name in needed else ""
        goal = "" if m.name == "floor" else ("yes" if m.ok() else "NO")
        print(
            f"  {m.name:<17}{len(m.ms):>7}{m.p(50):>9.1f}{m.p(95):>9.1f}{m.per_s:>9.1f}{ratio:>7}{need:>9}"
            f"{m.errors:>8}  {goal}"
        )
        for sample in m.error_samples:
            print(f"      error: {sample}")
    print(
        f"  needs/s: what {args.halls} linked halls send of that kind (snapshot every 30 s, two polls every 2 s); "
        f"case_to_platform: {args.cases} cases offered at {args.case_rate:g}/s, submission -> platform"
    )
    push_rate = pushed[0] / pushed[1] if pushed[1] else 0.0
    print(
        f"  platform: the city's pusher sent the {pushed[0]:.0f} messages those kinds queued at {push_rate:.1f}/s "
        "(one at a time, after each kind, before the next)"
    )
    kinds = [m for m in results if m.name != "floor"]
    rated = [m for m in kinds if m.ratio is not None]
    worst = min(rated, key=lambda m: m.ratio or 0.0)
    slowest = max(kinds, key=lambda m: m.p(95))
    print(
        f"  worst: p95 {slowest.p(95):.1f} ms ({slowest.name}), ratio {worst.ratio:.2f} ({worst.name}); "
        f"goal (p95 <= {GOAL_P95_MS:.0f} ms, ratio >= {GOAL_RATIO}) met by every kind: "
        f"{'yes' if all(m.ok() for m in kinds) else 'NO'}"
    )
    return {
        "p95_ms": round(slowest.p(95), 1),
        "per_s": round(worst.per_s, 1),
        "ratio": round(worst.ratio or 0.0, 2),
        "worst_p95": slowest.name,
        "worst_ratio": worst.name,
        "kinds": {m.name: m.summary() for m in results},
        "needs_per_s": {k: round(v, 1) for k, v in needed.items()},
        "platform_push_per_s": round(push_rate, 1),
        "halls": args.halls,
        "terminals": args.terminals,
        "workers": args.workers,
        "load_average": round(os.getloadavg()[0], 1),
    }


QUICK = {"halls": 30, "terminals": 100, "seconds": 1.5, "warmup": 0.5, "clients": 4, "cases": 10, "case_rate": 10.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--halls", type=int, default=3000, help="halls and stations linked to the city")
    parser.add_argument("--terminals", type=int, default=10_000, help="terminals in the halls' snapshots")
    parser.add_argument("--workers", type=int, default=2, help="city hub processes (uvicorn workers)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent senders per kind")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long each kind is measured")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of each kind not counted, first")
    parser.add_argument("--image-kb", type=int, default=50, help="the size of each case's material image")
    parser.add_argument("--cases", type=int, default=200, help="cases timed from kiosk to platform")
    parser.add_argument("--case-rate", type=float, default=10.0, help="cases per second submitted at the kiosk")
    parser.add_argument("--kinds", default=",".join(KINDS), help="the link's kinds to measure (comma-separated)")
    parser.add_argument("--quick", action="store_true", help="small numbers: " + json.dumps(QUICK))
    args = parser.parse_args()
    if args.quick:
        for name, value in QUICK.items():
            setattr(args, name, value)
    for name in ("halls", "terminals", "workers", "clients", "cases"):
        if getattr(args, name) < 1:
            parser.exit(2, f"--{name.replace('_', '-')}: give 1 or more\n")
    if args.seconds <= 0 or args.warmup < 0 or args.case_rate <= 0 or not 1 <= args.image_kb <= 5 * 1024:
        parser.exit(2, "--seconds and --case-rate: above 0; --image-kb: 1 to 5120\n")
    args.kinds = [k for k in args.kinds.split(",") if k]
    if not args.kinds or set(args.kinds) - set(KINDS):
        parser.exit(2, f"--kinds: some of {','.join(KINDS)}\n")
    results, needed, pushed = run(args)
    print(json.dumps(report(results, needed, pushed, args), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
