"""The hall side of the city link on a real SQLite hall database: a record is queued for
the city only once the hall is linked and in the transaction that stores it; a record
that can never be sent becomes a dead letter without holding up the rest; no answer
backs the stream off and keeps the record."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from hub import db, evaluations
from hub.city import uplink_store
from hub.city.tables import city_link, city_outbox
from hub.city.uplink import HallUplink
from offline_cache.wire import Evaluation


def rating(ident: str) -> Evaluation:
    return Evaluation(id=ident, satisfaction=5, assessTime="2026-12-07T10:00:00+08:00", hallCode="XA-BL")


@pytest.fixture
def engine(tmp_path: Path):
    engine = db.make_engine(tmp_path / "hall.sqlite", pool_size=2)
    db.migrate(engine)
    yield engine
    engine.dispose()


def outbox(engine) -> list[tuple]:
    with db.read(engine) as conn:
        return [
            tuple(r)
            for r in conn.execute(
                sa.select(city_outbox.c.kind, city_outbox.c.ref, city_outbox.c.state).order_by(city_outbox.c.seq)
            )
        ]


def test_records_are_queued_only_once_the_hall_is_linked(engine) -> None:
    evaluations.store_evaluation(engine, rating("before"), "kiosk-1", lambda: 1.0)
    assert outbox(engine) == []
    uplink_store.save_link(engine, "http://127.0.0.1:9", "XA-BL", "secret")
    evaluations.store_evaluation(engine, rating("after"), "kiosk-1", lambda: 2.0)
    evaluations.store_evaluation(engine, rating("after"), "kiosk-1", lambda: 3.0)  # a repeat: stored once, queued once
    assert outbox(engine) == [("evaluation", "after", "pending")]


def test_a_missing_record_is_a_dead_letter_and_no_answer_backs_off(engine) -> None:
    uplink_store.save_link(engine, "http://127.0.0.1:9", "XA-BL", "secret")  # port 9: nobody answers
    with db.write(engine) as conn:
        uplink_store.enqueue(conn, "evaluation", "gone", 1.0)  # its record was never stored
    evaluations.store_evaluation(engine, rating("kept"), "kiosk-1", lambda: 2.0)
    uplink = HallUplink(engine, clock=lambda: 1000.0, rng=lambda: 1.0, base_s=2.0, cap_s=60.0, timeout_s=1.0)
    uplink.step()
    assert outbox(engine) == [("evaluation", "gone", "dead"), ("evaluation", "kept", "pending")]
    with db.read(engine) as conn:
        link = conn.execute(sa.select(city_link)).one()
        error = conn.execute(sa.select(city_outbox.c.error).where(city_outbox.c.ref == "gone")).scalar_one()
    assert error.startswith("city.record_missing")
    assert (link.tries, link.next_at) == (1, 1002.0) and "refused" in link.last_error
    uplink.step()  # still backing off: nothing is sent, nothing is lost
    assert outbox(engine)[1] == ("evaluation", "kept", "pending")
