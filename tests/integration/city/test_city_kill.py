"""SIGKILL the hall hub and the city hub mid-transfer, a few times each, while the
platform simulator fails, answers late and repeats itself: every case and every rating
reaches the platform exactly once, and every case's official number reaches the hall."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.rigs.city import link_hall, restart_together, running_city, running_hall, running_platform, wait_for

ROUNDS = 3
PER_ROUND = 5


def _case(i: int) -> dict:
    return {
        "task_code": "11610103MB282815164000509004000",
        "terminal_id": "test-kiosk",
        "hall_code": "XA-BL",
        "area_code": "610103",
        "applicant": {"name": "张三丰"},
        "values": {"n": i},
    }


@pytest.mark.slow
def test_killed_hubs_lose_nothing_and_double_nothing(tmp_path: Path, pg_cluster, monkeypatch) -> None:
    monkeypatch.setenv("KIOSK_CITY_RETRY_CAP_S", "0.5")  # short backoff: the test waits less
    monkeypatch.setenv("KIOSK_CITY_PLATFORM_TIMEOUT_S", "1")
    faults = ("--fail", "0.2", "--hang", "0.1", "--hang-s", "1.5", "--dup", "0.3", "--shuffle")
    with (
        running_platform(tmp_path / "platform", *faults) as platform,
        running_city(tmp_path, pg_cluster, platform.url) as city,
        running_hall(tmp_path) as hall,
    ):
        link_hall(city, hall)
        numbers: list[str] = []
        ratings: list[str] = []
        caught_hall: list[int] = []  # records on their way up when each tier was killed
        caught_city: list[int] = []
        with httpx.Client(timeout=10) as http:
            for round_ in range(ROUNDS):
                for i in range(PER_ROUND):
                    key = uuid.uuid4().hex
                    r = http.post(
                        hall.url + "/api/v1/cases",
                        content=json.dumps(_case(round_ * PER_ROUND + i)),
                        headers={**hall.headers("kiosk"), "Idempotency-Key": key, "Content-Type": "application/json"},
                    )
                    assert r.status_code == 201, r.text
                    numbers.append(r.json()["case_number"])
                    rid = uuid.uuid4().hex
                    record = {
                        "id": rid,
                        "satisfaction": 4,
                        "assessTime": "2026-12-07T10:00:00+08:00",
                        "hallCode": "XA-BL",
                        "projectNo": numbers[-1],
                    }
                    r = http.post(
                        hall.url + "/api/v1/evaluations",
                        json=record,
                        headers={**hall.headers("kiosk"), "Idempotency-Key": rid},
                    )
                    assert r.status_code == 201, r.text
                    ratings.append(rid)
                time.sleep(0.3)  # the uplink is mid-way through this round's records
                hall.kill()
                city.kill()
                caught_hall.append(hall.query("SELECT count(*) FROM city_outbox WHERE state = 'pending'")[0][0])
                caught_city.append(city.query("SELECT count(*) FROM platform_outbox WHERE state = 'pending'")[0][0])
                restart_together(hall, city)
        assert any(caught_hall) and any(caught_city), (caught_hall, caught_city)  # the kills hit mid-transfer
        platform.faults(fail=0.0, hang=0.0)  # the faults did their part; let the rest drain

        def arrived() -> bool:
            log = platform.log()
            return len(log["cases"]) == len(numbers) and len(log["evaluations"]) == len(ratings)

        wait_for(arrived, what="every case and rating at the platform", timeout_s=40)
        log = platform.log()
        assert sorted(log["cases"]) == sorted(f"XA-BL:{n}" for n in numbers)
        assert set(log["cases"].values()) == {1}  # exactly once each
        assert sorted(log["evaluations"]) == sorted(ratings) and set(log["evaluations"].values()) == {1}
        assert log["invalid"] == []

        def all_official() -> bool:
            rows = hall.query("SELECT count(*) FROM case_official WHERE official_number LIKE 'GOV%'")
            return rows == [(len(numbers),)]

        wait_for(all_official, what="every official number at the hall", timeout_s=20)
        officials = hall.query("SELECT official_number FROM case_official")
        assert len({o[0] for o in officials}) == len(numbers)  # one number per case, never two
