"""The sync engine against a REAL hub (uvicorn subprocess on loopback): every case
exactly once and in order, hub-assigned numbers stored back in the outbox, lost
answers, changed bodies, a hub killed or away for a while, case status coming back."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from kiosk.config.settings import Settings
from kiosk.sync import SyncService
from offline_cache.outbox import Outbox
from offline_cache.sync import HubUnavailable
from offline_cache.sync.engine import SyncEngine, SyncRunner, Timing
from tests.integration.hub.test_cases_api import CASE, png
from tests.rigs import hub as hub_rig
from tests.rigs.hub import HubProcess

# The fixtures: a fresh hub subprocess per test (for the tests that kill, stop or give it
# another catalog), one per module for the tests that sync a terminal of their own.
hub, module_hub = hub_rig.hub, hub_rig.module_hub

FAST = Timing(heartbeat_s=1.0, updates_s=0.5, catalog_s=3600.0, base_s=0.05, cap_s=0.5)


def case_body(n: int) -> dict[str, Any]:
    return {**CASE, "values": {**CASE["values"], "n": n}}


def drain(engine: SyncEngine, timeout_s: float = 60.0) -> None:
    """Step the engine until nothing is pending (the test's own loop, no thread)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        delay = engine.step()
        if engine.outbox.stats().waiting == 0:
            return
        time.sleep(min(delay, 0.05))
    raise AssertionError(f"outbox not drained in {timeout_s} s: {engine.outbox.stats()}")


def hub_cases(hub: HubProcess, terminal: str = "test-kiosk") -> list[tuple[str, str, str]]:
    """(record_id, case_number, terminal) of every case the hub holds from ``terminal``, by number."""
    sql = "SELECT record_id, case_number, terminal FROM cases WHERE terminal = :terminal ORDER BY case_number"
    return hub.query(sql, terminal=terminal)


def test_the_engine_drains_the_outbox_into_the_hub_once_and_in_order(module_hub: HubProcess, tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "t1")
    records = [
        outbox.put("case", case_body(n), blobs=[png((n, 0, 0))] if n % 3 == 0 else (), personal={"applicant", "values"})
        for n in range(12)
    ]
    terminal = module_hub.add_terminal("kiosk")  # the hub holds the other tests' cases too
    with module_hub.client(terminal) as client:
        engine = SyncEngine(outbox, client, timing=FAST)
        drain(engine)
    stored = hub_cases(module_hub, terminal)
    assert [r[0] for r in stored] == [r.id for r in records]  # sequence numbers follow seq order
    first = int(stored[0][1][-4:])  # the module's tests run one by one: numbers without gaps
    assert [r[1][-4:] for r in stored] == [f"{n:04d}" for n in range(first, first + 12)]
    for record, (_, number, _) in zip(records, stored, strict=True):
        sent = outbox.get(record.id)
        assert sent.state == "sent" and sent.reply["case_number"] == number
    outbox.close()


class LosesAnswers:
    """The real client, but the first answer to each of the named records is lost
    after the hub stored it (a cable pulled at the wrong moment)."""

    def __init__(self, client: Any, lose: set[str]) -> None:
        self.client, self.lose = client, set(lose)

    def push(self, kind: str, record_id: str, body: dict, blobs=()) -> dict:
        answer = self.client.push(kind, record_id, body, blobs)
        if record_id in self.lose:
            self.lose.discard(record_id)
            raise HubUnavailable("hub.unreachable", error="ReadTimeout")
        return answer

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)


def test_a_lost_answer_is_sent_again_and_is_still_one_case(module_hub: HubProcess, tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "t2")
    records = [outbox.put("case", case_body(n), personal={"applicant", "values"}) for n in range(4)]
    terminal = module_hub.add_terminal("kiosk")  # the hub holds the other tests' cases too
    with module_hub.client(terminal) as client:
        engine = SyncEngine(outbox, LosesAnswers(client, {records[1].id, records[2].id}), timing=FAST)
        drain(engine)
    stored = hub_cases(module_hub, terminal)
    assert [r[0] for r in stored] == [r.id for r in records]
    assert [outbox.get(r.id).attempts for r in records] == [1, 2, 2, 1]  # tries, the good one too
    assert [outbox.get(r.id).reply["case_number"] for r in records] == [r[1] for r in stored]
    outbox.close()


def test_a_changed_body_under_the_same_key_is_a_dead_letter(module_hub: HubProcess, tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "t3")
    first = outbox.put("case", case_body(1), personal={"applicant", "values"})
    second = outbox.put("case", case_body(2), personal={"applicant", "values"})
    terminal = module_hub.add_terminal("kiosk")  # the hub holds the other tests' cases too
    with module_hub.client(terminal) as client:
        client.push("case", first.id, case_body(99))  # someone used that key for another body
        engine = SyncEngine(outbox, client, timing=FAST)
        drain(engine)
    dead = outbox.get(first.id)
    assert dead.state == "dead" and dead.last_error["data"]["code"] == "idempotency.mismatch"
    assert outbox.get(second.id).state == "sent"  # a dead letter does not block the rest
    assert len(hub_cases(module_hub, terminal)) == 2
    outbox.close()


def test_an_item_the_hub_does_not_publish_is_a_dead_letter(hub: HubProcess, tmp_path: Path) -> None:
    # A fresh hub: the catalog it publishes would turn the other tests' item unknown.
    from tests.rigs.hub import kiosk_cli

    demo = Path(__file__).resolve().parents[2] / "offline_cache" / "data" / "xian_demo_catalog.json"
    kiosk_cli("hub", "catalog", "publish", str(demo), "--db", hub.db_url)
    outbox = Outbox(tmp_path / "t4")
    unknown = outbox.put("case", case_body(1), personal={"applicant", "values"})
    known = outbox.put(
        "case", {**case_body(2), "task_code": "11610103MB1941275K4000702001000"}, personal={"applicant", "values"}
    )
    with hub.client("kiosk") as client:
        drain(SyncEngine(outbox, client, timing=FAST))
    assert outbox.get(unknown.id).state == "dead"
    assert outbox.get(unknown.id).last_error["data"]["code"] == "case.unknown_item"
    assert outbox.get(known.id).reply["case_number"].startswith("11610103MB1941275K4000702001000")
    outbox.close()


@pytest.mark.slow
def test_hub_killed_and_restarted_mid_sync_still_exactly_once(hub: HubProcess, tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "t5")
    ids = [
        outbox.put("case", case_body(n), blobs=[png((n, n, 0))], personal={"applicant", "values"}).id for n in range(60)
    ]
    with hub.client("kiosk", timeout_s=2.0) as client:
        runner = SyncRunner(SyncEngine(outbox, client, timing=FAST), max_sleep_s=0.2)
        runner.start()
        try:
            for _ in range(3):
                while outbox.stats().waiting > 0 and outbox.stats().waiting == len(ids):
                    time.sleep(0.01)
                time.sleep(0.15)
                hub.kill()  # SIGKILL, mid-request for all we know
                hub.start()
            _wait_empty(outbox, 60)
        finally:
            runner.stop()
    stored = hub_cases(hub)
    assert [r[0] for r in stored] == ids
    assert {outbox.get(i).reply["case_number"] for i in ids} == {r[1] for r in stored}
    outbox.close()


@pytest.mark.slow
def test_cases_taken_while_the_hub_is_away_all_arrive_when_it_returns(hub: HubProcess, tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "t6")
    ids: list[str] = []
    with hub.client("kiosk", timeout_s=1.0) as client:
        engine = SyncEngine(
            outbox, client, timing=Timing(heartbeat_s=1.0, updates_s=1.0, catalog_s=3600, base_s=0.2, cap_s=2.0)
        )
        runner = SyncRunner(engine, max_sleep_s=0.5)
        runner.start()
        try:
            ids.append(outbox.put("case", case_body(0), personal={"applicant", "values"}).id)
            _wait_empty(outbox, 20)
            hub.stop()
            away_until = time.monotonic() + 20
            while time.monotonic() < away_until:  # the kiosk keeps taking cases
                ids.append(outbox.put("case", case_body(len(ids)), personal={"applicant", "values"}).id)
                runner.wake()
                time.sleep(0.5)
            assert engine.state().online is False and outbox.stats().waiting == len(ids) - 1
            hub.start()
            _wait_empty(outbox, 30)
        finally:
            runner.stop()
    assert [r[0] for r in hub_cases(hub)] == ids
    outbox.close()


def _wait_empty(outbox: Outbox, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while outbox.stats().waiting and time.monotonic() < deadline:
        time.sleep(0.05)
    assert outbox.stats().waiting == 0, outbox.stats()


def test_status_changes_at_the_hub_reach_the_terminals_case_query(module_hub: HubProcess, tmp_path: Path) -> None:
    client = module_hub.client(module_hub.add_terminal("kiosk"))
    service = SyncService(Settings(data_dir=tmp_path / "t7", terminal_id="K-7"), transport=client, timing=FAST)
    try:
        record = service.put_case(CASE["task_code"], {"reason": "迁入"}, applicant=CASE["applicant"])
        drain(service.engine)
        number = service.outbox.get(record.id).reply["case_number"]
        with module_hub.client("admin") as admin:
            admin._json("POST", f"/api/v1/cases/{number}/status", json={"status": "accepted"})
            admin._json("POST", f"/api/v1/cases/{number}/status", json={"status": "finished", "note": "已办结"})
        deadline = time.monotonic() + 10
        while len(service.case_status(number)) < 3 and time.monotonic() < deadline:
            service.engine.step()
            time.sleep(0.1)
        assert [u["status"] for u in service.case_status(number)] == ["submitted", "accepted", "finished"]
        assert all(u["record_id"] == record.id for u in service.case_status(number))
    finally:
        service.stop()
        client.close()


def test_heartbeats_reach_the_status_page(module_hub: HubProcess, tmp_path: Path) -> None:
    import httpx

    outbox = Outbox(tmp_path / "t8")
    outbox.put("case", case_body(1), personal={"applicant", "values"})
    terminal = module_hub.add_terminal("window", 4)  # its row on the page is this test's alone
    with module_hub.client(terminal) as client:
        engine = SyncEngine(
            outbox,
            LosesAnswers(client, set()),
            timing=FAST,
            health=lambda: {"printer": {"state": "offline", "key": "printer.cover_open"}},
        )
        engine.step()
    page = httpx.get(module_hub.url + "/status", headers=module_hub.headers("admin")).text
    row = next(r for r in page.split('id="health"')[1].split("</table>")[0].split("<tr>") if terminal in r)
    assert "printer: offline (printer.cover_open)" in row
    outbox.close()
