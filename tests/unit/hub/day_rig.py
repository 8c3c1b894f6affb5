"""A simulated service day on a real SQLite hub database, driven through ``hub.store``
and ``hub.evaluations`` with a fake clock (Friday 2026-12-04, demo hall, Asia/Shanghai).

The figures the tests expect follow from the timeline below; keep both in step.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

from hub import db, evaluations
from hub.hall import demo_hall
from hub.queue import QueueRules
from hub.store import QueueStore
from offline_cache.wire import Evaluation
from tests.support.clock import FakeClock

CST = timezone(timedelta(hours=8))
DAY = "2026-12-04"


def at(hhmm: str, day: str = DAY) -> float:
    return datetime.fromisoformat(f"{day}T{hhmm}:00+08:00").timestamp()


def build_day(path: Path):
    """Tickets A001-A004, B001-B002, C001 and six ratings (one of the day before)."""
    engine = db.make_engine(path, pool_size=2)
    db.migrate(engine)
    clock = FakeClock(at("09:00"))
    hall = demo_hall()
    # Window 4 serves only C (so that C001 is its next, with B002 still waiting).
    rules = QueueRules(replace(hall, windows={**hall.windows, 4: ("C",)}), clock)
    store = QueueStore(engine, rules)
    store.ensure_windows()

    def when(hhmm: str) -> None:
        clock.t = at(hhmm)

    when("09:00")
    a1 = store.issue("A")
    when("09:02")
    assert store.call_next(1).id == a1.id
    when("09:07")
    store.act(a1.id, "finish", window=1)
    when("09:10")
    a2 = store.issue("A")
    when("09:14")
    store.call_next(2)
    when("09:16")
    store.act(a2.id, "finish", window=2)
    when("09:20")
    a3 = store.issue("A")
    when("09:30")
    store.call_next(1)
    when("09:33")
    store.act(a3.id, "skip", window=1)
    when("10:05")
    a4 = store.issue("A")
    when("10:06")
    store.call_next(3)
    when("10:16")
    store.act(a4.id, "finish", window=3)
    when("10:30")
    b1 = store.issue("B")
    when("10:40")
    store.issue("B")
    when("10:45")
    assert store.call_next(2).id == b1.id
    when("10:47")
    c1 = store.issue("C")
    when("10:48")
    assert store.call_next(4).id == c1.id
    when("11:05")
    store.act(b1.id, "finish", window=2)
    ratings = [
        ("e1", 5, "09:08", 1, "A001", [], "", ""),
        ("e2", 2, "09:17", 2, "A002", ["201"], "等太久", ""),
        ("e3", 4, "10:17", 3, "A004", [], "", ""),
        ("e4", 1, "11:06", 2, "B001", ["101", "203"], "", ""),
        ("e5", 5, "11:30", None, "", [], "", "高龄津贴申领"),
    ]
    for ident, stars, hhmm, window, ticket, reasons, comment, task in ratings:
        when(hhmm)
        evaluations.store_evaluation(
            engine,
            Evaluation(
                id=ident,
                satisfaction=stars,
                assessTime=f"{DAY}T{hhmm}:00+08:00",
                hallCode="DEMO-HALL",
                windowNo=window,
                ticket=ticket,
                evalDetail=reasons,
                writingEvaluation=comment,
                taskName=task,
            ),
            "test-terminal",
            clock,
        )
    # Rated yesterday afternoon, sent up this morning (the outbox was offline): not today's.
    evaluations.store_evaluation(
        engine,
        Evaluation(id="e0", satisfaction=3, assessTime="2026-12-03T16:00:00+08:00", hallCode="DEMO-HALL", windowNo=1),
        "test-terminal",
        lambda: at("09:01"),
    )
    # Tables another part of the hub adds, shaped as in its branch (cases: submitted_at and
    # updated_at; help requests: at): cases two today and one yesterday, one help request.
    with db.write(engine) as conn:
        # The real tables (migration 0004) need rows of a full case; the report reads only
        # these columns, so the day stands in them with just those.
        for table in ("case_blobs", "case_updates", "cases", "help_requests"):
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {table}"))
        conn.execute(sa.text("CREATE TABLE cases (case_number TEXT PRIMARY KEY, submitted_at FLOAT, updated_at FLOAT)"))
        conn.execute(
            sa.text("INSERT INTO cases VALUES ('c1', :a, :c), ('c2', :b, :b), ('c0', :c, :a)"),
            {"a": at("09:40"), "b": at("15:00"), "c": at("15:00", "2026-12-03")},
        )
        conn.execute(sa.text("CREATE TABLE help_requests (id TEXT PRIMARY KEY, at FLOAT)"))
        conn.execute(sa.text("INSERT INTO help_requests VALUES ('h1', :a)"), {"a": at("10:10")})
    return engine, rules, clock
