"""Evaluations, appointments and the technician's status page on a live hub."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from offline_cache.sync import HubRejected
from offline_cache.wire import Evaluation
from tests.rigs.hub import HubProcess, running_hub

CST = timezone(timedelta(hours=8))


def evaluation(**change: object) -> Evaluation:
    base = {
        "id": uuid.uuid4().hex,
        "satisfaction": 5,
        "assessTime": datetime.now(CST).isoformat(),
        "hallCode": "DEMO-HALL",
        "windowNo": 3,
        "workNo": "S1001",
        "ticket": "A001",
    }
    return Evaluation(**{**base, **change})


def test_evaluations_are_stored_once_and_listed_for_admins(module_hub: HubProcess) -> None:
    record = evaluation(satisfaction=2, evalDetail=["attitude"], writingEvaluation="态度一般")
    with module_hub.client("window:3") as w3:
        stored = w3.send_evaluation(record)
        assert stored["record"] == record.to_dict() and stored["terminal"] == "test-window-3"
        assert w3.send_evaluation(record)["id"] == record.id  # again: stored once
        r = httpx.get(module_hub.url + "/api/v1/evaluations", headers=module_hub.headers("admin"))
        assert r.status_code == 200
        listed = [e for e in r.json() if e["id"] == record.id]  # the other tests' too
        assert len(listed) == 1
        assert listed[0]["record"]["pf"] == 5 and listed[0]["record"]["windowNo"] == 3
        r = httpx.get(module_hub.url + "/api/v1/evaluations", headers=module_hub.headers("window:3"))
        assert r.status_code == 403
        bad = {**record.to_dict(), "id": "x2", "satisfaction": 1, "evalDetail": []}
        r = httpx.post(module_hub.url + "/api/v1/evaluations", json=bad, headers=module_hub.headers("kiosk"))
        assert r.status_code == 422 and r.json()["field"] == "evalDetail"


def test_appointment_check_in_gives_a_priority_ticket(hub: HubProcess) -> None:
    # A fresh hub: it asserts the queue's numbers and call order.
    slot = (datetime.now(CST) + timedelta(minutes=30)).isoformat(timespec="seconds")
    made = httpx.post(
        hub.url + "/api/v1/appointments",
        headers=hub.headers("admin"),
        json={"service": "C", "slot": slot, "person": "person-key-0001"},
    )
    assert made.status_code == 201, made.text
    code = made.json()["code"]
    assert made.json()["qr"] == f"HALLKIOSK:APPT:{code}" and made.json()["status"] == "booked"
    r = httpx.post(hub.url + "/api/v1/appointments", headers=hub.headers("kiosk"), json={"service": "C", "slot": slot})
    assert r.status_code == 403
    with hub.client("kiosk") as kiosk, hub.client("window:1") as w1:
        walk_in = kiosk.issue_ticket("C")
        ticket = kiosk.check_in(code=code)
        assert (ticket.number, ticket.priority, ticket.service) == ("C002", "appointment", "C")
        with pytest.raises(HubRejected) as exc:
            kiosk.check_in(code=code)
        assert (exc.value.status, exc.value.code) == (409, "appointment.used")
        assert w1.call_next(1).id == ticket.id  # the boost: before the earlier walk-in
        assert w1.call_next(1).id == walk_in.id
        # By the person's key
        made = httpx.post(
            hub.url + "/api/v1/appointments",
            headers=hub.headers("admin"),
            json={"service": "B", "slot": slot, "person": "person-key-0002"},
        )
        assert kiosk.check_in(person="person-key-0002").service == "B"
        with pytest.raises(HubRejected) as exc:
            kiosk.check_in(person="person-key-0003")
        assert exc.value.code == "appointment.not_found"
        with pytest.raises(HubRejected) as exc:
            kiosk.check_in(code="NOSUCH22")
        assert exc.value.status == 404


def test_appointment_slots_in_the_past_are_refused(module_hub: HubProcess) -> None:
    past = (datetime.now(CST) - timedelta(hours=1)).isoformat()
    r = httpx.post(
        module_hub.url + "/api/v1/appointments",
        headers=module_hub.headers("admin"),
        json={"service": "A", "slot": past},
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "appointment.slot_past"
    r = httpx.post(
        module_hub.url + "/api/v1/appointments",
        headers=module_hub.headers("admin"),
        json={"service": "A", "slot": "next tuesday"},
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "request.invalid"


WEEKDAYS_ONLY = """
[hall]
code = "WD"
name = "工作日大厅"
[hours]
mon = "00:00-24:00"
tue = "00:00-24:00"
wed = "00:00-24:00"
thu = "00:00-24:00"
fri = "00:00-24:00"
[[services]]
code = "A"
prefix = "A"
name = "综合受理"
[[services]]
code = "S"
prefix = "S"
name = "周末服务"
hours = { sat = "09:00-17:00", sun = "09:00-17:00" }
[[windows]]
number = 1
services = ["A", "S"]
"""


def test_weekend_slots_only_where_the_hall_opens_on_weekends(tmp_path: Path) -> None:
    hall = tmp_path / "hall.toml"
    hall.write_text(WEEKDAYS_ONLY, encoding="utf-8")
    today = datetime.now(CST)
    saturday = (today + timedelta(days=(5 - today.weekday()) % 7 or 7)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    with running_hub(tmp_path / "hub", hall=hall) as hub:
        post = lambda body: httpx.post(hub.url + "/api/v1/appointments", headers=hub.headers("admin"), json=body)
        r = post({"service": "A", "slot": saturday.isoformat()})
        assert r.status_code == 422 and r.json()["error"]["code"] == "appointment.slot_closed"
        assert post({"service": "S", "slot": saturday.isoformat()}).status_code == 201
        with hub.client("display") as display:
            services = {s.code: s for s in display.services()}
        weekend = today.weekday() >= 5
        assert services["A"].open_now is (not weekend)
        if not weekend:
            assert services["S"].open_now is False
            assert services["S"].opens_at == saturday.replace(hour=9).isoformat()
            r = httpx.post(hub.url + "/api/v1/tickets", headers=hub.headers("kiosk"), json={"service": "S"})
            assert r.status_code == 423 and r.json()["opens_at"] == services["S"].opens_at
            assert r.json()["error"]["code"] == "service.closed"


def test_status_page(tmp_path: Path) -> None:
    with running_hub(tmp_path, extra=("--status-password", "tech-pw")) as hub:
        with hub.client("kiosk") as kiosk, hub.client("window:4") as w4:
            for _ in range(3):
                kiosk.issue_ticket("A")
            t = w4.call_next(4)
            w4.act(t.id, "skip")
            w4.call_next(4)
            w4.send_evaluation(evaluation(windowNo=4))
        r = httpx.get(hub.url + "/status", headers=hub.headers("admin"))
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        page = r.text
        today = re.search(r'<table id="today">.*?</table>', page, re.DOTALL).group(0)
        assert re.findall(r"<td>(\d+)</td>", today) == ["3", "2", "0", "1", "1"]
        assert "<td>A 综合受理</td><td>1</td>" in page
        assert "<tr><td>4</td><td>A002</td><td>called</td></tr>" in page
        assert re.search(r"<td>test-window-4</td><td>window</td><td>4</td><td>\d+ s ago", page)
        assert "<td>test-window-5</td><td>window</td><td>5</td><td>never</td>" in page
        # Without a session or an admin bearer token: the login form (tests/integration/hub/test_status_login.py).
        for headers in (hub.headers("display"), {}):
            r = httpx.get(hub.url + "/status", headers=headers)
            assert r.status_code == 401 and 'action="/status/login"' in r.text


def test_evaluations_export_in_either_direction_of_satisfaction(module_hub: HubProcess) -> None:
    very_good, very_bad = evaluation(satisfaction=5), evaluation(satisfaction=1, evalDetail=["attitude"])
    with module_hub.client("kiosk") as kiosk:
        kiosk.send_evaluation(very_good)
        kiosk.send_evaluation(very_bad)

    def listed(**params: str) -> dict[str, tuple[int, str]]:
        r = httpx.get(module_hub.url + "/api/v1/evaluations", headers=module_hub.headers("admin"), params=params)
        assert r.status_code == 200, r.text
        # This test's two: the module's other tests store evaluations on the same hub.
        return {e["id"]: (e["record"]["satisfaction"], e["scale"]) for e in r.json() if e["id"] in ours}

    ours = {very_good.id: (5, "gbt39734"), very_bad.id: (1, "gbt39734")}
    assert listed() == ours == listed(scale="gbt39734")  # the hub's own direction by default
    assert listed(scale="reversed") == {very_good.id: (1, "reversed"), very_bad.id: (5, "reversed")}
    assert listed() == ours  # the export mapped a copy; the stored records are unchanged
    r = httpx.get(
        module_hub.url + "/api/v1/evaluations", headers=module_hub.headers("admin"), params={"scale": "upside-down"}
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "request.invalid"
