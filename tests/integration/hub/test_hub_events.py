"""The event stream: in order, strictly increasing ids, resume with Last-Event-ID,
snapshot first when too far behind; the terminal's EventStream follows it across a
hub crash."""

from __future__ import annotations

import json
import queue
import threading
import time

import httpx
import pytest

from offline_cache.sync.events import EventStream
from offline_cache.wire import QueueEvent
from tests.rigs.hub import HubProcess


def read_events(
    hub: HubProcess, *, last_id: int | None, count: int, timeout_s: float = 10.0, role: str = "display"
) -> tuple[list[QueueEvent], httpx.Headers]:
    """Read ``count`` events from the raw SSE stream (comments and retry lines skipped)."""
    headers = hub.headers(role)
    if last_id is not None:
        headers["Last-Event-ID"] = str(last_id)
    out: list[QueueEvent] = []
    fields: dict[str, str] = {}
    with httpx.stream("GET", hub.url + "/api/v1/events", headers=headers, timeout=httpx.Timeout(timeout_s)) as r:
        assert r.status_code == 200
        for line in r.iter_lines():
            if line == "":
                if "id" in fields:
                    out.append(QueueEvent(int(fields["id"]), fields["event"], json.loads(fields["data"])))
                    if len(out) == count:
                        return out, r.headers
                fields = {}
            elif not line.startswith(":"):
                name, _, value = line.partition(": ")
                fields[name] = value
    raise AssertionError(f"stream ended after {len(out)} events")


def test_events_arrive_in_order_and_resume_exactly(hub: HubProcess) -> None:
    got: queue.Queue[QueueEvent] = queue.Queue()

    def listen() -> None:
        events, headers = read_events(hub, last_id=None, count=7)
        assert headers["x-accel-buffering"] == "no" and headers["cache-control"] == "no-cache"
        assert headers["content-type"].startswith("text/event-stream")
        for e in events:
            got.put(e)

    t = threading.Thread(target=listen)
    t.start()
    with hub.client("kiosk") as kiosk, hub.client("window:3") as w3:
        time.sleep(0.5)  # the listener is connected (its first event is the snapshot)
        tickets = [kiosk.issue_ticket(s) for s in ("A", "B", "A")]
        first = w3.call_next(3)
        w3.act(first.id, "recall")
        w3.act(first.id, "finish")
    t.join(15)
    events = [got.get_nowait() for _ in range(got.qsize())]
    assert [e.kind for e in events] == [
        "snapshot",
        "ticket.issued",
        "ticket.issued",
        "ticket.issued",
        "ticket.called",
        "ticket.recalled",
        "ticket.finished",
    ]
    ids = [e.seq for e in events]
    assert ids == sorted(set(ids)) and ids[0] == 0 and ids[1:] == [1, 2, 3, 4, 5, 6]
    assert [e.data["number"] for e in events[1:4]] == [t.number for t in tickets]
    assert events[4].data["window"] == 3 and events[4].data["number"] == "A001"

    # Resume after id 3: exactly the events 4, 5, 6, no snapshot.
    again, _ = read_events(hub, last_id=3, count=3)
    assert [(e.seq, e.kind) for e in again] == [(4, "ticket.called"), (5, "ticket.recalled"), (6, "ticket.finished")]


SMALL_RETENTION = """
[hall]
code = "H"
name = "小大厅"
event_retention = 10
[hours]
mon = "00:00-24:00"
tue = "00:00-24:00"
wed = "00:00-24:00"
thu = "00:00-24:00"
fri = "00:00-24:00"
sat = "00:00-24:00"
sun = "00:00-24:00"
[[services]]
code = "A"
prefix = "A"
name = "综合受理"
[[windows]]
number = 1
services = ["A"]
"""


def test_a_client_too_far_behind_gets_a_snapshot_first(tmp_path) -> None:
    from tests.rigs.hub import running_hub

    hall = tmp_path / "hall.toml"
    hall.write_text(SMALL_RETENTION, encoding="utf-8")
    with running_hub(tmp_path / "hub", hall=hall) as hub:
        with hub.client("kiosk") as kiosk, hub.client("window:1") as w1:
            for _ in range(14):
                kiosk.issue_ticket("A")
            w1.call_next(1)
        # 13 behind with a retention of 10: a snapshot (seq 15), then whatever follows.
        events, _ = read_events(hub, last_id=2, count=1)
        assert (events[0].kind, events[0].seq) == ("snapshot", 15)
        snap = events[0].snapshot()
        assert snap.waiting["A"] == 13 and snap.recent_calls[0].number == "A001"
        # 9 behind: exactly the missed events.
        events, _ = read_events(hub, last_id=6, count=9)
        assert [e.seq for e in events] == list(range(7, 16)) and events[-1].kind == "ticket.called"
        # An id the hub never gave (its database was replaced): a snapshot.
        events, _ = read_events(hub, last_id=999_999, count=1)
        assert (events[0].kind, events[0].seq) == ("snapshot", 15)


def test_keep_alive_comment_in_silence(tmp_path) -> None:
    from tests.rigs.hub import running_hub

    with (
        running_hub(tmp_path, extra=("--keepalive", "0.5")) as hub,
        httpx.stream("GET", hub.url + "/api/v1/events", headers=hub.headers("display"), timeout=5) as r,
    ):
        lines = []
        for line in r.iter_lines():
            lines.append(line)
            if line.startswith(": keep-alive"):
                break
    assert lines[0] == "retry: 1000" and "event: snapshot" in lines


def test_event_stream_client_follows_across_a_crash(hub: HubProcess) -> None:
    events: queue.Queue[QueueEvent] = queue.Queue()
    states: queue.Queue[str] = queue.Queue()
    stream = EventStream(hub.url, hub.tokens["display"], events.put, states.put)
    stream.start()
    try:
        assert states.get(timeout=10) == "connected"
        assert events.get(timeout=10).kind == "snapshot"
        with hub.client("kiosk") as kiosk:
            kiosk.issue_ticket("A")
            assert events.get(timeout=5).data["number"] == "A001"
            hub.kill()
            assert states.get(timeout=10) == "lost"
            hub.start()
            kiosk.issue_ticket("A")
            assert states.get(timeout=10) == "connected"
            e = events.get(timeout=10)
        # Resumed with Last-Event-ID: the missed event, not a snapshot.
        assert (e.kind, e.seq, e.data["number"]) == ("ticket.issued", 2, "A002")
    finally:
        stream.stop()
    assert not stream._thread.is_alive()


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_events_reach_a_stream_on_another_worker(backend: str, tmp_path, request) -> None:
    from tests.rigs.hub import running_hub

    pg = request.getfixturevalue("pg_cluster") if backend == "postgresql" else None
    with running_hub(tmp_path, workers=2, pg=pg) as hub:
        got: queue.Queue[QueueEvent] = queue.Queue()
        stream = EventStream(hub.url, hub.tokens["display"], got.put, lambda s: None)
        stream.start()
        try:
            assert got.get(timeout=10).kind == "snapshot"
            numbers, workers = [], set()
            # A new connection each: the kernel spreads them over the workers that listen
            # (a worker still starting under load takes none yet, so go on until both did).
            while len(numbers) < 12 or (len(workers) < 2 and len(numbers) < 100):
                with hub.client("kiosk") as kiosk:
                    numbers.append(kiosk.issue_ticket("A").number)
                    workers.add(kiosk.health()["worker"])
            events = [got.get(timeout=5) for _ in numbers]
        finally:
            stream.stop()
    assert len(workers) == 2, "the requests did not reach both workers"
    assert [e.data["number"] for e in events] == numbers
    assert [e.seq for e in events] == list(range(1, len(numbers) + 1))
