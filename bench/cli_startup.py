"""Start-up of the technician's commands against a bare ``python -c pass`` (issue 15:
each command ≤ 5× the bare interpreter).

    .venv/bin/python bench/cli_startup.py [--runs 11]

Each command runs as a technician runs it, through the ``kiosk`` console script of the
virtualenv, on a throw-away data folder set up first (a configuration, the demo
catalog, a hub database with one token), with the checkout first on ``PYTHONPATH`` and
the product compiled to bytecode (as on a terminal: see bench/startup.py). The floor,
``python -c pass`` of the same interpreter, is measured in the same run, interleaved
with the commands so that the machine's drift hits all alike. Prints median and p95
per command with its ratio to the floor's median, and ends with one JSON line.
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
PACKAGES = ("kiosk", "ui", "launcher", "drivers", "offline_cache", "hub", "common")
KIOSK = str(Path(sys.executable).with_name("kiosk"))

# The technician's everyday commands (docs/operations.md, docs/setup.md); each must end 0.
COMMANDS: dict[str, list[str]] = {
    "help": ["--help"],
    "version": ["--version"],
    "config_check": ["config", "check", "{config}"],
    "config_show": ["--config", "{config}", "config", "show"],
    "catalog_search": ["catalog", "search", "身份证"],
    "catalog_search_pinyin": ["catalog", "search", "hkdj"],
    "catalog_stats": ["catalog", "stats"],
    "hub_token_list": ["hub", "token", "list"],
    "hub_help": ["hub", "--help"],
    "devices_check_help": ["devices", "check", "--help"],
}


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def time_once(cmd: list[str], env: dict[str, str]) -> float:
    """Milliseconds from start to exit; a failing command stops the bench."""
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ms = (time.perf_counter() - t0) * 1000
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} ended {done.returncode}: {done.stderr.strip()[-300:]}")
    return ms


def prepare(home: Path, env: dict[str, str]) -> Path:
    """A configured terminal in ``home``: config (placeholders filled), demo catalog, hub db."""
    config = home / "hall-kiosk" / "config.toml"
    run = [KIOSK, "--config", str(config)]
    subprocess.run([KIOSK, "config", "init", str(config)], env=env, check=True, stdout=subprocess.DEVNULL)
    text = config.read_text(encoding="utf-8")
    for old, new in (('"HALL-CODE"', '"H610103"'), ('"000000"', '"610103"'), ("PRINTER-IP", "127.0.0.1")):
        text = text.replace(old, new)
    config.write_text(text, encoding="utf-8")
    for step in (
        ["config", "check", str(config)],
        ["catalog", "import", "--demo"],
        ["hub", "token", "create", "--terminal", "bench", "--role", "kiosk", "--create"],
    ):
        subprocess.run([*run, *step], env=env, check=True, stdout=subprocess.DEVNULL)
    return config


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=11)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        home = Path(tmp)
        skip = ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "HUB_DB")  # bytecode as installed; our hub
        env = {k: v for k, v in os.environ.items() if k not in skip}
        env.update(PYTHONPATH=str(REPO), XDG_DATA_HOME=str(home), XDG_CONFIG_HOME=str(home))
        # Not the machine's /etc/hall-kiosk: an installed package's files are not the bench's.
        env["HALL_KIOSK_SYSTEM_CONFIG_DIR"] = str(home / "etc")
        folders = [str(REPO / name) for name in PACKAGES if (REPO / name).is_dir()]
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", *folders], env=env, check=True, stdout=subprocess.DEVNULL
        )
        config = prepare(home, env)
        subjects = {"bare": [sys.executable, "-c", "pass"]}
        for name, words in COMMANDS.items():
            subjects[name] = [KIOSK, *(w.format(config=config) for w in words)]
        results: dict[str, list[float]] = {name: [] for name in subjects}
        for cmd in subjects.values():  # warm the disk cache for everyone
            time_once(cmd, env)
        for _ in range(args.runs):  # interleaved, so drift hits all subjects alike
            for name, cmd in subjects.items():
                results[name].append(time_once(cmd, env))
    bare = statistics.median(results["bare"])
    out: dict[str, float] = {
        "runs": args.runs,
        "bare_p50_ms": round(bare, 1),
        "bare_p95_ms": round(p95(results["bare"]), 1),
    }
    worst = 0.0
    for name, xs in results.items():
        med = statistics.median(xs)
        print(f"{name:22s} p50 {med:7.1f} ms  p95 {p95(xs):7.1f} ms  ratio {med / bare:5.2f}x bare")
        if name != "bare":
            out[f"{name}_p50_ms"] = round(med, 1)
            out[f"{name}_ratio"] = round(med / bare, 2)
            worst = max(worst, med / bare)
    slowest = max((n for n in results if n != "bare"), key=lambda n: statistics.median(results[n]))
    # The closing line: the slowest command's p95, commands per second at its median, its ratio.
    out.update(
        p95_ms=round(p95(results[slowest]), 1),
        per_s=round(1000 / statistics.median(results[slowest]), 2),
        ratio=round(worst, 2),
        slowest=slowest,  # type: ignore[dict-item]
    )
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
