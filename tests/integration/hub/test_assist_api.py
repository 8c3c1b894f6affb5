"""帮办代办 audit steps and 办不成事 reports on a real hub (SQLite file, loopback): pushed
as outbox records are (Idempotency-Key), listed for admins and windows with the phone
masked, on /status, and counted in the day's report."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import closing

import httpx
import pytest

from offline_cache.sync import HubRejected
from tests.rigs.hub import HubProcess, running_hub

PHONE = "13912345678"


def rid() -> str:
    return uuid.uuid4().hex


STEP = {
    "helper": "3001",
    "at": "2026-12-05T10:00:00+08:00",
    "screen": "guide",
    "action": "notice.printed",
    "visit": "a1b2c3",
    "details": {"item": "高龄津贴申领", "citizen": "张**"},
}
REPORT = {
    "reference": "BB20261205-0A1B2C3D",
    "reported_at": "2026-12-05T10:05:00+08:00",
    "tried": "高龄津贴申领",
    "reasons": ["materials", "other"],
    "task_code": "11610103MB282815164000509004000",
    "text": "不知道申请表在哪里拿",
    "phone": PHONE,
    "hall_code": "DEMO-HALL",
}


@pytest.fixture(scope="module")
def shared_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """One SQLite hub for the module: each test pushes records of its own (its own keys and
    report reference) and asserts on those."""
    with running_hub(tmp_path_factory.mktemp("assist-hub")) as rig:
        yield rig


def test_audit_steps_are_stored_once_and_listed_for_admins_only(shared_hub: HubProcess) -> None:
    hub = shared_hub
    key = rid()
    with hub.client("kiosk") as kiosk:
        assert kiosk.push("audit_entry", key, STEP) == {"id": key, "helper": "3001", "action": "notice.printed"}
        assert kiosk.push("audit_entry", key, STEP)["id"] == key  # a repeat: the same answer, no second row
        with pytest.raises(HubRejected) as exc:
            kiosk.push("audit_entry", rid(), {**STEP, "helper": "30 01"})
        assert exc.value.status == 422
        with pytest.raises(HubRejected) as exc:
            kiosk._json("GET", "/api/v1/audit-entries")
        assert exc.value.status == 403
    with hub.client("admin") as admin:
        steps = admin._json("GET", "/api/v1/audit-entries", params={"helper": "3001"})
    assert [(s["id"], s["terminal"], s["action"], s["details"]["citizen"]) for s in steps] == [
        (key, "test-kiosk", "notice.printed", "张**")
    ]
    page = httpx.get(hub.url + "/status", headers=hub.headers("admin")).text
    audit = page.split('id="audit"')[1].split("</table>")[0]
    assert "notice.printed" in audit and "3001" in audit and "citizen=张**" in audit


def test_a_report_keeps_its_reference_and_shows_the_phone_masked(shared_hub: HubProcess) -> None:
    hub = shared_hub
    key = rid()
    with hub.client("kiosk") as kiosk:
        answer = kiosk.push("unresolved_report", key, REPORT)
        assert answer == {"reference": REPORT["reference"], "phone": "139****5678"}
        with pytest.raises(HubRejected) as exc:  # another record may not take the same reference
            kiosk.push("unresolved_report", rid(), REPORT)
        assert (exc.value.status, exc.value.code) == (409, "report.reference_taken")
        for bad in ({"phone": "12345"}, {"reasons": ["bribe"]}, {"reasons": [], "text": " "}):
            with pytest.raises(HubRejected) as exc:
                kiosk.push("unresolved_report", rid(), {**REPORT, "reference": "BB20261205-FFFFFFFF", **bad})
            assert exc.value.status == 422
    with hub.client("window:2") as window:
        listed = window._json("GET", "/api/v1/unresolved-reports")  # the other tests' too
    assert [(r["reference"], r["phone"], r["reasons"]) for r in listed if r["reference"] == REPORT["reference"]] == [
        (REPORT["reference"], "139****5678", ["materials", "other"])
    ]
    page = httpx.get(hub.url + "/status", headers=hub.headers("admin")).text
    table = page.split('id="unresolved"')[1].split("</table>")[0]
    assert REPORT["reference"] in table and "139****5678" in table and PHONE not in page
    # The full number is kept once, for the 12345 call-back: not in an answer stored for repeats.
    with closing(sqlite3.connect(hub.db_url)) as db:
        stored = db.execute("SELECT phone FROM unresolved_reports WHERE reference = ?", (REPORT["reference"],))
        assert stored.fetchall() == [(PHONE,)]
        answers = " ".join(r[0] for r in db.execute("SELECT answer FROM idempotency"))
    assert PHONE not in answers and "139****5678" in answers


def test_the_days_report_counts_the_reports(shared_hub: HubProcess) -> None:
    from hub import db, report
    from hub.hall import demo_hall
    from hub.queue import QueueRules

    rules = QueueRules(demo_hall(), time.time)
    engine = db.make_engine(shared_hub.db_url, pool_size=1)
    try:
        before = report.build(engine, rules, rules.service_day()).extra["unresolved_reports"]
        with shared_hub.client("kiosk") as kiosk:  # a reference of its own: another test has REPORT's
            kiosk.push("unresolved_report", rid(), {**REPORT, "reference": f"BB20261205-{rid()[:8].upper()}"})
        built = report.build(engine, rules, rules.service_day())
    finally:
        engine.dispose()
    assert built.extra["unresolved_reports"] == before + 1
