"""Fuzz every codec and importer: 1,000,000 inputs in total, two targets at a time.

Each target runs under atheris in its own process (``python -m tests.fuzz.run``), with
a share of the inputs set in ``tests/fuzz/targets.py``. Prints per target the inputs
tried, the unexpected exceptions (goal 0) and inputs/s, then one JSON line.

    .venv/bin/python bench/fuzz.py [--inputs 1000000] [--jobs 2] [--seed 1] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzz.targets import TARGETS


def split(total: int, names: list[str]) -> dict[str, int]:
    """``total`` inputs shared out by the targets' ``share``; the sum is exact."""
    weights = {n: TARGETS[n].share for n in names}
    whole = sum(weights.values())
    runs = {n: int(total * w / whole) for n, w in weights.items()}
    runs[names[0]] += total - sum(runs.values())
    return runs


def run_one(name: str, runs: int, seed: int) -> dict:
    """One target in its own process; its JSON line, or what went wrong."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.run", name, "--runs", str(runs), "--seed", str(seed)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = done.stderr.strip().splitlines()[-5:]
        return {
            "target": name,
            "inputs": 0,
            "unexpected": 1,
            "per_s": 0.0,
            "signatures": {},
            "first": f"run died (exit {done.returncode}): {' | '.join(tail)}",
            "seconds": round(time.perf_counter() - started, 3),
        }
    return json.loads(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", nargs="+", choices=sorted(TARGETS))
    args = parser.parse_args()
    names = args.only or list(TARGETS)
    runs = split(args.inputs, names)
    started = time.perf_counter()
    # Biggest first, so the two workers finish near each other.
    order = sorted(names, key=lambda n: -runs[n] / max(TARGETS[n].share, 1e-9))
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = dict(zip(order, pool.map(lambda n: run_one(n, runs[n], args.seed), order)))
    wall = time.perf_counter() - started
    print(f"{'target':<20} {'inputs':>9} {'unexpected':>10} {'inputs/s':>10}")
    for name in names:
        r = results[name]
        print(f"{name:<20} {r['inputs']:>9} {r['unexpected']:>10} {r.get('per_s', 0):>10.0f}")
        for sig, count in r.get("signatures", {}).items():
            print(f"    {count:>7} x {sig}")
        for sig, count in r.get("instrumentation_artifacts", {}).items():
            print(f"    {count:>7} x (instrumentation only, not in plain Python) {sig}")
        if r["unexpected"] and r.get("first"):
            print(f"    first: {r['first'][:300]}")
    inputs = sum(r["inputs"] for r in results.values())
    unexpected = sum(r["unexpected"] for r in results.values())
    print(
        f"total: {inputs} inputs, {unexpected} unexpected (goal 0), {inputs / wall:.0f} inputs/s "
        f"on {args.jobs} processes, {wall:.1f} s"
    )
    print(
        json.dumps(
            {
                "inputs": inputs,
                "unexpected": unexpected,
                "per_s": round(inputs / wall, 1),
                "wall_s": round(wall, 1),
                "jobs": args.jobs,
                "targets": {
                    n: {
                        "inputs": results[n]["inputs"],
                        "unexpected": results[n]["unexpected"],
                        "per_s": results[n].get("per_s", 0.0),
                        "signatures": results[n].get("signatures", {}),
                    }
                    for n in names
                },
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
