"""The crash harness against a REAL hub (uvicorn subprocess, its own SQLite file):

1. the terminal (real engine, real HubClient) SIGKILLed at random points;
2. the HUB SIGKILLed and restarted at random points while two terminals sync.

In the end the hub holds every committed case exactly once, in each terminal's order,
with the number the terminal's outbox kept; no personal data lies in plaintext on the
terminal's disk.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from kiosk.config.settings import Settings
from kiosk.sync import SyncService
from offline_cache.sync.engine import Timing
from tests.hub_crash_rig import TASK_CODE, case_body, image
from tests.outbox_rig import CITIZEN
from tests.rigs import hub as hub_rig
from tests.rigs.hub import REPO, HubProcess, _env

hub = hub_rig.hub  # the fixture: a fresh hub subprocess per test

pytestmark = pytest.mark.slow
KILLS = 25


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def hub_cases(hub: HubProcess) -> list[tuple[str, str, str]]:
    return hub.query("SELECT record_id, terminal, case_number FROM cases ORDER BY submitted_at, case_number")


def outbox_rows(data: Path) -> list[tuple[str, str, str | None]]:
    with closing(sqlite3.connect(data / "outbox.sqlite")) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.execute("SELECT id, state, reply FROM records ORDER BY seq").fetchall()


@pytest.mark.timeout(180)
def test_terminal_sigkilled_at_random_points_with_a_real_hub(hub: HubProcess, tmp_path: Path) -> None:
    data, ids = tmp_path / "data", tmp_path / "ids.txt"
    rng = random.Random(20261203)
    kills = run = 0
    started = time.monotonic()
    while kills < KILLS and time.monotonic() - started < 100:
        run += 1
        before = _lines(ids)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.hub_crash_rig",
                str(data),
                hub.url,
                hub.tokens["kiosk"],
                str(ids),
                str(run),
                "12",
                str(run * 7919),
            ],
            cwd=REPO,
            env=_env(),
            stderr=subprocess.PIPE,
        )
        target = before + rng.choice((0, 1, 2, 3, 5, 8))
        while proc.poll() is None and _lines(ids) < target:
            time.sleep(0.002)
        if proc.poll() is None:
            time.sleep(rng.uniform(0, 0.05))
            proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
        if proc.returncode == -signal.SIGKILL:
            kills += 1
        else:
            assert proc.returncode == 0, err[-2000:]
    assert kills >= 15, f"only {kills} kills in the time allowed"
    last = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.hub_crash_rig",
            str(data),
            hub.url,
            hub.tokens["kiosk"],
            str(ids),
            str(run + 1),
            "0",
            "1",
        ],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        timeout=90,
    )
    assert last.returncode == 0, last.stderr.decode()[-2000:]

    logged = [line.split() for line in ids.read_text().splitlines()]
    logged_ids = [rid for rid, _ in sorted(logged, key=lambda p: int(p[1]))]
    assert len(logged_ids) > KILLS
    stored = hub_cases(hub)
    got = [r[0] for r in stored]
    assert len(got) == len(set(got)), "a case arrived twice"
    # A put may commit and be killed before its id reached the log: the outbox is the
    # truth, the log a lower bound.
    missing = set(logged_ids) - set(got)
    assert not missing, f"{len(missing)} committed cases never arrived"
    assert [k for k in got if k in set(logged_ids)] == logged_ids, "cases arrived out of order"
    rows = outbox_rows(data)
    assert [r[0] for r in rows] == got, "the outbox and the hub disagree on what was sent, or in which order"
    assert {r[1] for r in rows} == {"sent"}
    import json

    assert [json.loads(r[2])["case_number"] for r in rows] == [r[2] for r in stored]
    assert [n[-4:] for _, _, n in stored] == [f"{i:04d}" for i in range(1, len(stored) + 1)]
    _no_plaintext(data)


@pytest.mark.timeout(180)
def test_hub_sigkilled_and_restarted_at_random_points_mid_sync(hub: HubProcess, tmp_path: Path) -> None:
    rng = random.Random(20261204)
    fast = Timing(heartbeat_s=2.0, updates_s=3600, catalog_s=3600, base_s=0.05, cap_s=0.4)
    terminals = {}
    for name, role in (("k1", "kiosk"), ("w1", "window:1")):
        client = hub.client(role, timeout_s=2.0)
        service = SyncService(Settings(data_dir=tmp_path / name, terminal_id=name), transport=client, timing=fast)
        terminals[name] = (service, client, [])
    for service, _, _ in terminals.values():
        service.start()
    try:
        started = time.monotonic()
        for _ in range(6):
            until = time.monotonic() + rng.uniform(0.3, 1.5)
            while time.monotonic() < until:  # cases keep coming while the hub lives and dies
                for name, (service, _, ids) in terminals.items():
                    body = case_body(len(ids), name)
                    ids.append(
                        service.put_case(TASK_CODE, body["values"], applicant=body["applicant"], images=[image(rng)]).id
                    )
                time.sleep(rng.uniform(0.005, 0.05))
            hub.kill()
            time.sleep(rng.uniform(0, 0.5))
            hub.start()
        deadline = time.monotonic() + 60
        while any(s.outbox.stats().waiting for s, _, _ in terminals.values()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert time.monotonic() - started < 90
    finally:
        for service, client, _ in terminals.values():
            service.stop()
            client.close()
    stored = hub_cases(hub)
    got = [r[0] for r in stored]
    assert len(got) == len(set(got)), "a case arrived twice"
    by_terminal = {"test-kiosk": "k1", "test-window-1": "w1"}
    for hub_name, name in by_terminal.items():
        service, _, ids = terminals[name]
        assert [r[0] for r in stored if r[1] == hub_name] == ids, f"{name}: missing or out of order"
        rows = outbox_rows(tmp_path / name)
        assert [r[0] for r in rows] == ids and {r[1] for r in rows} == {"sent"}
    assert len(got) == sum(len(t[2]) for t in terminals.values()) > 20
    for name in terminals:
        _no_plaintext(tmp_path / name)


def _no_plaintext(data: Path) -> None:
    needles = [(f, v.encode()) for f, v in CITIZEN.items()]
    leaks = []
    for root, _, files in os.walk(data):
        for name in files:
            blob = (Path(root) / name).read_bytes()
            leaks += [(name, f) for f, needle in needles if needle in blob]
    assert leaks == [], f"personal data in plaintext: {leaks[:10]}"
