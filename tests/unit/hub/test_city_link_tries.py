"""The city's hall-link codes are guessed no faster than a terminal's pairing codes: the
wrong tries of a client are counted in the database (``try_limits``), so every worker
process of a city hub and a restart see the same count."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub import db
from hub.city import links, registry
from hub.city.errors import CityError
from tests.support.clock import FakeClock


@pytest.fixture
def engine(tmp_path: Path):
    engine = db.make_engine(tmp_path / "city.sqlite", pool_size=2)
    db.migrate(engine)
    yield engine
    engine.dispose()


def test_wrong_codes_lock_the_client_and_the_lock_survives_a_new_engine(engine, tmp_path: Path) -> None:
    clock = FakeClock()
    registry.add(engine, registry.HallEntry(code="XA-BL", name="碑林区政务服务中心", level="district"), clock=clock)
    code, _ = links.create_code(engine, "XA-BL", clock=clock)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(CityError) as refused:
            links.exchange_limited(engine, wrong, "10.0.0.9", clock=clock)
        assert refused.value.code == "city.pairing.unknown"
    # Another process (a new engine on the same database) sees the lock: even the right code waits.
    other = db.make_engine(tmp_path / "city.sqlite", pool_size=1)
    try:
        with pytest.raises(CityError) as locked:
            links.exchange_limited(other, code, "10.0.0.9", clock=clock)
    finally:
        other.dispose()
    assert locked.value.status == 429 and locked.value.retry_after > 0
    # Another client is not held up by this one's guesses, and the right code works once.
    linked = links.exchange_limited(engine, code, "10.0.0.10", clock=clock)
    assert linked.hall_code == "XA-BL" and links.hall_for(engine, linked.credential, clock=clock) == "XA-BL"
