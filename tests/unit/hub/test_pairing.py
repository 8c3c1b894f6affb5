"""Pairing codes on a real SQLite hub database (the API: tests/integration/hub/test_pairing_api.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from hub import db, pairing
from hub.tables import pairing_codes, tokens
from hub.tokens import TokenChecker, TokenError
from tests.support.clock import FakeClock


@pytest.fixture
def engine(tmp_path: Path):
    engine = db.make_engine(tmp_path / "hub.sqlite", pool_size=2)
    db.migrate(engine)
    yield engine
    engine.dispose()


def test_a_code_is_six_digits_stored_only_as_a_hash_and_gives_a_working_token(engine) -> None:
    clock = FakeClock()
    code, expires = pairing.create(engine, "village-1", "window", 3, clock=clock)
    assert len(code) == 6 and code.isdigit() and expires == clock.t + 600
    with db.read(engine) as conn:
        stored = conn.execute(sa.select(pairing_codes)).one()
    assert code not in "".join(str(v) for v in stored)  # only the hash
    assert stored.code_hash == pairing.hash_code(code)
    paired = pairing.exchange(engine, code, clock=clock)
    assert (paired.terminal, paired.role, paired.window) == ("village-1", "window", 3)
    who = TokenChecker(engine, clock).check(paired.token)
    assert who is not None and (who.terminal, who.role, who.window) == ("village-1", "window", 3)


def test_used_expired_unknown_and_malformed_codes_are_refused_with_their_reason(engine) -> None:
    clock = FakeClock()
    code, _ = pairing.create(engine, "k", "kiosk", clock=clock)
    pairing.exchange(engine, code, clock=clock)
    with pytest.raises(pairing.PairingError) as used:
        pairing.exchange(engine, code, clock=clock)
    assert (used.value.code, used.value.status) == ("pairing.used", 409)
    old, _ = pairing.create(engine, "k2", "kiosk", clock=clock)
    clock.t += 600
    with pytest.raises(pairing.PairingError) as expired:
        pairing.exchange(engine, old, clock=clock)
    assert (expired.value.code, expired.value.status) == ("pairing.expired", 410)
    unknown = next(f"{n:06d}" for n in range(1000) if f"{n:06d}" not in (code, old))
    with pytest.raises(pairing.PairingError) as missing:
        pairing.exchange(engine, unknown, clock=clock)
    assert missing.value.code == "pairing.unknown"
    for bad in ("12345", "1234567", "12345a", "１２３４５６", 123456, None):
        with pytest.raises(pairing.PairingError) as malformed:
            pairing.exchange(engine, bad, clock=clock)
        assert malformed.value.code == "pairing.malformed"
    with db.read(engine) as conn:  # only the one exchange made a token
        assert conn.execute(sa.select(sa.func.count()).select_from(tokens)).scalar_one() == 1


def test_codes_for_impossible_tokens_are_never_shown(engine) -> None:
    for args in (("t", "window", None), ("t", "kiosk", 2), ("t", "boss", None), (" ", "kiosk", None)):
        with pytest.raises(TokenError):
            pairing.create(engine, *args)
