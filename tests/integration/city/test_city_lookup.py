"""办件查询 across halls: a kiosk of one hall finds another hall's case, with its
official number and the platform's status, through its hall hub, which asks the city.
Real processes: PostgreSQL, the city hub, two SQLite hall hubs, the platform simulator;
the kiosk's side is the product's ``HubClient``."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from offline_cache.sync.client import HubClient
from offline_cache.sync.errors import HubUnavailable
from tests.rigs.city import link_hall, running_city, running_halls, running_platform, wait_for

CASE = {
    "task_code": "11610103MB282815164000509004000",
    "terminal_id": "test-kiosk",
    "hall_code": "XA-BL",
    "area_code": "610103",
    "applicant": {"name": "张三丰", "id_number": "610103188001010012", "phone": "13800001234"},
    "values": {"reason": "迁入"},
}


def test_a_kiosk_of_another_hall_finds_a_case_through_the_city(tmp_path: Path, pg_cluster) -> None:
    with (
        running_platform(tmp_path / "platform") as platform,
        running_city(tmp_path, pg_cluster, platform.url) as city,
        running_halls(tmp_path, ["bl", "zj"]) as (home, other),
    ):
        link_hall(city, home, "XA-BL", in_process=True)  # the CLI is tested in test_city_link.py
        link_hall(city, other, "XA-ZJ", "张家村街道便民服务中心", level="street", in_process=True)
        r = httpx.post(
            home.url + "/api/v1/cases",
            content=json.dumps(CASE),
            headers={**home.headers("kiosk"), "Idempotency-Key": "case0001", "Content-Type": "application/json"},
        )
        assert r.status_code == 201, r.text
        number = r.json()["case_number"]
        provisional = f"XA-BL:{number}"
        wait_for(
            lambda: city.query("SELECT count(*) FROM city_cases WHERE official_number IS NOT NULL") == [(1,)],
            what="the platform's number at the city",
        )

        with HubClient(other.url, other.tokens["kiosk"]) as kiosk, HubClient(home.url, home.tokens["kiosk"]) as own:
            found = kiosk.lookup_case(provisional)
            official = found[0]["official_number"]
            assert official.startswith("GOV") and found[0]["platform_status"] in ("accepted", "in_progress", "finished")
            assert found == [
                {
                    "hall_code": "XA-BL",
                    "reference": number,
                    "provisional_number": provisional,
                    "official_number": official,
                    "platform_status": found[0]["platform_status"],
                    "task_code": CASE["task_code"],
                    "submitted_at": found[0]["submitted_at"],
                }
            ]  # the numbers and statuses only: no name, ID number or phone travels
            assert [c["provisional_number"] for c in kiosk.lookup_case(official)] == [provisional]
            assert kiosk.lookup_case("XA-BL:00000000") == [] and kiosk.lookup_case("GOV9999999999") == []
            # A bare hall number names a case in its own hall only (two halls mint the same numbers).
            assert kiosk.lookup_case(number) == []
            wait_for(
                lambda: home.query("SELECT official_number FROM case_official") == [(official,)],
                what="the official number down at the home hall",
            )
            assert [c["provisional_number"] for c in own.lookup_case(number)] == [provisional]

            city.kill()
            with pytest.raises(HubUnavailable) as caught:  # 503: "try later", never "no such case"
                kiosk.lookup_case(provisional)
            assert caught.value.data.get("status") == 503
            r = httpx.get(
                other.url + "/api/v1/case-lookup", params={"number": provisional}, headers=other.headers("kiosk")
            )
            assert r.status_code == 503 and r.json()["error"]["code"] == "city.unavailable"
            assert [c["official_number"] for c in own.lookup_case(official)] == [official]  # its own: no city needed
