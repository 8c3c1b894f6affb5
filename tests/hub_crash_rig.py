"""The terminal process of the crash harness against a REAL hub
(``python -m tests.hub_crash_rig DATA_DIR HUB_URL TOKEN IDS_FILE RUN COUNT SEED``).

It puts cases with an image each (PNG magic, then the simulated citizen's data and
noise, as a scanned ID card would carry), pushing through the real engine and the real
``HubClient`` between puts, and writes each case's id and ordinal to IDS_FILE after its
``put`` returned; then it drains the outbox. The parent SIGKILLs it at random moments.
"""

from __future__ import annotations

import os
import random
import sys
import time
from typing import Any

from tests.outbox_rig import CITIZEN

PNG = b"\x89PNG\r\n\x1a\n"
TASK_CODE = "610100000000CRASH0001"


def case_body(ordinal: int, terminal: str) -> dict[str, Any]:
    return {
        "task_code": TASK_CODE,
        "terminal_id": terminal,
        "hall_code": "610103-HALL",
        "area_code": "610103",
        "applicant": dict(CITIZEN),
        "values": {"ordinal": ordinal, "contact": CITIZEN["phone"]},
    }


def image(rng: random.Random) -> bytes:
    text = "|".join(CITIZEN.values()).encode()
    return PNG + text + rng.randbytes(rng.randint(2_000, 20_000)) + text


def main(data_dir: str, url: str, token: str, ids_path: str, run: int, count: int, seed: int) -> None:
    from offline_cache.outbox import Outbox
    from offline_cache.sync.client import HubClient
    from offline_cache.sync.engine import SyncEngine, Timing

    rng = random.Random(seed)
    outbox = Outbox(data_dir)
    client = HubClient(url, token, timeout_s=5.0)
    engine = SyncEngine(
        outbox, client, rng=rng.random, timing=Timing(base_s=0.01, cap_s=0.2, heartbeat_s=5, updates_s=3600, batch=3)
    )
    ids = os.open(ids_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    for i in range(count):
        ordinal = run * 100_000 + i
        record = outbox.put("case", case_body(ordinal, "crash"), blobs=[image(rng)], personal={"applicant", "values"})
        os.write(ids, f"{record.id} {ordinal}\n".encode())
        if rng.random() < 0.6:
            engine.step()
    deadline = time.monotonic() + 60
    while outbox.stats().waiting and time.monotonic() < deadline:
        time.sleep(min(engine.step(), 0.02))
    outbox.close()
    client.close()
    sys.exit(0 if not outbox_waiting(data_dir) else 3)


def outbox_waiting(data_dir: str) -> int:
    import sqlite3

    with sqlite3.connect(os.path.join(data_dir, "outbox.sqlite")) as db:
        return db.execute("SELECT count(*) FROM records WHERE state = 'pending'").fetchone()[0]


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], a[1], a[2], a[3], int(a[4]), int(a[5]), int(a[6]))
