"""``kiosk hub pair`` and ``POST /api/v1/pair`` on a real hub subprocess."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from hub import db, pairing
from tests.rigs.hub import HubProcess, kiosk_cli, running_hub


def _pair_code(hub: HubProcess, *args: str) -> str:
    out = kiosk_cli("hub", "pair", "--db", hub.db_url, *args).stdout.strip().splitlines()
    assert "works once" in out[0]
    return out[-1]


# A fresh hub per test: wrong codes lock the caller's address (127.0.0.1, every test's)
# out of pairing, and one test restarts the hub.


def test_a_code_from_the_cli_is_exchanged_once_for_a_token_that_works(hub: HubProcess) -> None:
    code = _pair_code(hub, "--terminal", "village-7", "--role", "window", "--window", "3")
    assert len(code) == 6 and code.isdigit()
    ok = httpx.post(hub.url + "/api/v1/pair", json={"code": code})
    assert ok.status_code == 200, ok.text
    body = ok.json()
    assert (body["terminal"], body["role"], body["window"]) == ("village-7", "window", 3)
    auth = {"Authorization": f"Bearer {body['token']}"}
    assert httpx.post(hub.url + "/api/v1/windows/3/next", headers=auth).status_code in (200, 204)
    assert httpx.post(hub.url + "/api/v1/windows/4/next", headers=auth).status_code == 403
    again = httpx.post(hub.url + "/api/v1/pair", json={"code": code})
    assert (again.status_code, again.json()["error"]["code"]) == (409, "pairing.used")
    status = httpx.get(hub.url + "/status", headers=hub.headers()).text
    assert "village-7" in status and "需要处理" in status


def test_expired_unknown_malformed_then_rate_limited(hub: HubProcess) -> None:
    engine = db.make_engine(hub.db_url, pool_size=1)
    try:
        old, _ = pairing.create(engine, "late", "kiosk", clock=lambda: time.time() - 601)
        fresh, _ = pairing.create(engine, "on-time", "kiosk")
    finally:
        engine.dispose()
    expired = httpx.post(hub.url + "/api/v1/pair", json={"code": old})
    assert (expired.status_code, expired.json()["error"]["code"]) == (410, "pairing.expired")
    unknown = next(f"{n:06d}" for n in range(10) if f"{n:06d}" not in (old, fresh))
    r = httpx.post(hub.url + "/api/v1/pair", json={"code": unknown})
    assert (r.status_code, r.json()["error"]["code"]) == (404, "pairing.unknown")
    r = httpx.post(hub.url + "/api/v1/pair", json={"code": "12 34"})
    assert (r.status_code, r.json()["error"]["code"]) == (422, "pairing.malformed")
    assert (
        httpx.post(hub.url + "/api/v1/pair", content=b"[1]", headers={"Content-Type": "application/json"}).status_code
        == 422
    )
    for _ in range(2):
        assert httpx.post(hub.url + "/api/v1/pair", json={"code": unknown}).status_code == 404
    # Five wrong tries in the minute: now even the good code waits (guessing gains nothing).
    limited = httpx.post(hub.url + "/api/v1/pair", json={"code": fresh})
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "pairing.rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60


def test_the_wrong_code_limit_is_in_the_database_and_outlives_a_restart(hub: HubProcess) -> None:
    for _ in range(5):
        assert httpx.post(hub.url + "/api/v1/pair", json={"code": "000000"}).status_code == 404
    hub.restart()  # a count in one worker's memory would start again here
    limited = httpx.post(hub.url + "/api/v1/pair", json={"code": "000000"})
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "pairing.rate_limited"
    assert hub.query("SELECT failures, locks FROM try_limits WHERE key = 'pair|127.0.0.1'") == [(0, 1)]


def test_every_terminal_of_a_hall_gets_the_halls_own_person_key_with_its_pairing(tmp_path: Path) -> None:
    from kiosk.setup.session import SetupSession
    from tests.rigs.halls import hall_with_closed_service

    with running_hub(tmp_path / "hub", hall=hall_with_closed_service(tmp_path)) as hub:
        engine = db.make_engine(hub.db_url, pool_size=1)
        try:
            codes = [pairing.create(engine, f"lobby-{n}", "kiosk")[0] for n in range(3)]
        finally:
            engine.dispose()
        first = httpx.post(hub.url + "/api/v1/pair", json={"code": codes[0]}).json()["person_key"]
        assert len(first) >= 40 and first != "embedded-hall-person-key"  # made for this hall
        hub.restart()  # kept in the hub's database, not made again
        assert httpx.post(hub.url + "/api/v1/pair", json={"code": codes[1]}).json()["person_key"] == first
        # `kiosk setup` writes it into the terminal's configuration.
        session = SetupSession()
        session.pair(hub.url, codes[2])
        assert session.settings().hub.person_key == first
        assert first not in repr(session.paired)
