"""Outbox and sync engine benchmark (issue 8): put latency and drain throughput, to
the fake hub and to a REAL hub on loopback, and catalog sync from the real hub.

    .venv/bin/python bench/sync.py [--cases 300] [--image-kb 200] [--items 100000] [--seed 8]
                                   [--no-hub]

1. Puts ``--cases`` cases into a real outbox (``synchronous=FULL``: every put is
   fsynced) in a temporary folder, then drains them through the sync engine to the
   in-process fake hub of the tests (idempotency keys honoured, no network). Twice:
   without images, and with ``--image-kb`` of material images per case (two scans).
2. The same drain to a real hub (``kiosk hub serve`` subprocess, SQLite, loopback HTTP
   through ``HubClient``): cases/s and the push latency median/p95.
3. Catalog: a generated ``--items`` catalog (as bench/search.py) published on that hub
   (``kiosk hub catalog publish``); a terminal's full sync (fetch, then apply in one
   transaction) and a 100-item delta (fetch, then apply).

Goals (2 cores): >= 200 small cases/s to the loopback hub, full sync <= 60 s, delta
fetch <= 1 s. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from offline_cache.outbox import Outbox
from offline_cache.sync.engine import SyncEngine, Timing
from tests.outbox_rig import FakeHub, case_body


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def run(cases: int, image_bytes: int, rng: random.Random) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        box = Outbox(Path(tmp) / "data")
        hub = FakeHub()
        puts: list[float] = []
        started = time.perf_counter()
        for i in range(cases):
            half = image_bytes // 2
            blobs = [rng.randbytes(half), rng.randbytes(image_bytes - half)] if image_bytes else []
            t0 = time.perf_counter()
            box.put("case", case_body(i), blobs=blobs)
            puts.append((time.perf_counter() - t0) * 1000)
        put_s = time.perf_counter() - started
        engine = SyncEngine(box, hub, timing=Timing(batch=100, heartbeat_s=3600, updates_s=3600))
        started = time.perf_counter()
        while box.stats().waiting:
            engine.step()
        drain_s = time.perf_counter() - started
        assert len(hub.received()) == cases
        box.close()
        hub.close()
    return {
        "put_p50_ms": statistics.median(puts),
        "put_p95_ms": pct(puts, 95),
        "put_per_s": cases / put_s,
        "drain_per_s": cases / drain_s,
    }


class Timed:
    """The real client; times every push."""

    def __init__(self, client) -> None:
        self.client = client
        self.push_ms: list[float] = []

    def push(self, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return self.client.push(*args, **kwargs)
        finally:
            self.push_ms.append((time.perf_counter() - t0) * 1000)

    def __getattr__(self, name: str):
        return getattr(self.client, name)


def run_hub(hub, cases: int, image_bytes: int, rng: random.Random) -> dict[str, float]:
    """Drain ``cases`` from a fresh outbox to the real hub."""
    from tests.hub_crash_rig import PNG

    with tempfile.TemporaryDirectory(prefix="bench-sync-hub-") as tmp:
        box = Outbox(Path(tmp) / "data")
        for i in range(cases):
            half = image_bytes // 2
            blobs = (
                [PNG + rng.randbytes(half - len(PNG)), PNG + rng.randbytes(image_bytes - half - len(PNG))]
                if image_bytes
                else []
            )
            box.put("case", hub_case(i), blobs=blobs, personal={"applicant", "values"})
        with hub.client("kiosk", timeout_s=30) as client:
            timed = Timed(client)
            engine = SyncEngine(box, timed, timing=Timing(batch=100, heartbeat_s=3600, updates_s=3600))
            started = time.perf_counter()
            while box.stats().waiting:
                engine.step()
            drain_s = time.perf_counter() - started
        assert box.stats().dead == 0, box.dead_letters()[:1]
        box.close()
    return {
        "drain_per_s": cases / drain_s,
        "push_p50_ms": statistics.median(timed.push_ms),
        "push_p95_ms": pct(timed.push_ms, 95),
    }


def hub_case(i: int) -> dict:
    return {
        "task_code": "610100000000BENCH0001",
        "terminal_id": "bench",
        "hall_code": "610103-HALL",
        "area_code": "610103",
        "applicant": {"name": "测试", "id_number": "610103188001010012"},
        "values": {"n": i, "note": "基准测试"},
    }


def catalog_sync(hub, items: int, seed: int) -> dict[str, float]:
    """Publish a generated catalog, full-sync a terminal, publish and sync a 100-item delta."""
    import subprocess

    from bench.search import generate
    from kiosk.catalog.service import CatalogService
    from tests.rigs.hub import _env

    feed = generate(items, seed)
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-sync-cat-") as tmp:

        def publish(doc: dict) -> float:
            path = Path(tmp) / "feed.json"
            path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "kiosk", "hub", "catalog", "publish", str(path), "--db", hub.db_url],
                check=True,
                capture_output=True,
                env=_env(),
                cwd=REPO,
            )
            return time.perf_counter() - t0

        out["publish_full_s"] = publish(feed)
        catalog = CatalogService(Path(tmp) / "terminal.sqlite")
        with hub.client("kiosk", timeout_s=120) as client:
            t0 = time.perf_counter()
            full = client.catalog_changes(None)
            out["full_fetch_s"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            catalog.apply_changes(full.version, full.upserts, full.removals, full.rest, full=True)
            out["full_apply_s"] = time.perf_counter() - t0
            out["full_sync_s"] = out["full_fetch_s"] + out["full_apply_s"]
            assert catalog.stats().items == items
            v2 = dict(feed, catalog_version=feed["catalog_version"] + 1, items=[dict(item) for item in feed["items"]])
            for item in random.Random(seed).sample(v2["items"], 100):
                item["task_name"] = item["task_name"] + "（修订）"
            out["publish_delta_s"] = publish(v2)
            fetches = []
            for _ in range(5):
                t0 = time.perf_counter()
                delta = client.catalog_changes(str(full.version))
                fetches.append((time.perf_counter() - t0) * 1000)
            assert len(delta.upserts) == 100 and not delta.full
            out["delta_fetch_p50_ms"] = statistics.median(fetches)
            out["delta_fetch_p95_ms"] = pct(fetches, 95)
            t0 = time.perf_counter()
            catalog.apply_changes(delta.version, delta.upserts, delta.removals, delta.rest)
            out["delta_apply_s"] = time.perf_counter() - t0
        catalog.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--image-kb", type=int, default=200)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--no-hub", action="store_true", help="only the fake-hub figures")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    plain = run(args.cases, 0, rng)
    images = run(args.cases, args.image_kb * 1024, rng)
    print(f"{'fake hub':<14} {'put p50 ms':>10} {'put p95 ms':>10} {'puts/s':>8} {'drain/s':>8}")
    for name, r in (("no images", plain), (f"{args.image_kb} KB images", images)):
        print(
            f"{name:<14} {r['put_p50_ms']:>10.2f} {r['put_p95_ms']:>10.2f} {r['put_per_s']:>8.0f}"
            f" {r['drain_per_s']:>8.0f}"
        )
    out = {"cases": args.cases, "image_kb": args.image_kb}
    out.update({k: round(v, 2) for k, v in plain.items()})
    out.update({f"images_{k}": round(v, 2) for k, v in images.items()})
    if not args.no_hub:
        from tests.rigs.hub import running_hub

        with tempfile.TemporaryDirectory(prefix="bench-sync-rig-") as tmp, running_hub(Path(tmp)) as hub:
            small = run_hub(hub, args.cases, 0, rng)
            big = run_hub(hub, args.cases, args.image_kb * 1024, rng)
            print(f"{'loopback hub':<14} {'push p50 ms':>11} {'push p95 ms':>11} {'drain/s':>8}")
            for name, r in (("no images", small), (f"{args.image_kb} KB images", big)):
                print(f"{name:<14} {r['push_p50_ms']:>11.2f} {r['push_p95_ms']:>11.2f} {r['drain_per_s']:>8.0f}")
            cat = catalog_sync(hub, args.items, args.seed) if args.items else {}
        for k, v in cat.items():
            print(f"catalog {args.items} items: {k} = {v:.2f}")
        out.update({f"hub_{k}": round(v, 2) for k, v in small.items()})
        out.update({f"hub_images_{k}": round(v, 2) for k, v in big.items()})
        out.update({"items": args.items, **{f"catalog_{k}": round(v, 3) for k, v in cat.items()}})
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
