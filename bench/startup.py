"""Start-up time: process start -> first screen shown, per role, against a bare PySide6
window started the same way on the same X server (issue 2: kiosk ≤ 1.5× bare).

    .venv/bin/python bench/startup.py [--runs 7]

Needs Xvfb (tools/bootstrap.sh installs it). Prints one line per subject and ends with
one JSON line.

Every subject runs from compiled bytecode, as on a terminal (the bundle carries it, and
pip compiled the packages when it installed them): without it, the suite's
PYTHONDONTWRITEBYTECODE would have each start compile the product's modules from
source, a cost no terminal pays. The bytecode goes to the checkout's ``__pycache__``
folders (ignored by git), where Python looks first.
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

from tests.rigs.terminal_process import stop_terminal
from tests.rigs.xvfb import Xvfb


def time_once(cmd: list[str], env: dict[str, str]) -> float:
    """Milliseconds from Popen to the child's first_screen_shown log line."""
    t0 = time.time()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stderr:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if rec.get("event") == "first_screen_shown":
                return (rec["ts"] - t0) * 1000
        raise RuntimeError(f"{cmd} ended without showing a screen")
    finally:
        stop_terminal(proc)


def compile_bytecode(env: dict[str, str]) -> None:
    """Compile the product's packages as an install would."""
    folders = [str(REPO / name) for name in PACKAGES]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], env=env, check=True, stdout=subprocess.DEVNULL)


PACKAGES = ("kiosk", "ui", "launcher", "drivers", "offline_cache", "hub")


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with Xvfb() as x, tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env.update(DISPLAY=x.display, QT_QPA_PLATFORM="xcb", XDG_DATA_HOME=home, XDG_CONFIG_HOME=home)
        env.pop("PYTHONPYCACHEPREFIX", None)
        compile_bytecode(env)
        subjects = {
            "bare": [sys.executable, "bench/bare_window.py"],
            **{
                role: [sys.executable, "-m", "kiosk", "run", "--log-json", "--demo", "--windowed", "--role", role]
                for role in ("kiosk", "window", "display")
            },
        }
        results: dict[str, list[float]] = {name: [] for name in subjects}
        time_once(subjects["bare"], env)  # warm the disk cache for everyone
        for _ in range(args.runs):  # interleaved, so drift hits all subjects alike
            for name, cmd in subjects.items():
                results[name].append(time_once(cmd, env))
    bare = statistics.median(results["bare"])
    out: dict[str, float] = {"runs": args.runs, "bare_p50_ms": round(bare, 1)}
    for name, xs in results.items():
        med = statistics.median(xs)
        print(f"{name:8s} p50 {med:7.1f} ms  p95 {p95(xs):7.1f} ms  ratio {med / bare:4.2f}x bare")
        if name != "bare":
            out[f"{name}_p50_ms"] = round(med, 1)
            out[f"{name}_p95_ms"] = round(p95(xs), 1)
            out[f"{name}_ratio"] = round(med / bare, 3)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
