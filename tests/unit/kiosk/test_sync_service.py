"""kiosk.sync: the service builds the outbox and engine from settings and sends what the
screens store, on its own thread, to a fake hub that honours idempotency keys."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.config.settings import Settings
from kiosk.sync import SyncService
from offline_cache.wire import WireError
from tests.outbox_rig import CITIZEN, FakeHub
from tests.support.waiting import wait_for


def test_cases_and_evaluations_are_stored_sealed_and_sent_in_order(tmp_path):
    hub = FakeHub()
    service = SyncService(
        Settings(data_dir=tmp_path, terminal_id="T-0009"), transport=hub, health=lambda: {"printer": "ok"}
    )
    states = []
    service.listen(states.append)
    service.start()
    try:
        case = service.put_case(
            "11610100MB29583281461011700200",
            {"reason": "补领"},
            applicant=CITIZEN,
            images=[b"scan of the id card " + CITIZEN["id_number"].encode()],
        )
        rating = service.put_evaluation({"projectNo": "N1", "satisfaction": 5, "userName": CITIZEN["name"]})
        assert case.summary == {"kind": "case", "item": "11610100MB29583281461011700200", "name": "欧阳**"}
        assert rating.summary == {"kind": "evaluation", "satisfaction": 5, "pf": 5}
        assert wait_for(lambda: service.state().waiting == 0 and service.state().online)
    finally:
        service.stop()
    received = hub.received()
    assert [key for _, key, _, _, _ in received] == [case.id, rating.id]
    assert states[-1].online and states[-1].dead == 0 and states[-1].last_error_key is None
    assert hub.heartbeats and hub.heartbeats[0]["health"] == {"printer": "ok"}
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert CITIZEN["id_number"].encode() not in path.read_bytes(), path


def test_a_restart_sends_what_was_waiting_and_purges_expired_personal_data(tmp_path):
    hub = FakeHub()
    hub.down = True
    service = SyncService(Settings(data_dir=tmp_path), transport=hub)
    service.start()
    record = service.put_case("X1", {}, applicant=CITIZEN)
    assert wait_for(lambda: service.state().last_error_key == "hub.unreachable")
    service.stop()
    hub.down = False
    service = SyncService(Settings(data_dir=tmp_path), transport=hub, retention_s=0)
    service.start()
    try:
        assert wait_for(lambda: service.state().waiting == 0)
    finally:
        service.stop()
    service = SyncService(Settings(data_dir=tmp_path), transport=hub, retention_s=0)
    service.start()  # the sync thread purges at once: sent, retention 0
    try:
        assert wait_for(lambda: service.outbox.get(record.id).purged)
        kept = service.outbox.get(record.id)
        assert kept.state == "sent" and kept.reply["case_number"].startswith("HUB")
    finally:
        service.stop()


def test_an_evaluation_is_checked_when_stored_and_never_carries_a_full_name(tmp_path):
    hub = FakeHub()
    service = SyncService(Settings(data_dir=tmp_path), transport=hub, clock=lambda: 1_800_000_000.0)
    try:
        with pytest.raises(WireError):
            service.put_evaluation({"satisfaction": 2})  # a bad rating needs a reason
        with pytest.raises(WireError):
            service.put_evaluation({"satisfaction": 5, "id": "mine"})
        assert service.outbox.records() == []
        record = service.put_evaluation({"satisfaction": 1, "evalDetail": ["511"], "userName": "欧阳测试"})
        body, _ = service.outbox.open(record.id)
        assert body["userName"] == "欧阳**" and body["pf"] == 5 and "id" not in body
        assert datetime.fromisoformat(body["assessTime"]).timestamp() == 1_800_000_000.0
        assert body["hallCode"] == "XA-H02"
        service.engine.step()
        assert service.outbox.get(record.id).state == "sent"
        assert service.outbox.get(record.id).reply == {"id": record.id}
    finally:
        service.stop()
