"""The queue's database layer over a real SQLite file with a fake clock: the daily
reset, expiry, closed services; and the Alembic migration matches hub/tables.py."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from hub import db
from hub.hall import demo_hall, hall_from_dict
from hub.queue import QueueRuleError, QueueRules
from hub.store import QueueStore
from hub.tables import metadata, tickets
from tests.unit.hub.test_queue_rules import WEEKDAY_HALL, FakeClock

TZ = ZoneInfo("Asia/Shanghai")


def make_store(tmp_path: Path, hall=None, when=datetime(2026, 12, 2, 10, tzinfo=TZ)):
    engine = db.make_engine(tmp_path / "hub.sqlite", pool_size=2)
    db.migrate(engine)
    clock = FakeClock(when)
    store = QueueStore(engine, QueueRules(hall or demo_hall(), clock))
    store.ensure_windows()
    return store, clock


def test_numbers_restart_the_next_service_day_and_old_tickets_expire(tmp_path: Path) -> None:
    store, clock = make_store(tmp_path)
    old = [store.issue("A") for _ in range(3)]
    assert store.call_next(1).number == "A001"
    store.act(old[0].id, "hold", window=1)
    clock.set(datetime(2026, 12, 3, 3, 59, tzinfo=TZ))  # still the same service day
    assert store.issue("A").number == "A004"
    clock.set(datetime(2026, 12, 3, 4, 0, tzinfo=TZ))  # reset hour: a new service day
    new = store.issue("A")
    assert new.number == "A001"
    assert store.snapshot().waiting["A"] == 1  # yesterday's waiting ones do not count
    called = store.call_next(2)
    assert called.id == new.id  # never one of yesterday's
    assert store.call_next(2) is None
    for t in old:
        assert store.get(t.id).status == "expired"
    with pytest.raises(QueueRuleError) as exc:
        store.act(old[0].id, "resume", window=1)
    assert exc.value.code == "ticket.wrong_status"


def test_a_closed_service_issues_nothing_and_uses_no_number(tmp_path: Path) -> None:
    store, clock = make_store(tmp_path, WEEKDAY_HALL, datetime(2026, 12, 5, 10, tzinfo=TZ))  # Saturday
    with pytest.raises(QueueRuleError) as exc:
        store.issue("A")
    assert exc.value.status == 423 and exc.value.data["opens_at"] == "2026-12-07T08:30:00+08:00"
    assert store.issue("W").number == "W001"
    clock.set(datetime(2026, 12, 7, 8, 30, tzinfo=TZ))
    assert store.issue("A").number == "A001"


def test_windows_only_call_the_services_they_serve(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path, WEEKDAY_HALL, datetime(2026, 12, 5, 10, tzinfo=TZ))
    store.issue("W")
    assert store.call_next(1) is None  # window 1 serves only A
    assert store.call_next(2).number == "W001"


def test_transfer_keeps_the_number_and_joins_the_end_of_the_other_queue(tmp_path: Path) -> None:
    store, clock = make_store(tmp_path)
    a = store.issue("A")
    clock.t += 1
    c1 = store.issue("C")
    store.call_next(1)  # A001 (C001 came later)
    clock.t += 1
    moved = store.act(a.id, "transfer", window=1, service="C")
    assert (moved.number, moved.service, moved.status, moved.ahead) == ("A001", "C", "waiting", 1)
    assert [store.call_next(3).id, store.call_next(3).id] == [c1.id, a.id]
    with pytest.raises(QueueRuleError) as exc:
        store.act(a.id, "transfer", window=3, service="C")
    assert exc.value.code == "ticket.same_service"


def test_a_person_key_can_hold_a_new_ticket_once_the_old_one_ended(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path)
    first = store.issue("A", person="p" * 12)
    store.call_next(1)
    store.act(first.id, "skip", window=1)
    assert store.issue("A", person="p" * 12).number == "A002"


def test_the_migration_creates_what_tables_py_describes(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = db.make_engine(tmp_path / "m.sqlite", pool_size=1)
    db.migrate(engine)
    db.migrate(engine)  # idempotent
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.select(sa.func.count()).select_from(tickets)).scalar() == 0
    engine.dispose()


def test_hall_error_for_a_hall_without_windows() -> None:
    from hub.hall import HallError

    with pytest.raises(HallError) as exc:
        hall_from_dict({"hall": {"code": "x", "name": "y"}, "services": [{"code": "A", "prefix": "A", "name": "a"}]})
    assert exc.value.key == "windows"


def test_pruning_keeps_the_newest_events(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path)
    for _ in range(5):
        store.issue("A")
    assert store.prune_events(keep=2) == 3
    events, oldest = store.events_after(0)
    assert [e.seq for e in events] == [4, 5] and oldest == 4
    assert store.last_seq() == 5


def test_the_hub_steps_over_the_leases_band(tmp_path: Path) -> None:
    from hub.queue import LEASE_BAND_END, LEASE_BAND_START
    from hub.tables import counters

    store, _ = make_store(tmp_path)
    assert store.issue("A").number == "A001"
    day = store.rules.service_day()
    with store.engine.begin() as conn:  # as if the service had issued all but one number before the band
        conn.execute(counters.update().values(last_number=LEASE_BAND_START - 2).where(counters.c.day == day))
    assert store.issue("A").number == f"A{LEASE_BAND_START - 1}"  # A700
    assert store.issue("A").number == f"A{LEASE_BAND_END + 1}"  # A1000: never a leased number
    assert store.issue("A").number == f"A{LEASE_BAND_END + 2}"
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(counters.c.last_number)).scalar_one() == LEASE_BAND_END + 2
