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
import select
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


class Zygote:
    """``tests/outbox_rig.py zygote``: forks a fresh terminal process per run."""

    def __init__(self, tmp: Path) -> None:
        self.err_path = tmp / "zygote.err"
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
        with self.err_path.open("wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "tests.outbox_rig", "zygote"],
                cwd=REPO,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                bufsize=0,
            )

    def fork(self, *args: object) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write((" ".join(map(str, args)) + "\n").encode())
        what, pid = self._line().split()
        assert what == "pid", what
        return int(pid)

    def ended(self, timeout_s: float) -> int | None:
        """The wait status of the current run if it ended within ``timeout_s``."""
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout_s)
        if not ready:
            return None
        what, _, status = self._line().split()
        assert what == "exit", what
        return int(status)

    def _line(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().decode()
        if not line:
            raise AssertionError("zygote died: " + self.err_path.read_text(errors="replace")[-3000:])
        return line

    def stderr(self) -> str:
        return self.err_path.read_text(errors="replace")[-3000:]

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.proc.stdout.close()


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


@pytest.mark.slow
@pytest.mark.timeout(240)  # ~30 s on a quiet 2-core machine; more when other jobs load it
def test_sigkill_at_random_points_loses_nothing_sends_nothing_twice_and_leaks_nothing(tmp_path):
    data, hub_db, ids = tmp_path / "data", tmp_path / "hub.sqlite", tmp_path / "ids.txt"
    rng = random.Random(20261202)
    zygote = Zygote(tmp_path)
    try:
        kills = finished = run = 0
        per_case_s = 0.03  # measured as the runs go: kill points spread over a whole put/push cycle
        started = time.monotonic()
        while kills < KILLS:
            run += 1
            before = _lines(ids)
            pid = zygote.fork(data, hub_db, ids, run, 40, run * 7919)
            pidfd = os.pidfd_open(pid)  # signals this very process, never a later one with its pid
            target = before + rng.choice((0, 0, 1, 2, 3, 5, 8))  # 0: kill it while it opens the outbox
            t0, status = time.monotonic(), None
            while status is None and _lines(ids) < target:
                status = zygote.ended(0.002)
            if status is None:
                done = _lines(ids) - before
                if done:
                    per_case_s = 0.7 * per_case_s + 0.3 * (time.monotonic() - t0) / done
                time.sleep(rng.uniform(0, per_case_s * 1.5))
                try:
                    signal.pidfd_send_signal(pidfd, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                status = zygote.ended(30)
            os.close(pidfd)
            assert status is not None, "a run did not end"
            if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
                kills += 1
            else:
                assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, zygote.stderr()
                finished += 1
        # One last run that is left alone: it drains what the killed ones left.
        zygote.fork(data, hub_db, ids, run + 1, 0, 1)
        status = zygote.ended(60)
        assert status == 0, zygote.stderr()
    finally:
        zygote.close()

    logged = [line.split() for line in ids.read_text().splitlines()]
    assert all(len(parts) == 2 for parts in logged)
    logged_ids = [rid for rid, _ in logged]
    assert len(logged_ids) > 2 * KILLS, "too few cases got in between the kills to prove anything"

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
    print(
        f"\nkills={kills} finished_runs={finished} cases={len(got)} logged={len(logged_ids)} "
        f"resent_after_lost_answer_or_kill={resent} blobs={len(on_disk)} "
        f"seconds={time.monotonic() - started:.1f}"
    )
