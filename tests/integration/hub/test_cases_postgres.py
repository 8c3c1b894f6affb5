"""Idempotency keys and case numbers on PostgreSQL with two hub worker processes:
copies of one request racing through different workers store one case, numbers run
on without gaps, a changed body under a used key is refused."""

from __future__ import annotations

import re
import threading
import uuid
from pathlib import Path

import pytest

from offline_cache.sync import HubRejected
from tests.integration.hub.test_cases_api import CASE, png
from tests.rigs.hub import running_hub
from tests.rigs.postgres import PostgresCluster

pytestmark = pytest.mark.slow


# Each test: a fresh database of its own (numbers from 0001, every update counted) on the
# session's cluster, not a server of its own (initdb and a start cost seconds of CPU).


def test_idempotency_and_case_numbers_on_postgresql(tmp_path: Path, pg_cluster: PostgresCluster) -> None:
    with running_hub(tmp_path, pg=pg_cluster, workers=2) as hub:
        answers: list[str] = []
        key = uuid.uuid4().hex

        def send() -> None:
            with hub.client("kiosk") as kiosk:
                for _ in range(5):
                    answers.append(kiosk.push("case", key, CASE, [png()])["case_number"])

        threads = [threading.Thread(target=send) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(answers) == 30 and len(set(answers)) == 1
        assert re.fullmatch(rf"{CASE['task_code']}\d{{8}}0001", answers[0])
        numbers: list[str] = []

        def many() -> None:
            with hub.client("kiosk") as kiosk:
                for _ in range(10):
                    numbers.append(kiosk.push("case", uuid.uuid4().hex, CASE)["case_number"])

        threads = [threading.Thread(target=many) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(n[-4:] for n in numbers) == [f"{i:04d}" for i in range(2, 42)]
        with hub.client("kiosk") as kiosk, pytest.raises(HubRejected) as exc:
            kiosk.push("case", key, {**CASE, "values": {"other": 1}})
        assert (exc.value.status, exc.value.code) == (409, "idempotency.mismatch")
        with hub.client("admin") as admin:
            case = admin._json("GET", f"/api/v1/cases/{answers[0]}")
            assert case["images"] == 1 and [h["status"] for h in case["history"]] == ["submitted"]


def test_case_updates_never_skip_a_change_on_postgresql(tmp_path: Path, pg_cluster: PostgresCluster) -> None:
    """Cases and status changes of one terminal written at once through two workers:
    every change has its own ``at``, and a terminal pulling with its cursor meanwhile
    gets each change once."""
    with running_hub(tmp_path, pg=pg_cluster, workers=2) as hub:
        numbers: list[str] = []
        with hub.client("kiosk") as kiosk:
            numbers += [kiosk.push("case", uuid.uuid4().hex, CASE)["case_number"] for _ in range(10)]

        def move(number: str) -> None:
            with hub.client("admin") as admin:
                for status in ("accepted", "in_progress", "finished"):
                    admin._json("POST", f"/api/v1/cases/{number}/status", json={"status": status})

        def more() -> None:
            with hub.client("kiosk") as kiosk:
                for _ in range(10):
                    kiosk.push("case", uuid.uuid4().hex, CASE)

        threads = [threading.Thread(target=move, args=(n,)) for n in numbers] + [threading.Thread(target=more)]
        for t in threads:
            t.start()
        seen: list[dict] = []
        cursor = None
        with hub.client("kiosk") as kiosk:
            while any(t.is_alive() for t in threads):
                batch = kiosk.case_updates(cursor)
                seen += batch
                cursor = repr(batch[-1]["at"]) if batch else cursor
            for t in threads:
                t.join()
            seen += kiosk.case_updates(cursor)
        ats = [u["at"] for u in seen]
        assert len(ats) == len(set(ats)) == 20 + 30  # 20 submissions, 30 status changes, each once
        assert ats == sorted(ats)
