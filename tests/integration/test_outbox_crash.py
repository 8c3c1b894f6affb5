"""Crash harness: a terminal SIGKILLed at 100+ random points loses no case, sends none
twice, keeps the order, leaves no orphan, and leaks no personal data.

The child (``tests/outbox_rig.py child``) puts cases with blobs in a loop and pushes them
through the real engine to a hub that keeps what it received in its own SQLite file and
honours idempotency keys; it sometimes loses the hub's answer after the hub stored the
case, and sometimes gets a 500. It writes each case's id to a log after ``put`` returned.
The parent kills it at a random moment, starts it again, and at the end lets one child
drain the outbox, then checks the hub's file, the outbox and every byte of the data dir.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.outbox_rig import CITIZEN, FakeHub

REPO = Path(__file__).resolve().parents[2]
KILLS = 110
ENCODINGS = ("utf-8", "gb18030", "utf-16-le", "utf-16-be")


def _start(data: Path, hub: Path, ids: Path, run: int, count: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "tests.outbox_rig", "child", str(data), str(hub), str(ids),
                             str(run), str(count), str(run * 7919)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line != b"ready\n":
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"child did not start: {line!r} {err.decode(errors='replace')[-2000:]}")
    return proc


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing_sends_nothing_twice_and_leaks_nothing(tmp_path):
    data, hub_db, ids = tmp_path / "data", tmp_path / "hub.sqlite", tmp_path / "ids.txt"
    rng = random.Random(20261202)
    kills = finished = run = 0
    started = time.monotonic()
    while kills < KILLS:
        run += 1
        proc = _start(data, hub_db, ids, run, count=40)
        time.sleep(rng.choice((rng.uniform(0, 0.01), rng.uniform(0, 0.35))))  # some right at the start
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        _, err = proc.communicate()
        if proc.returncode != -signal.SIGKILL:
            assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
            finished += 1
        assert time.monotonic() - started < 120, "the harness is far slower than it should be"
    # One last run that is left alone: it drains what the killed ones left.
    proc = _start(data, hub_db, ids, run + 1, count=0)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and out == b"done\n", err.decode(errors="replace")[-2000:]

    logged = [line.split() for line in ids.read_text().splitlines()]
    assert all(len(parts) == 2 for parts in logged)
    logged_ids = [rid for rid, _ in logged]
    assert len(logged_ids) > 200, "too few cases got in between the kills to prove anything"

    hub = FakeHub(hub_db)
    received = hub.received()
    deliveries = hub.deliveries()
    hub.close()
    got = [key for _, key, _, _, _ in received]
    assert len(got) == len(set(got)), "a case arrived twice"
    missing = set(logged_ids) - set(got)
    assert not missing, f"{len(missing)} committed cases never arrived"
    ordinals = [o for _, _, _, o, _ in received]
    assert ordinals == sorted(ordinals), "cases arrived out of order"
    assert [rid for rid, o in sorted(logged, key=lambda p: int(p[1]))] == [k for k in got if k in set(logged_ids)]

    db = sqlite3.connect(data / "outbox.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = db.execute("SELECT id, state, reply FROM records ORDER BY seq").fetchall()
    assert [r[0] for r in rows] == got, "the outbox and the hub disagree on what was sent, or in which order"
    assert {r[1] for r in rows} == {"sent"}
    replies = {key: reply for _, key, _, _, reply in received}
    assert all(json.loads(r[2]) == replies[r[0]] for r in rows), "the outbox kept another answer than the hub's"
    named = {r[0] for r in db.execute("SELECT sha256 FROM blobs")}
    db.close()
    on_disk = set(os.listdir(data / "blobs"))
    assert named == on_disk, f"orphans: rows without file {named - on_disk}, files without row {on_disk - named}"

    needles = [(f, v.encode(e), e) for f, v in CITIZEN.items() for e in ENCODINGS]
    leaks = []
    scanned = 0
    for root, _, files in os.walk(data):
        for name in files:
            blob = (Path(root) / name).read_bytes()
            scanned += len(blob)
            leaks += [(name, f, e) for f, needle, e in needles if needle in blob]
    assert leaks == [], f"personal data in plaintext: {leaks[:10]}"
    assert scanned > 100_000
    resent = sum(1 for n in deliveries.values() if n > 1)
    print(f"\nkills={kills} finished_runs={finished} cases={len(got)} logged={len(logged_ids)} "
          f"resent_after_lost_answer_or_kill={resent} blobs={len(on_disk)} "
          f"seconds={time.monotonic() - started:.1f}")
