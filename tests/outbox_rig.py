"""A hub that really honours idempotency keys, for the outbox and sync engine tests, and
the child process of the crash harness (``python -m tests.outbox_rig child ...``).

``FakeHub`` keeps what it received in SQLite (``:memory:`` for unit tests, a file for the
crash harness, so what the hub has seen survives the terminal being killed). Its rules
are the hub's: the same key twice -> the same answer; the same key with another body ->
409; a case without ``task_code`` -> 422. It can be told to fail the next calls: answer
500, be unreachable, hang (the client's timeout), answer garbage, or store and then lose
the answer (the case where idempotency matters).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import sqlite3
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

from offline_cache.sync.errors import HubRejected, HubUnavailable
from offline_cache.sync.push_paths import push_body
from offline_cache.wire import Evaluation, WireError

# The simulated citizen of every test (STANDARDS.md §5: a clearly fictional number).
CITIZEN = {
    "name": "欧阳测试",
    "id_number": "610103188001010012",
    "phone": "13800138000",
    "address": "陕西省西安市碑林区测试街道幸福路88号",
}


class FakeHub:
    """An in-process hub with the real one's push semantics (see the module docstring)."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        if str(path) != ":memory:":
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS received (n INTEGER PRIMARY KEY AUTOINCREMENT,"
            " key TEXT NOT NULL, kind TEXT NOT NULL, fingerprint TEXT NOT NULL,"
            " ordinal INTEGER, reply TEXT NOT NULL)"
        )
        self._db.execute("CREATE TABLE IF NOT EXISTS deliveries (key TEXT NOT NULL, at REAL NOT NULL)")
        self._lock = threading.Lock()
        self.faults: deque[str] = deque()
        self.down = False  # every call unreachable
        self.heartbeats: list[dict[str, Any]] = []
        self.updates: list[dict[str, Any]] = []
        self.catalog: list[tuple[str, Any]] = []  # (version, changes), oldest first
        self.calls: list[tuple[str, Any]] = []

    def fail(self, n: int, mode: str) -> None:
        """Make the next ``n`` pushes fail: ``500``, ``down``, ``timeout``, ``garbage``, ``lost``."""
        self.faults.extend([mode] * n)

    # ---- Transport -----------------------------------------------------------------------

    def push(self, kind: str, record_id: str, body: dict[str, Any], blobs: Any = ()) -> Any:
        self.calls.append(("push", record_id))
        self._reachable()
        fault = self.faults.popleft() if self.faults else None
        if fault == "500":
            raise HubUnavailable("hub.server_error", status=500)
        if fault == "down":
            raise HubUnavailable("hub.unreachable", error="ConnectError")
        if fault == "timeout":
            raise HubUnavailable("hub.unreachable", error="timeout")
        if fault == "garbage":
            return "<html>proxy error</html>"
        if kind not in ("case", "evaluation", "help_request", "ticket", "issue_report"):
            raise HubRejected(404, "kind.unknown", f"no route for {kind}")
        if kind == "case" and not isinstance(body.get("task_code"), str):
            raise HubRejected(422, "case.invalid", "task_code missing")
        if kind == "evaluation":  # as the hub's /evaluations route: the wire type, id from the key
            try:
                Evaluation.from_dict(push_body(kind, record_id, body))
            except WireError as exc:
                raise HubRejected(422, "wire.invalid", str(exc)) from None
        fingerprint = hashlib.sha256(
            json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
            + b"".join(hashlib.sha256(b).digest() for b in blobs)
        ).hexdigest()
        with self._lock:
            self._db.execute("INSERT INTO deliveries (key, at) VALUES (?, ?)", (record_id, time.time()))
            row = self._db.execute("SELECT fingerprint, reply FROM received WHERE key = ?", (record_id,)).fetchone()
            if row is not None:
                if row[0] != fingerprint:
                    raise HubRejected(409, "idempotency.conflict", "same key, different body")
                reply = json.loads(row[1])
            else:
                n = self._db.execute("SELECT coalesce(max(n), 0) + 1 FROM received").fetchone()[0]
                reply = {"case_number": f"HUB{n:08d}", "blobs": len(blobs)} if kind == "case" else {"id": record_id}
                self._db.execute(
                    "INSERT INTO received (key, kind, fingerprint, ordinal, reply) VALUES (?, ?, ?, ?, ?)",
                    (record_id, kind, fingerprint, body.get("ordinal"), json.dumps(reply)),
                )
        if fault == "lost":  # stored, but the answer never reached the terminal
            raise HubUnavailable("hub.unreachable", error="timeout")
        return reply

    def heartbeat(self, body: dict[str, Any]) -> None:
        self.calls.append(("heartbeat", None))
        self._reachable()
        self.heartbeats.append(body)

    def case_updates(self, since: str | None) -> list[dict[str, Any]]:
        self.calls.append(("case_updates", since))
        self._reachable()
        after = float(since) if since is not None else float("-inf")
        return [u for u in self.updates if u.get("at", 0) > after]

    def catalog_changes(self, since: str | None) -> Any:
        self.calls.append(("catalog_changes", since))
        self._reachable()
        versions = [v for v, _ in self.catalog]
        start = versions.index(since) + 1 if since in versions else 0
        newer = self.catalog[start:]
        return newer[-1] if newer else None

    def _reachable(self) -> None:
        if self.down:
            raise HubUnavailable("hub.unreachable", error="ConnectError")

    # ---- what the tests look at ------------------------------------------------------------

    def received(self) -> list[tuple[int, str, str, int | None, dict[str, Any]]]:
        with self._lock:
            rows = self._db.execute("SELECT n, key, kind, ordinal, reply FROM received ORDER BY n").fetchall()
        return [(n, k, kind, o, json.loads(r)) for n, k, kind, o, r in rows]

    def deliveries(self) -> dict[str, int]:
        with self._lock:
            return dict(self._db.execute("SELECT key, count(*) FROM deliveries GROUP BY key").fetchall())

    def close(self) -> None:
        self._db.close()


def case_body(ordinal: int, **extra: Any) -> dict[str, Any]:
    """A case as the kiosk would write it, for the simulated citizen."""
    return {
        "task_code": "11610100MB29583281461011700200",
        "ordinal": ordinal,
        "applicant": dict(CITIZEN),
        **CITIZEN,
        "form": {"contact": CITIZEN["phone"], "note": "测试"},
        **extra,
    }


def image_with_personal_data(rng: random.Random, size: int) -> bytes:
    """Bytes standing for a scanned ID card: noise with the citizen's data written in."""
    text = "|".join(CITIZEN.values()).encode()
    noise = rng.randbytes(max(0, size - len(text) * 2))
    return text + noise + text


# ---- the crash harness's child ----------------------------------------------------------


class _RawFields(logging.Formatter):
    """Log lines with their fields as they are (no scrubbing), so a leak would show."""

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", {})
        return f"{record.name} {record.getMessage()} {json.dumps(fields, ensure_ascii=False)}"


def child(data_dir: str, hub_path: str, ids_path: str, run: int, count: int, seed: int) -> None:
    """Put ``count`` cases with blobs, pushing between puts; log each id after its put returns."""
    from offline_cache.outbox import Outbox
    from offline_cache.sync.engine import SyncEngine, Timing

    os.makedirs(data_dir, mode=0o700, exist_ok=True)
    handler = logging.FileHandler(os.path.join(data_dir, "child.log"))
    handler.setFormatter(_RawFields())
    for name in ("kiosk.outbox", "kiosk.sync"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    rng = random.Random(seed)
    outbox = Outbox(data_dir)
    hub = FakeHub(hub_path)
    engine = SyncEngine(
        outbox, hub, rng=rng.random, timing=Timing(base_s=0.0005, cap_s=0.005, heartbeat_s=0.2, batch=3)
    )
    ids = os.open(ids_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    for i in range(count):
        roll = rng.random()
        if roll < 0.08:
            hub.fail(1, "lost")
        elif roll < 0.14:
            hub.fail(1, "500")
        blobs = [image_with_personal_data(rng, rng.randint(2_000, 40_000)) for _ in range(rng.randint(0, 3))]
        record = outbox.put("case", case_body(run * 100_000 + i), blobs=blobs)
        os.write(ids, f"{record.id} {run * 100_000 + i}\n".encode())
        if rng.random() < 0.6:
            engine.step()
    while outbox.stats().waiting:  # drain (killed here often too)
        engine.step()
        time.sleep(0.001)
    outbox.close()
    hub.close()


def zygote() -> None:
    """Fork one terminal per command line, already past the imports (a restart costs
    milliseconds, not a Python start-up, so the kills land in the work, not in imports).

    stdin:  ``DATA_DIR HUB_DB IDS_FILE RUN COUNT SEED`` per run
    stdout: ``pid <pid>`` when forked, ``exit <pid> <status>`` when it ended (status is
            the wait status: 9 = SIGKILLed, 0 = finished)
    """
    import offline_cache.outbox
    import offline_cache.sync.engine  # noqa: F401 - imported before the kill points, as the terminal does

    for line in iter(sys.stdin.readline, ""):
        data_dir, hub_path, ids_path, run, count, seed = line.split()
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                child(data_dir, hub_path, ids_path, int(run), int(count), int(seed))
            except BaseException:  # report whatever ended the run, then exit
                import traceback

                traceback.print_exc()
                status = 1
            finally:
                sys.stderr.flush()
                os._exit(status)
        sys.stdout.write(f"pid {pid}\n")
        sys.stdout.flush()
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(f"exit {pid} {status}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    if len(sys.argv) == 8 and sys.argv[1] == "child":
        child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]))
    elif sys.argv[1:] == ["zygote"]:
        zygote()
    else:
        sys.exit("usage: python -m tests.outbox_rig child DATA_DIR HUB_DB IDS_FILE RUN COUNT SEED | zygote")
