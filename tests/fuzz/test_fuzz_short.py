"""A short atheris run of every fuzz target: no unexpected exception in any of them.

Each target runs in its own process (``atheris.Fuzz()`` exits the process), two at a
time, with a fixed libFuzzer seed so a failure repeats. ``bench/fuzz.py`` is the long
run (1,000,000 inputs); this one keeps every target working and every past finding
fixed: the kept inputs in ``tests/fuzz/corpus/`` are among the seeds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.fuzz.harness import Recorder
from tests.fuzz.targets import TARGETS

ROOT = Path(__file__).resolve().parents[2]
RUNS = 2000


def _run(name: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.run", name, "--runs", str(RUNS), "--seed", "7"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def reports() -> dict[str, dict]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(TARGETS, pool.map(_run, TARGETS)))


@pytest.mark.slow
@pytest.mark.timeout(900)  # the first test's setup runs every target (module fixture)
@pytest.mark.parametrize("name", list(TARGETS))
def test_short_run_finds_nothing_unexpected(reports, name):
    report = reports[name]
    assert report["target"] == name
    assert report["inputs"] == RUNS
    assert report["unexpected"] == 0, report["first"]


def test_seeds_pass_in_plain_python():
    # Every seed is a valid or typed-error input: a target that fails on its own seeds
    # would make the fuzz runs report noise.
    for name, target in TARGETS.items():
        recorder = Recorder(name, target.one_input)
        for data in target.seeds():
            recorder.one_input(data)
        assert recorder.unexpected == 0, (name, recorder.samples)


def test_recorder_counts_and_keeps_going():
    # The harness itself: an exception escaping a target is recorded, never raised, and
    # a property violation (AssertionError) counts like any other.
    def target(data: bytes) -> None:
        if data == b"boom":
            raise KeyError("boom")
        assert data != b"bad", "property"

    recorder = Recorder("t", target)
    for data in (b"ok", b"boom", b"bad", b"boom", b""):
        recorder.one_input(data)
    report = recorder.report()
    assert (report["inputs"], report["unexpected"]) == (5, 3)
    assert sorted(report["signatures"].values()) == [1, 2]
    assert report["samples"][0]["input_hex"] == b"boom".hex()
    assert recorder.report(frozenset(s for s in report["signatures"] if s.startswith("KeyError")))["unexpected"] == 1
