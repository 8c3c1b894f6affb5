"""Wrong-try limits in the database (hub/try_limits.py) on a real SQLite hub database,
with a fake clock: counted before checked, escalating, capped per day, per key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hub import db, staff, try_limits
from hub.tables import try_limits as try_limits_table
from hub.try_limits import DAY_S, Policy
from tests.support.clock import FakeClock

POLICY = Policy(tries=5, lock_s=300.0, max_lock_s=1200.0, daily=20)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = db.make_engine(tmp_path / "hub.sqlite", pool_size=1)
    db.migrate(engine)
    yield engine
    engine.dispose()


def _take(engine: Engine, clock: FakeClock, key: str = "k", policy: Policy = POLICY) -> try_limits.Taken:
    with db.write(engine) as conn:
        return try_limits.take(conn, [(key, policy)], clock())


def test_five_tries_lock_for_five_minutes_then_each_lock_doubles_up_to_the_cap(engine: Engine) -> None:
    clock = FakeClock()
    roomy = Policy(tries=5, lock_s=300.0, max_lock_s=1200.0, daily=100)
    for lock in (300, 600, 1200, 1200):
        for left in (4, 3, 2, 1):
            assert _take(engine, clock, policy=roomy) == try_limits.Taken(tries_left=left)
        assert _take(engine, clock, policy=roomy).locks_s == lock  # the fifth try locks
        assert _take(engine, clock, policy=roomy).wait_s == lock  # locked: not counted, not checked
        assert _take(engine, clock, "other").tries_left == 4  # another key is free
        clock.t += lock - 1
        assert _take(engine, clock, policy=roomy).wait_s == 1
        clock.t += 1
        with db.write(engine) as conn:
            try_limits.forgive(conn, ["other"], clock())


def test_a_right_answer_ends_the_escalation_but_not_the_days_count(engine: Engine) -> None:
    clock = FakeClock()
    for _ in range(5):
        _take(engine, clock)
    clock.t += 300
    for _ in range(4):
        _take(engine, clock)
    with db.write(engine) as conn:
        try_limits.forgive(conn, ["k"], clock())
    # Back to five tries and a five-minute lock ...
    for _ in range(4):
        _take(engine, clock)
    assert _take(engine, clock).locks_s == 300
    clock.t += 300
    # ... but the day holds 20 tries at most: 14 used, so the 20th locks until the day is over.
    for _ in range(4):
        _take(engine, clock)
    with db.write(engine) as conn:
        try_limits.forgive(conn, ["k"], clock())
    assert _take(engine, clock).tries_left == 1  # 19 counted today: one left before the daily cap
    last = _take(engine, clock)
    assert last.locks_s == pytest.approx(DAY_S - 600, abs=1)
    clock.t += DAY_S
    assert _take(engine, clock).tries_left == 4  # a new day


def test_several_keys_lock_together_and_the_fewest_tries_left_are_told(engine: Engine) -> None:
    clock = FakeClock()
    keys = [("pair", POLICY), ("wide", Policy(tries=3, lock_s=60.0, max_lock_s=60.0, daily=50))]
    with db.write(engine) as conn:
        assert try_limits.take(conn, keys, clock()).tries_left == 2
        assert try_limits.take(conn, keys, clock()).tries_left == 1
        assert try_limits.take(conn, keys, clock()).locks_s == 60
        assert try_limits.take(conn, [("pair", POLICY)], clock()).tries_left == 1  # "pair" alone is not locked
        assert try_limits.take(conn, keys, clock()).wait_s == 60


def test_quiet_rows_are_forgotten_locked_ones_kept(engine: Engine) -> None:
    clock = FakeClock()
    _take(engine, clock, "quiet")
    for _ in range(5):
        _take(engine, clock, "locked", Policy(tries=5, lock_s=5 * DAY_S, max_lock_s=5 * DAY_S, daily=99))
    clock.t += 3 * DAY_S
    _take(engine, clock, "newcomer")  # a new key sweeps the quiet rows out
    with db.read(engine) as conn:
        assert conn.execute(sa.select(try_limits_table.c.key).order_by("key")).scalars().all() == ["locked", "newcomer"]
        assert try_limits.locked_keys(conn, "%", clock()) == ["locked"]


def test_a_known_and_an_unknown_staff_number_are_refused_alike(engine: Engine) -> None:
    clock = FakeClock()
    staff.add(engine, "3001", "王芳", "246810", clock)
    answers = {}
    for number in ("3001", "9999"):
        seen = []
        for _ in range(6):
            with pytest.raises(staff.SignInRefused) as exc:
                staff.sign_in(engine, number, "111111", clock, caller="kiosk1")
            seen.append((exc.value.code, exc.value.data))
        answers[number] = seen
    assert answers["3001"] == answers["9999"]
    assert answers["3001"][0] == ("staff.wrong_pin", {"tries_left": 4})
    assert answers["3001"][4:] == [("staff.locked", {"retry_after_s": 300})] * 2


def test_one_tokens_wrong_pins_do_not_lock_the_clerk_out_at_her_window(engine: Engine) -> None:
    clock = FakeClock()
    staff.add(engine, "3001", "王芳", "246810", clock)
    for _ in range(5):
        with pytest.raises(staff.SignInRefused):
            staff.sign_in(engine, "3001", "111111", clock, caller="kiosk1")
    with pytest.raises(staff.SignInRefused) as exc:
        staff.sign_in(engine, "3001", "246810", clock, caller="kiosk1")
    assert exc.value.code == "staff.locked"
    assert staff.sign_in(engine, "3001", "246810", clock, caller="window3").number == "3001"
    assert {"number": "3001", "name": "王芳", "locked": True} in staff.list_all(engine, clock)
