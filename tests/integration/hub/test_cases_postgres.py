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
from tests.integration.hub.postgres_rig import available, postgres_server
from tests.integration.hub.test_cases_api import CASE, png
from tests.rigs.hub import running_hub

pytestmark = pytest.mark.slow


def test_idempotency_and_case_numbers_on_postgresql(tmp_path: Path) -> None:
    assert available(), "PostgreSQL binaries (initdb, pg_ctl) are part of the test environment"
    with postgres_server() as url, running_hub(tmp_path, db_url=url, workers=2) as hub:
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
