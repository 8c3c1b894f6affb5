"""Outbox and sync engine benchmark (issue 8): put latency and drain throughput.

    .venv/bin/python bench/sync.py [--cases 300] [--image-kb 200] [--seed 8]

Puts ``--cases`` cases into a real outbox (``synchronous=FULL``: every put is fsynced)
in a temporary folder, then drains them through the sync engine to the in-process fake
hub of the tests (idempotency keys honoured, bodies fingerprinted, no network). Twice:
without images, and with ``--image-kb`` of material images per case (two scans). The
loopback-hub figures (real HTTP) come with the hub client. Ends with one JSON line.
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

from offline_cache.outbox import Outbox  # noqa: E402
from offline_cache.sync.engine import SyncEngine, Timing  # noqa: E402
from tests.outbox_rig import FakeHub, case_body  # noqa: E402


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
    return {"put_p50_ms": statistics.median(puts), "put_p95_ms": pct(puts, 95), "put_per_s": cases / put_s,
            "drain_per_s": cases / drain_s}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--image-kb", type=int, default=200)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    plain = run(args.cases, 0, rng)
    images = run(args.cases, args.image_kb * 1024, rng)
    print(f"{'':<14} {'put p50 ms':>10} {'put p95 ms':>10} {'puts/s':>8} {'drain/s':>8}")
    for name, r in (("no images", plain), (f"{args.image_kb} KB images", images)):
        print(f"{name:<14} {r['put_p50_ms']:>10.2f} {r['put_p95_ms']:>10.2f} {r['put_per_s']:>8.0f}"
              f" {r['drain_per_s']:>8.0f}")
    out = {"cases": args.cases, "image_kb": args.image_kb}
    out.update({k: round(v, 2) for k, v in plain.items()})
    out.update({f"images_{k}": round(v, 2) for k, v in images.items()})
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
