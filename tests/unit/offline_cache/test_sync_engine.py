"""The sync engine against a fake hub that honours idempotency keys, on a fake clock."""

from __future__ import annotations

import os
import threading
import time

import pytest

from offline_cache.outbox import Outbox
from offline_cache.sync.engine import SyncEngine, SyncRunner, SyncState, Timing
from offline_cache.sync.errors import HubRejected
from tests.outbox_rig import FakeHub, case_body
from tests.support.clock import FakeClock


class Rng:
    """A fixed jitter fraction (full jitter's uniform draw, made predictable)."""

    def __init__(self, value: float = 0.5) -> None:
        self.value = value

    def __call__(self) -> float:
        return self.value


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def hub():
    h = FakeHub()
    yield h
    h.close()


@pytest.fixture
def outbox(tmp_path, clock):
    box = Outbox(tmp_path / "data", clock=clock)
    yield box
    box.close()


def make(outbox, hub, clock, **kw):
    return SyncEngine(outbox, hub, clock=clock, rng=kw.pop("rng", Rng()), **kw)


def pushed(hub):
    return [arg for what, arg in hub.calls if what == "push"]


def test_records_go_out_in_order_and_keep_the_hubs_reply(outbox, hub, clock):
    recs = [outbox.put("case", case_body(i), blobs=[b"scan %d" % i]) for i in range(5)]
    engine = make(outbox, hub, clock)
    engine.step()
    assert [k for _, k, _, _, _ in hub.received()] == [r.id for r in recs]
    assert [o for _, _, _, o, _ in hub.received()] == list(range(5))
    assert [outbox.get(r.id).reply["case_number"] for r in recs] == [f"HUB{n:08d}" for n in range(1, 6)]
    assert outbox.get(recs[0].id).reply["blobs"] == 1
    assert outbox.stats().waiting == 0


def test_server_errors_back_off_with_full_jitter_and_retry_the_same_record(outbox, hub, clock):
    a, b = outbox.put("case", case_body(1)), outbox.put("case", case_body(2))
    hub.fail(4, "500")
    engine = make(outbox, hub, clock, rng=Rng(0.5))
    waits = []
    for _ in range(4):
        waits.append(engine.step())
        assert hub.received() == []  # b never overtakes a
        clock.t += waits[-1]
    assert waits == [0.5, 1.0, 2.0, 4.0]  # 0.5 * min(60, 1 * 2**(n-1))
    assert pushed(hub) == [a.id] * 4
    assert outbox.get(a.id).attempts == 4
    assert outbox.get(a.id).last_error == {"key": "hub.server_error", "data": {"status": 500}}
    engine.step()
    assert [k for _, k, _, _, _ in hub.received()] == [a.id, b.id]


def test_backoff_is_capped_and_jitter_uses_the_whole_range(outbox, hub, clock):
    engine = make(outbox, hub, clock, rng=Rng(0.999))
    assert engine.backoff(1) == pytest.approx(0.999)
    assert engine.backoff(7) == pytest.approx(0.999 * 60)  # 64 s capped at 60
    assert engine.backoff(500) == pytest.approx(0.999 * 60)
    engine.rng = Rng(0.0)
    assert engine.backoff(5) == 0.0


def test_nothing_is_pushed_while_backing_off(outbox, hub, clock):
    outbox.put("case", case_body(1))
    hub.fail(1, "down")
    engine = make(outbox, hub, clock, rng=Rng(1.0))
    assert engine.step() == pytest.approx(1.0)
    clock.t += 0.5
    engine.step()
    assert len(pushed(hub)) == 1
    clock.t += 0.5
    engine.step()
    assert len(hub.received()) == 1


def test_a_lost_answer_is_resent_with_the_same_key_and_stored_once(outbox, hub, clock):
    rec = outbox.put("case", case_body(1))
    hub.fail(1, "lost")  # the hub stores it, the answer never arrives
    engine = make(outbox, hub, clock)
    engine.step()
    assert outbox.get(rec.id).state == "pending" and len(hub.received()) == 1
    clock.t += 60
    engine.step()
    assert hub.deliveries() == {rec.id: 2}
    assert len(hub.received()) == 1
    assert outbox.get(rec.id).reply == hub.received()[0][4]


def test_same_key_with_another_body_is_a_dead_letter_and_the_queue_moves_on(outbox, hub, clock):
    a, b = outbox.put("case", case_body(1)), outbox.put("case", case_body(2))
    hub.push("case", a.id, case_body(99))  # someone else used this key with another body
    engine = make(outbox, hub, clock)
    states: list[SyncState] = []
    engine.listen(states.append)
    engine.step()
    dead = outbox.dead_letters()
    assert [d.id for d in dead] == [a.id]
    assert dead[0].last_error == {"key": "hub.rejected", "data": {"status": 409, "code": "idempotency.conflict"}}
    assert outbox.get(b.id).state == "sent"
    assert states[-1].dead == 1 and states[-1].waiting == 0 and states[-1].online


@pytest.mark.parametrize("status", [400, 404, 413, 422])
def test_other_4xx_are_dead_letters(outbox, hub, clock, status):
    a, b = outbox.put("case", case_body(1)), outbox.put("case", case_body(2))

    real_push = hub.push

    def refuse_first(kind, rid, body, blobs=()):
        if rid == a.id:
            raise HubRejected(status, "test.refused", "no")
        return real_push(kind, rid, body, blobs)

    hub.push = refuse_first
    make(outbox, hub, clock).step()
    assert outbox.get(a.id).state == "dead" and outbox.get(a.id).last_error["data"]["status"] == status
    assert outbox.get(b.id).state == "sent"


def test_a_case_the_hub_finds_invalid_is_a_dead_letter(outbox, hub, clock):
    bad = outbox.put("case", {"ordinal": 1, "name": "张三"})  # no task_code: the hub says 422
    good = outbox.put("case", case_body(2))
    make(outbox, hub, clock).step()
    assert outbox.get(bad.id).state == "dead" and outbox.get(good.id).state == "sent"
    assert outbox.get(bad.id).summary == {"kind": "case", "name": "张*"}


@pytest.mark.parametrize("status", [401, 403, 408, 429])
def test_token_and_rate_problems_are_retried_not_dead(outbox, hub, clock, status):
    rec = outbox.put("case", case_body(1))
    real_push = hub.push
    hub.push = lambda *a, **k: (_ for _ in ()).throw(HubRejected(status, "auth.invalid"))
    engine = make(outbox, hub, clock)
    engine.step()
    assert outbox.get(rec.id).state == "pending" and outbox.get(rec.id).attempts == 1
    assert engine.state().last_error_key == "hub.rejected"
    hub.push = real_push
    clock.t += 60
    engine.step()
    assert outbox.get(rec.id).state == "sent"


@pytest.mark.parametrize("mode", ["timeout", "garbage", "500", "down"])
def test_unavailable_and_garbage_are_retried(outbox, hub, clock, mode):
    rec = outbox.put("case", case_body(1))
    hub.fail(2, mode)
    engine = make(outbox, hub, clock)
    for _ in range(3):
        engine.step()
        clock.t += 60
    assert outbox.get(rec.id).state == "sent" and outbox.get(rec.id).attempts == 3
    assert len(hub.received()) == 1


def test_a_transport_bug_never_loses_the_record(outbox, hub, clock):
    rec = outbox.put("case", case_body(1))
    hub.push = lambda *a, **k: 1 / 0
    engine = make(outbox, hub, clock)
    engine.step()
    assert outbox.get(rec.id).state == "pending"
    assert engine.state().online is False and engine.state().last_error_key == "hub.unreachable"


def test_an_unsealable_record_is_dead_and_does_not_block(outbox, hub, clock):
    a, b = outbox.put("case", case_body(1)), outbox.put("case", case_body(2))
    outbox.conn.execute("UPDATE records SET sealed = zeroblob(60) WHERE id = ?", (a.id,))
    make(outbox, hub, clock).step()
    assert outbox.get(a.id).state == "dead" and outbox.get(a.id).last_error["key"] == "storage.unsealable"
    assert outbox.get(b.id).state == "sent"


def test_a_restart_resumes_from_the_outbox(tmp_path, hub, clock):
    data = tmp_path / "data"
    with Outbox(data, clock=clock) as box:
        recs = [box.put("case", case_body(i)) for i in range(6)]
        engine = make(box, hub, clock, timing=Timing(batch=2))
        engine.step()  # two go out, then the process "dies"
    assert len(hub.received()) == 2
    with Outbox(data, clock=clock) as box:
        engine = make(box, hub, clock)
        engine.step()
        assert [r.state for r in box.records()] == ["sent"] * 6
    assert [k for _, k, _, _, _ in hub.received()] == [r.id for r in recs]
    assert all(n == 1 for n in hub.deliveries().values())


def test_heartbeats_do_not_wait_behind_the_backlog(outbox, hub, clock):
    for i in range(1000):
        outbox.put("case", case_body(i))
    engine = make(outbox, hub, clock, health=lambda: {"printer": "ok"}, timing=Timing(batch=50))
    engine.step()
    assert len(hub.heartbeats) == 1 and hub.calls[0] == ("heartbeat", None)
    assert hub.heartbeats[0]["outbox"]["waiting"] == 1000
    assert hub.heartbeats[0]["health"] == {"printer": "ok"}
    assert len(hub.received()) == 50
    clock.t += 30
    engine.step()
    assert len(hub.heartbeats) == 2 and hub.heartbeats[1]["outbox"]["waiting"] == 950


def test_a_failed_heartbeat_is_dropped_not_queued(outbox, hub, clock):
    engine = make(outbox, hub, clock)
    hub.down = True
    engine.step()
    assert engine.state().online is False and engine.state().last_error_key == "hub.unreachable"
    hub.down = False
    clock.t += 10
    engine.step()
    assert hub.heartbeats == []  # not resent before its time
    clock.t += 20
    engine.step()
    assert len(hub.heartbeats) == 1 and hub.heartbeats[0]["sent_at"] == clock.t
    assert outbox.records() == []  # heartbeats are never stored


def test_a_broken_health_source_still_sends_a_heartbeat(outbox, hub, clock):
    make(outbox, hub, clock, health=lambda: 1 / 0).step()
    assert hub.heartbeats[0]["health"] == {"error": "ZeroDivisionError"}


def test_case_updates_are_pulled_stored_and_the_cursor_moves(outbox, hub, clock):
    rec = outbox.put("case", case_body(1))
    hub.updates = [{"record_id": rec.id, "case_number": "N1", "status": "accepted", "at": 100.0}]
    engine = make(outbox, hub, clock)
    engine.step()
    assert [u["status"] for u in outbox.case_status("N1")] == ["accepted"]
    hub.updates.append({"record_id": rec.id, "case_number": "N1", "status": "finished", "at": 200.0})
    clock.t += 60
    engine.step()
    assert ("case_updates", "100.0") in hub.calls
    assert [u["status"] for u in outbox.case_status("N1")] == ["accepted", "finished"]


@pytest.mark.parametrize(
    "garbage",
    [
        {"not": "a list"},
        [{"record_id": "x"}],
        ["str"],
        [{"record_id": "a", "case_number": "N", "status": "s", "at": float("nan")}],
    ],
)
def test_garbage_updates_store_nothing(outbox, hub, clock, garbage):
    hub.case_updates = lambda since: garbage
    engine = make(outbox, hub, clock)
    engine.step()
    assert outbox.conn.execute("SELECT count(*) FROM updates").fetchone()[0] == 0
    assert outbox.get_state("updates_since") is None
    assert engine.state().last_error_key == "hub.bad_answer" and not engine.state().online


def test_the_catalog_is_pulled_and_applied_and_a_bad_batch_keeps_the_version(outbox, hub, clock):
    applied = []

    def apply(changes):
        if changes == "bad":
            raise ValueError("bad batch")
        applied.append(changes)
        return f"v{len(applied)}"

    hub.catalog = [("v1", "first")]
    engine = make(outbox, hub, clock, apply_catalog=apply)
    engine.step()
    assert applied == [("v1", "first")] and outbox.get_state("catalog_version") == "v1"
    hub.catalog.append(("v2", "bad"))
    engine.apply_catalog = lambda changes: apply(changes[1])
    clock.t += 300
    engine.step()
    assert outbox.get_state("catalog_version") == "v1"
    assert engine.state().last_error_key == "sync.catalog_failed"
    clock.t += 299
    engine.step()
    assert [c for c in hub.calls if c[0] == "catalog_changes"] == [("catalog_changes", None), ("catalog_changes", "v1")]


def test_the_state_tells_every_listener_what_changed(outbox, hub, clock):
    engine = make(outbox, hub, clock)
    seen: list[SyncState] = []
    engine.listen(seen.append)
    engine.listen(lambda s: 1 / 0)  # a broken listener does not stop the others
    hub.down = True
    outbox.put("case", case_body(1))
    engine.step()
    assert seen[-1].online is False and seen[-1].waiting == 1 and seen[-1].last_contact is None
    hub.down = False
    clock.t += 30
    engine.step()
    assert seen[-1].online is True and seen[-1].waiting == 0 and seen[-1].last_error_key is None
    assert seen[-1].last_contact.timestamp() == clock.t
    count = len(seen)
    engine.step()
    assert len(seen) == count  # nothing changed, nothing told


def test_last_contact_survives_a_restart(tmp_path, hub, clock):
    with Outbox(tmp_path, clock=clock) as box:
        make(box, hub, clock).step()
    with Outbox(tmp_path, clock=clock) as box:
        state = make(box, hub, clock).state()
        assert state.last_contact is not None and state.last_contact.timestamp() == clock.t
        assert box.stats().last_contact == clock.t


def test_step_says_when_to_come_back(outbox, hub, clock):
    engine = make(outbox, hub, clock, timing=Timing(heartbeat_s=30, updates_s=60, batch=5))
    assert engine.step() == 30.0  # nothing to send: next heartbeat
    for i in range(7):
        outbox.put("case", case_body(i))
    assert engine.step() == 0.0  # five sent, two ready now
    assert engine.step() == 30.0


def test_the_runner_drains_on_wake_and_stops(tmp_path, hub):
    box = Outbox(tmp_path)
    engine = SyncEngine(box, hub)
    runner = SyncRunner(engine, max_sleep_s=30)
    runner.start()
    try:
        time.sleep(0.05)  # let it reach its long sleep
        for i in range(20):
            box.put("case", case_body(i))
        runner.wake()
        deadline = time.monotonic() + 5
        while box.stats().waiting and time.monotonic() < deadline:
            time.sleep(0.01)
        assert box.stats().waiting == 0
    finally:
        stopped = threading.Event()
        threading.Thread(target=lambda: (runner.stop(), stopped.set())).start()
        assert stopped.wait(5)
        box.close()
    assert len(hub.received()) == 20


def test_the_runner_survives_a_failing_step(tmp_path, hub):
    box = Outbox(tmp_path)
    engine = SyncEngine(box, hub)
    calls = []
    real_step = engine.step

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("disk went away")
        return real_step()

    engine.step = flaky
    sleeps = []
    runner = SyncRunner(engine, max_sleep_s=0.01, sleep=lambda s, ev: (sleeps.append(s), ev.wait(s)))
    runner.start()
    deadline = time.monotonic() + 5
    while len(calls) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    runner.stop()
    box.close()
    assert len(calls) >= 3 and sleeps[0] == 0.01


def test_a_kind_the_hub_has_no_route_for_is_a_dead_letter(outbox, hub, clock):
    odd = outbox.put("selfie", {"note": "no such route"})
    good = outbox.put("case", case_body(1))
    engine = make(outbox, hub, clock)
    engine.step()
    assert outbox.get(odd.id).last_error == {"key": "sync.no_route", "data": {"kind": "selfie"}}
    assert outbox.get(good.id).state == "sent" and pushed(hub) == [good.id]


def test_the_push_table_names_a_route_and_the_key_for_every_kind():
    from offline_cache.sync.push_paths import (
        PUSH_PATHS,
        push_body,
        push_headers,
        push_path,
    )

    assert push_path("case").path == "/api/v1/cases" and push_path("case").with_blobs
    assert push_headers("ab12" * 8) == {"Idempotency-Key": "ab12" * 8}
    assert push_body("evaluation", "k1", {"satisfaction": 5}) == {"satisfaction": 5, "id": "k1"}
    assert push_body("case", "k1", {"task_code": "X"}) == {"task_code": "X"}
    assert all(p.method == "POST" and p.path.startswith("/api/v1/") for p in PUSH_PATHS.values())
    with pytest.raises(ValueError):
        push_headers("not a key\r\nX-Injected: 1")
    with pytest.raises(KeyError):
        push_path("selfie")


def test_the_engine_purges_expired_personal_data_hourly(outbox, hub, clock):
    rec = outbox.put("case", case_body(1), blobs=[b"scan"])
    engine = make(outbox, hub, clock, retention_s=60)
    engine.step()  # purges (nothing old yet), then sends
    assert outbox.get(rec.id).state == "sent" and not outbox.get(rec.id).purged
    clock.t += 3599  # long past the retention, but the hourly purge is not due yet
    engine.step()
    assert not outbox.get(rec.id).purged
    clock.t += 1
    engine.step()
    purged = outbox.get(rec.id)
    assert purged.purged and purged.reply["case_number"] and os.listdir(outbox.blobs.folder) == []
