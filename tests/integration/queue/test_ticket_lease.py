"""Tickets while the hub is away, against a REAL hub subprocess (SQLite and PostgreSQL):
kiosks hold leased numbers, keep issuing when the hub is stopped, and their tickets join
the queue in order of issue when it is back — no number ever issued twice, not across
two kiosks and the hub's own online numbers, not across a kiosk restart."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from hub import db
from hub.tables import events, ticket_leases, tickets
from kiosk.config.loader import demo_settings
from kiosk.queue.connection import HubConnection
from kiosk.queue.offline import OfflineTickets
from kiosk.queue.ticketing import Identified, TicketDesk, TicketingError
from offline_cache.outbox import Outbox
from offline_cache.sync.engine import SyncEngine, Timing
from tests.rigs import hub as hub_rig
from tests.rigs.hub import HubProcess, create_token
from ui.i18n import tr

hub = hub_rig.hub  # a fresh hub per test, on SQLite and on PostgreSQL
FAST = Timing(heartbeat_s=3600.0, updates_s=3600.0, catalog_s=3600.0, base_s=0.05, cap_s=0.2)
SECRET = "hall-secret"


class Kiosk:
    """One kiosk: its data folder (outbox with the leases), its desk and its sync engine."""

    def __init__(self, rig: HubProcess, data: Path, token: str, **offline_kw: int) -> None:
        self.rig, self.data, self.token = rig, data, token
        self.settings = replace(demo_settings("kiosk"), data_dir=data)
        self.outbox = Outbox(data)  # the sync service's handle
        self.offline = OfflineTickets.open(data, **offline_kw) if offline_kw else None
        self.desk = self._desk()

    def _desk(self) -> TicketDesk:
        return TicketDesk(
            HubConnection(self.rig.url, self.token, SECRET),
            None,
            self.settings,
            timeout_s=2.0,
            offline=self.offline or True,
        )

    def restart(self) -> None:
        """The kiosk program restarts: a new desk (and lease handle) on the same folder."""
        self.desk.close()
        if self.offline is not None:
            self.offline.outbox.close()
            self.offline = OfflineTickets.open(self.data, size=self.offline.size, low_water=self.offline.low_water)
        self.desk = self._desk()

    def sync(self, timeout_s: float = 30.0) -> None:
        """Push the outbox until empty (the engine the sync thread runs, stepped here)."""
        from offline_cache.sync.client import HubClient

        with HubClient(self.rig.url, self.token) as client:
            engine = SyncEngine(self.outbox, client, timing=FAST)
            deadline = time.monotonic() + timeout_s
            while self.outbox.stats().waiting:
                assert time.monotonic() < deadline, self.outbox.records()
                time.sleep(min(engine.step(), 0.05))
        assert self.outbox.stats().dead == 0, self.outbox.dead_letters()

    def close(self) -> None:
        self.desk.close()
        if self.offline is not None:
            self.offline.outbox.close()
        self.outbox.close()


@pytest.fixture
def kiosks(hub: HubProcess, tmp_path: Path):
    made: list[Kiosk] = []

    def make(name: str, token: str | None = None, **offline_kw: int) -> Kiosk:
        k = Kiosk(hub, tmp_path / name, token or hub.tokens["kiosk"], **offline_kw)
        made.append(k)
        return k

    yield make
    for k in made:
        k.close()


def hub_rows(rig: HubProcess, table: sa.Table, *where) -> list:
    engine = db.make_engine(rig.db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.select(table).where(*where)).all()
    finally:
        engine.dispose()


def call_all(rig: HubProcess) -> list[str]:
    """Call every waiting ticket at window 1, in the hub's order: their numbers."""
    out = []
    with rig.client("window:1") as w1:
        while (t := w1.call_next(1)) is not None:
            out.append(t.number)
            w1.act(t.id, "finish")
    return out


# A fresh hub per test: they stop it (the hub away) and assert the whole queue's numbers.


def test_kiosks_keep_issuing_from_their_leases_and_the_tickets_queue_in_order(
    hub: HubProcess, kiosks, tmp_path: Path
) -> None:
    one = kiosks("one")
    two = kiosks("two", create_token(hub.db_url, "kiosk", terminal="test-kiosk-2"))
    for k in (one, two):
        k.desk.services()  # lists the services and leases numbers of each open one
        assert {s: k.desk.offline().remaining(s) for s in "ABCG"} == dict.fromkeys("ABCG", 20)
    before = [k.desk.take("A") for k in (one, two)]  # online, after both leases
    assert [t.offline for t in before] == [False, False]
    leases = {r.terminal: r for r in hub_rows(hub, ticket_leases, ticket_leases.c.service == "A")}
    assert leases["test-kiosk"].last + 1 == leases["test-kiosk-2"].first  # blocks never overlap
    assert (leases["test-kiosk"].first, leases["test-kiosk-2"].last) == (701, 740)  # the leases' own band
    assert [t.number for t in before] == ["A001", "A002"]  # the hub's numbers run on from 1, no gap

    hub.stop()  # the hub is away
    order = [one, two, one, one, two]
    offline = []
    for k in order:
        taken = k.desk.take("A")
        offline.append(taken)
        time.sleep(0.02)  # distinct issue times
    assert all(t.offline and t.status == "waiting" for t in offline)
    assert [t.number for t in offline] == ["A701", "A721", "A702", "A703", "A722"]  # each its own block
    assert one.outbox.stats().waiting == 3 and two.outbox.stats().waiting == 2
    assert all(k.desk.services() for k in (one, two))  # the services are still offered

    hub.start()
    with hub.client("kiosk") as other:
        after = [other.issue_ticket("A") for _ in range(2)]  # online numbers meanwhile
    one.sync()
    two.sync()
    numbers = [t.number for t in before] + [t.number for t in offline] + [t.number for t in after]
    assert len(set(numbers)) == len(numbers)
    # Each offline ticket is at the hub under its record's id, with the number printed.
    with hub.client("admin") as admin:
        for t in offline:
            assert admin.get_ticket(t.id).number == t.number
    # The queue: the two taken before the outage, the offline ones by issue time, then the rest.
    assert call_all(hub) == numbers
    rows = hub_rows(hub, tickets)
    assert len({(r.day, r.number) for r in rows}) == len(rows) == 9
    issued = [json.loads(e.data)["number"] for e in hub_rows(hub, events, events.c.kind == "ticket.issued")]
    assert sorted(issued) == sorted(numbers)  # ticket.issued fired for each offline one as it arrived


def test_a_restarted_kiosk_does_not_issue_a_number_again(hub: HubProcess, kiosks) -> None:
    k = kiosks("k", size=5, low_water=2)
    k.desk.services()
    hub.stop()
    first = [k.desk.take("B").number for _ in range(2)]
    k.restart()  # mid-outage
    assert k.desk.services()  # remembered across the restart
    again = [k.desk.take("B").number for _ in range(3)]
    assert first + again == ["B701", "B702", "B703", "B704", "B705"]
    with pytest.raises(TicketingError) as caught:  # the lease is used up
        k.desk.take("B")
    assert caught.value.key == "queue.offline_exhausted"
    words = tr(caught.value.key)
    assert "咨询台" in words and "无法取号" in words
    with pytest.raises(TicketingError) as none_held:  # a service with no lease at all
        k.desk.take("Z")
    assert none_held.value.key == "queue.offline_exhausted"
    hub.start()
    k.sync()
    assert call_all(hub) == first + again
    taken = k.desk.take("B")  # online again: the hub's own numbers, from the first
    assert taken.number == "B001" and not taken.offline


def test_one_person_one_ticket_the_earlier_is_kept(hub: HubProcess, kiosks) -> None:
    one = kiosks("one")
    two = kiosks("two", create_token(hub.db_url, "kiosk", terminal="test-kiosk-2"))
    p = Identified(one.desk.connection.person_key("110101195001011234"), "张*", True)
    q = Identified(one.desk.connection.person_key("110101199001011238"), "李*", False)
    for k in (one, two):
        k.desk.services()
    online_p = one.desk.take("C", identity=p)  # P holds an online ticket already
    hub.stop()
    offline_p = two.desk.take("C", identity=p)  # kiosk two cannot know: a second one, later
    offline_q = one.desk.take("C", identity=q)  # Q's first, offline
    held = one.desk.take("C", identity=q)  # Q again at the same kiosk: known here
    assert held.already_held and held.offline and held.number == offline_q.number
    assert one.outbox.stats().waiting == 1
    hub.start()
    online_q = two.desk.take("C", identity=q)  # Q online before kiosk one's ticket arrives
    assert not online_q.already_held and online_q.number != offline_q.number
    one.sync()
    two.sync()
    replies = {r.id: r.reply for k in (one, two) for r in k.outbox.records()}
    assert replies[offline_p.id]["clash"] == {"kept": online_p.number, "voided": offline_p.number}
    assert replies[offline_p.id]["ticket"]["status"] == "void"
    assert replies[offline_q.id]["clash"] == {"kept": offline_q.number, "voided": online_q.number}
    with hub.client("admin") as admin:
        assert admin.get_ticket(online_q.id).status == "void"
        assert admin.get_ticket(offline_q.id).status == "waiting"
    voided = [json.loads(e.data)["number"] for e in hub_rows(hub, events, events.c.kind == "ticket.voided")]
    assert voided == [online_q.number]
    assert sorted(call_all(hub)) == sorted([online_p.number, offline_q.number])


def test_leases_and_online_numbers_racing_never_overlap(hub: HubProcess) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def lease_some(_: int) -> list[int]:
        with hub.client("kiosk") as kiosk:
            leases = [kiosk.lease("A", 3) for _ in range(5)]
            return [n for lease in leases for n in range(lease.first, lease.last + 1)]

    def issue_some(_: int) -> list[int]:
        with hub.client("kiosk") as kiosk:
            return [int(kiosk.issue_ticket("A").number[1:]) for _ in range(8)]

    with ThreadPoolExecutor(4) as pool:
        leased = [pool.submit(lease_some, i) for i in range(2)]
        online = [pool.submit(issue_some, i) for i in range(2)]
        numbers = [n for f in leased + online for n in f.result()]
    leased_n = sorted(n for f in leased for n in f.result())
    online_n = sorted(n for f in online for n in f.result())
    assert leased_n == list(range(701, 701 + 2 * 15))  # the band, each number once
    assert online_n == list(range(1, 2 * 8 + 1))  # the hub's own: from 1, no gap, none twice
    assert len(set(numbers)) == len(numbers)


def test_the_hub_refuses_what_a_lease_does_not_cover(tmp_path: Path) -> None:
    import httpx

    from tests.rigs.halls import hall_with_closed_service
    from tests.rigs.hub import running_hub

    (tmp_path / "hall").mkdir()
    with running_hub(tmp_path / "hub", hall=hall_with_closed_service(tmp_path / "hall")) as rig:
        url, kiosk = rig.url + "/api/v1", rig.headers("kiosk")
        other = {"Authorization": f"Bearer {create_token(rig.db_url, 'kiosk', terminal='test-kiosk-2')}"}

        def post(path: str, body: dict, headers: dict, key: str | None = None) -> httpx.Response:
            extra = {"Idempotency-Key": key} if key else {}
            return httpx.post(url + path, json=body, headers={**headers, **extra})

        assert post("/leases", {"service": "C"}, kiosk).json()["error"]["code"] == "service.closed"
        assert post("/leases", {"service": "A", "size": 0}, kiosk).status_code == 422
        assert post("/leases", {"service": "A"}, rig.headers("window:1")).status_code == 403
        lease = post("/leases", {"service": "A", "size": 2}, kiosk).json()
        assert (lease["first"], lease["last"], lease["prefix"]) == (701, 702, "A")
        ticket = {"lease": lease["id"], "service": "A", "n": 701, "issued_at": time.time(), "priority": None}
        first = post("/tickets/offline", ticket, kiosk, "a" * 32)
        assert first.status_code == 201 and first.json()["ticket"]["number"] == "A701"
        again = post("/tickets/offline", ticket, kiosk, "a" * 32)  # the answer was lost: sent again
        assert again.status_code == 200 and again.json() == first.json()
        changed = post("/tickets/offline", {**ticket, "n": 702}, kiosk, "a" * 32)
        assert changed.json()["error"]["code"] == "idempotency.mismatch"
        assert post("/tickets/offline", ticket, kiosk, "b" * 32).json()["error"]["code"] == "ticket.number_taken"
        assert post("/tickets/offline", {**ticket, "n": 703}, kiosk, "c" * 32).json()["error"]["code"] == (
            "lease.mismatch"
        )
        assert post("/tickets/offline", {**ticket, "n": 702}, other, "d" * 32).json()["error"]["code"] == (
            "lease.unknown"  # another kiosk's lease
        )
        assert post("/tickets/offline", {**ticket, "n": "2"}, kiosk, "e" * 32).status_code == 422
        assert post("/tickets/offline", {**ticket, "n": 702}, kiosk).status_code == 400  # no key
        with rig.client("admin") as admin:
            assert admin.queue().waiting["A"] == 1
        with rig.client("kiosk") as k:
            assert k.issue_ticket("A").number == "A001"  # the hub's own numbers, apart from the band
        # The band (701-999) is shared: a block that does not fit is refused whole.
        third = {"Authorization": f"Bearer {create_token(rig.db_url, 'kiosk', terminal='test-kiosk-3')}"}
        assert post("/leases", {"service": "B", "size": 100}, kiosk).status_code == 201
        assert post("/leases", {"service": "B", "size": 100}, other).status_code == 201
        refused = post("/leases", {"service": "B", "size": 100}, third)
        assert (refused.status_code, refused.json()["error"]["code"]) == (429, "lease.band_used_up")
        assert post("/leases", {"service": "B", "size": 99}, third).json()["last"] == 999  # what is left fits
