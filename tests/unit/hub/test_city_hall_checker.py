"""A hall's credential is looked up in the database once and then trusted from memory
(hub/city/links.py ``HallChecker``): every request of a hall hub used to cost two
lookups, the body guard's and the route's. A revocation still ends the trust: the
watch (once a second) or ``forget`` (PostgreSQL's NOTIFY) clears every one."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from hub import db
from hub.city import links, registry
from hub.city.tables import city_links


@pytest.fixture
def engine(tmp_path: Path):
    engine = db.make_engine(tmp_path / "city.sqlite", pool_size=2)
    db.migrate(engine)
    yield engine
    engine.dispose()


def _linked(engine, code: str = "XA-BL") -> str:
    registry.add(engine, registry.HallEntry(code=code, name="碑林区政务服务中心", level="district"))
    pairing, _ = links.create_code(engine, code)
    return links.exchange(engine, pairing).credential


def _lookups(engine) -> list[str]:
    seen: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]) if "city_links" in a[2] else None)
    return seen


def test_a_credential_is_looked_up_once_then_answered_from_memory(engine) -> None:
    credential = _linked(engine)
    checker = links.HallChecker(engine)
    checker.watch()  # a running watch: trusted for long
    assert checker.cached(credential) is None  # never looked up yet
    assert checker.check(credential) == "XA-BL"
    seen = _lookups(engine)
    assert [checker.cached(credential) for _ in range(50)] == ["XA-BL"] * 50
    assert seen == []  # no query for any of them
    assert checker.cached("another-credential") is None


def test_a_revoked_credential_is_refused_after_the_watch_or_forget(engine) -> None:
    credential = _linked(engine)
    other = _linked(engine, "XA-YT")
    checker = links.HallChecker(engine)
    checker.watch()
    assert checker.check(credential) == "XA-BL" and checker.check(other) == "XA-YT"
    links.revoke(engine, "XA-BL")
    checker.watch()
    assert checker.cached(credential) is None
    assert checker.check(credential) is None
    assert checker.cached(other) is None and checker.check(other) == "XA-YT"  # looked up again, still live
    checker.forget()
    assert checker.cached(other) is None


def test_the_last_contact_of_a_hall_answered_from_memory_is_written_by_the_watch(engine) -> None:
    class Clock:
        now = 1_800_000_000.0

        def __call__(self) -> float:
            return self.now

    clock = Clock()
    credential = _linked(engine)
    checker = links.HallChecker(engine, clock)
    checker.watch()
    checker.check(credential)
    clock.now += links.SEEN_EVERY_S + 1
    assert checker.cached(credential) == "XA-BL"
    before = _last_seen(engine)
    checker.watch()
    assert before < clock.now and _last_seen(engine) == clock.now


def _last_seen(engine) -> float:
    with db.read(engine) as conn:
        return conn.execute(sa.select(city_links.c.last_seen)).scalar_one()
