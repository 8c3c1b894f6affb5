"""bench/city.py --quick runs end to end (PostgreSQL, the platform simulator, a city hub
with two workers, a hall hub, the floor app) and ends with its JSON line, every kind
measured. No speed is asserted: the bench prints figures, tests do not time them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.rigs.hub import REPO, _env

KINDS = {"case_to_platform", "floor", "case", "evaluation", "report", "snapshot", "updates", "catalog_head"}


def _bench(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "bench" / "city.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_env(),
        cwd=REPO,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_city_bench_measures_every_kind_and_ends_with_its_json_line() -> None:
    out = _bench("--quick", timeout=540)
    assert out.returncode == 0, out.stderr[-3000:]
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert {"p95_ms", "per_s", "ratio"} <= set(figures)
    assert set(figures["kinds"]) == KINDS
    for name, kind in figures["kinds"].items():
        assert kind["count"] > 0 and kind["errors"] == 0, (name, kind)
        assert kind["per_s"] > 0 and kind["p95_ms"] >= kind["p50_ms"] > 0, (name, kind)
    assert figures["worst_ratio"] in KINDS - {"floor", "case_to_platform"}
    assert figures["ratio"] == figures["kinds"][figures["worst_ratio"]]["ratio"]
    assert figures["p95_ms"] == max(k["p95_ms"] for n, k in figures["kinds"].items() if n != "floor")


def test_the_city_bench_refuses_bad_sizes_in_one_line() -> None:
    out = _bench("--halls", "0", timeout=60)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == ["--halls: give 1 or more"]
