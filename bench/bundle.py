"""The bundle's start-up beside the virtualenv's: process start -> first screen shown
(the ``first_screen_shown`` log line), the hall board in demo mode on one Xvfb server,
and ``kiosk --help`` (the interpreter and the command line alone). Also the bundle's size.

    .venv/bin/python bench/bundle.py [--runs 7] [--bundle DIR]

Builds the bundle with tools/bundle.sh when needed (or reuses the build whose inputs
match). Runs alternate between the two so that a busy machine slows both alike. The
page cache is warm after the first run of each (dropping it would disturb the machine):
the first run of each is reported apart as "first". Prints one line per figure and ends
with one JSON line; ``ratio`` is bundle / virtualenv at the median.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.rigs.bundle import bundle_dir
from tests.rigs.xvfb import Xvfb


def first_screen_ms(cmd: list[str], env: dict[str, str]) -> float:
    """Milliseconds from Popen to the child's first_screen_shown log line."""
    t0 = time.time()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stderr:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if record.get("event") == "first_screen_shown":
                return (record["ts"] - t0) * 1000
        raise RuntimeError(f"{cmd} ended without showing a screen")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        proc.stderr.close()


def help_ms(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([*cmd, "--help"], cwd=REPO, env=env, stdout=subprocess.DEVNULL, check=True, timeout=60)
    return (time.perf_counter() - t0) * 1000


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--bundle", type=Path, help="a built bundle folder (default: tools/bundle.sh)")
    args = ap.parse_args()
    bundle = args.bundle or bundle_dir()
    size_mib = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20
    subjects = {"venv": [sys.executable, "-m", "kiosk"], "bundle": [str(bundle / "kiosk")]}
    run = ["run", "--role", "display", "--demo", "--windowed", "--log-json"]
    screen: dict[str, list[float]] = {name: [] for name in subjects}
    helps: dict[str, list[float]] = {name: [] for name in subjects}
    first: dict[str, float] = {}
    with Xvfb() as x, tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
        env.update(
            DISPLAY=x.display,
            QT_QPA_PLATFORM="xcb",
            XDG_DATA_HOME=home,
            XDG_CONFIG_HOME=home,
            XDG_CACHE_HOME=home,
            PYTHONPATH=str(REPO),
        )
        for i in range(args.runs + 1):
            for name, cmd in subjects.items():
                ms = first_screen_ms([*cmd, *run], env)
                if i == 0:
                    first[name] = ms
                else:
                    screen[name].append(ms)
                    helps[name].append(help_ms(cmd, env))
    figures: dict[str, float] = {"bundle_mib": round(size_mib, 1)}
    for name in subjects:
        med, tail = statistics.median(screen[name]), p95(screen[name])
        hmed = statistics.median(helps[name])
        print(
            f"{name:6s} first screen: median {med:7.1f} ms  p95 {tail:7.1f} ms  (first run {first[name]:.0f} ms)"
            f"   --help: median {hmed:6.1f} ms"
        )
        figures.update(
            {
                f"{name}_median_ms": round(med, 1),
                f"{name}_p95_ms": round(tail, 1),
                f"{name}_first_run_ms": round(first[name], 1),
                f"{name}_help_median_ms": round(hmed, 1),
            }
        )
    figures["ratio"] = round(figures["bundle_median_ms"] / figures["venv_median_ms"], 2)
    figures["help_ratio"] = round(figures["bundle_help_median_ms"] / figures["venv_help_median_ms"], 2)
    figures["p95_ms"] = figures["bundle_p95_ms"]
    print(f"bundle {size_mib:.0f} MiB; first screen bundle/venv {figures['ratio']}x, --help {figures['help_ratio']}x")
    print(json.dumps({"bench": "bundle", "runs": args.runs, **figures}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
