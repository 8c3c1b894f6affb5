"""The token cache on a real SQLite hub database: trusted long only while the watch sees
no revocation; a revocation anywhere empties it; last_seen of cache hits is written by
the watch in one go."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from hub import db, tokens
from hub.tables import tokens as tokens_table
from hub.tokens import CACHE_S, TokenChecker
from tests.support.clock import FakeClock


@pytest.fixture
def engine(tmp_path: Path):
    engine = db.make_engine(tmp_path / "hub.sqlite", pool_size=2)
    db.migrate(engine)
    yield engine
    engine.dispose()


def last_seen(engine, token_id: str) -> float | None:
    with db.read(engine) as conn:
        return conn.execute(sa.select(tokens_table.c.last_seen).where(tokens_table.c.id == token_id)).scalar_one()


def test_without_a_watch_a_lookup_is_trusted_only_briefly(engine) -> None:
    _, token = tokens.create(engine, "kiosk-1", "kiosk")
    checker = TokenChecker(engine)
    assert checker.cached(token) is None  # never looked up
    who = checker.check(token)
    assert checker.cached(token) == who
    time.sleep(CACHE_S + 0.1)
    assert checker.cached(token) is None  # no watch ran: back to the database


def test_a_watched_cache_trusts_long_until_a_revocation_then_forgets(engine) -> None:
    _, token = tokens.create(engine, "kiosk-1", "kiosk")
    _, other = tokens.create(engine, "kiosk-2", "kiosk")
    checker = TokenChecker(engine)
    checker.watch()
    who = checker.check(token)
    checker.check(other)
    time.sleep(CACHE_S + 0.1)
    assert checker.cached(token) == who  # the watch is fresh: still trusted
    tokens.revoke(engine, "kiosk-1")  # as `kiosk hub token revoke` from another process
    assert checker.cached(token) == who  # until the next watch (within a second in the hub)
    checker.watch()
    assert checker.cached(token) is None and checker.cached(other) is None
    assert checker.check(token) is None and checker.check(other) is not None


def test_last_seen_of_cache_hits_is_written_by_the_watch(engine) -> None:
    token_id, token = tokens.create(engine, "kiosk-1", "kiosk")
    clock = FakeClock()
    checker = TokenChecker(engine, clock=clock)
    checker.watch()
    checker.check(token)
    assert last_seen(engine, token_id) == clock.t  # a lookup writes at once
    clock.t += tokens.LAST_SEEN_EVERY_S + 1
    assert checker.cached(token) is not None
    assert last_seen(engine, token_id) == clock.t - tokens.LAST_SEEN_EVERY_S - 1  # not yet
    checker.watch()
    assert last_seen(engine, token_id) == clock.t
