"""Clerks sign in at a window: the staff table, the CLI, the lockout, on a real hub."""

from __future__ import annotations

import json

import httpx
import pytest

from offline_cache.sync import HubRejected
from tests.rigs.hub import HubProcess, kiosk_cli


def _sign_in(hub: HubProcess, role: str, staff: str, pin: str) -> httpx.Response:
    return httpx.post(hub.url + "/api/v1/staff/sign-in", headers=hub.headers(role), json={"staff": staff, "pin": pin})


def test_a_demo_clerk_signs_in_at_a_window(module_hub: HubProcess) -> None:
    mine = module_hub.add_terminal("window", 3)  # its wrong PINs count for this test alone
    with module_hub.client(mine) as window:
        assert window.sign_in("3001", "246810") == {"staff": "3001", "name": "王芳", "window": 3}
        with pytest.raises(HubRejected) as exc:
            window.sign_in("3001", "000000")
    assert exc.value.key == "hub.staff_wrong_pin" and exc.value.status == 401
    # An unknown number looks exactly like a wrong PIN (no hint which numbers exist).
    r = _sign_in(module_hub, mine, "9999", "246810")
    assert r.status_code == 401 and r.json()["error"]["code"] == "staff.wrong_pin"


def test_only_window_and_kiosk_tokens_may_sign_in_and_bad_bodies_are_422(module_hub: HubProcess) -> None:
    # A kiosk signs a helper in (帮办代办): the same check, no window number. Its own
    # kiosk: another test locks 3001 out for the one it uses.
    kiosk = module_hub.add_terminal("kiosk")
    assert _sign_in(module_hub, kiosk, "3001", "246810").json() == {"staff": "3001", "name": "王芳", "window": None}
    for role in ("display", "admin"):
        r = _sign_in(module_hub, role, "3001", "246810")
        assert r.status_code == 403 and r.json()["error"]["code"] == "auth.forbidden"
    for body in (
        {"staff": "3001"},
        {"staff": "3001", "pin": "12"},
        {"staff": "30 01", "pin": "246810"},
        {"staff": "3001", "pin": "246810", "extra": 1},
    ):
        r = httpx.post(module_hub.url + "/api/v1/staff/sign-in", headers=module_hub.headers("window:1"), json=body)
        assert r.status_code == 422 and r.json()["error"]["code"] == "request.invalid"


def test_five_wrong_pins_lock_the_number_even_for_the_right_pin(hub: HubProcess) -> None:
    # A fresh hub: the test restarts it.
    for i in range(4):
        r = _sign_in(hub, "window:2", "3002", "111111")
        assert r.status_code == 401 and r.json()["tries_left"] == 4 - i
    r = _sign_in(hub, "window:2", "3002", "111111")
    assert r.status_code == 429 and r.json()["error"]["code"] == "staff.locked"
    assert r.json()["retry_after_s"] == 300
    with hub.client("window:2") as window, pytest.raises(HubRejected) as exc:
        window.sign_in("3002", "135790")  # the right PIN, but locked
    assert exc.value.key == "hub.staff_locked" and exc.value.status == 429
    # Another clerk is not affected; the lock survives a hub restart (it is in the table).
    assert _sign_in(hub, "window:2", "3001", "246810").status_code == 200
    hub.restart()
    assert _sign_in(hub, "window:2", "3002", "135790").status_code == 429


def test_the_staff_cli_adds_lists_and_removes_clerks_and_stores_no_pin(module_hub: HubProcess) -> None:
    out = kiosk_cli(
        "hub", "staff", "add", "--db", module_hub.db_url, "--number", "4711", "--name", "赵敏", "--pin", "97531"
    ).stdout
    assert "4711" in out
    assert _sign_in(module_hub, "window:5", "4711", "97531").json()["name"] == "赵敏"
    listed = [
        json.loads(line)
        for line in kiosk_cli("hub", "staff", "list", "--db", module_hub.db_url, "--json").stdout.splitlines()
    ]
    assert {"number": "4711", "name": "赵敏", "locked": False} in listed
    assert {row["number"] for row in listed} >= {"3001", "3002"}
    import sqlalchemy as sa

    from hub.db import make_engine

    engine = make_engine(module_hub.db_url, pool_size=1)  # SQLite file or PostgreSQL URL
    try:
        with engine.connect() as conn:
            pin_hash = conn.execute(sa.text("SELECT pin_hash FROM staff WHERE number='4711'")).scalar_one()
    finally:
        engine.dispose()
    assert "97531" not in pin_hash and len(pin_hash) == 64
    kiosk_cli("hub", "staff", "remove", "--db", module_hub.db_url, "4711")
    assert _sign_in(module_hub, "window:5", "4711", "97531").status_code == 401


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--number", "3001", "--name", "X", "--pin", "1234"), "exists already"),
        (("--number", "50 1", "--name", "X", "--pin", "1234"), "--number"),
        (("--number", "5001", "--name", "X", "--pin", "12a4"), "--pin"),
        (("--number", "5001", "--name", "", "--pin", "1234"), "--name"),
    ],
)
def test_bad_staff_cli_input_is_one_line_and_status_2(module_hub: HubProcess, args, says) -> None:
    from tests.helpers import run_kiosk

    done = run_kiosk("hub", "staff", "add", "--db", module_hub.db_url, *args)
    assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    done = run_kiosk("hub", "staff", "remove", "--db", module_hub.db_url, "0000")
    assert done.returncode == 2 and "no staff number" in done.stderr


def test_a_kiosk_token_cannot_lock_a_clerk_out_of_her_own_window(module_hub: HubProcess) -> None:
    # Terminals of its own: the lock it makes must not reach the other tests' kiosk.
    kiosk, window = module_hub.add_terminal("kiosk"), module_hub.add_terminal("window", 3)
    for _ in range(4):
        assert _sign_in(module_hub, kiosk, "3001", "000000").status_code == 401
    r = _sign_in(module_hub, kiosk, "3001", "000000")
    assert r.status_code == 429 and r.json()["retry_after_s"] == 300
    assert _sign_in(module_hub, kiosk, "3001", "246810").status_code == 429  # that kiosk waits ...
    r = _sign_in(module_hub, window, "3001", "246810")  # ... the clerk at her window does not
    assert r.status_code == 200 and r.json()["staff"] == "3001"


def test_known_and_unknown_staff_numbers_are_refused_alike_and_both_lock(module_hub: HubProcess) -> None:
    answers = {}
    window = module_hub.add_terminal("window", 6)  # the locks it makes are its own
    for number in ("3002", "9999"):
        answers[number] = [
            (r.status_code, {k: v for k, v in r.json().items() if k != "error"}, r.json()["error"]["code"])
            for r in (_sign_in(module_hub, window, number, "111111") for _ in range(6))
        ]
    assert answers["3002"] == answers["9999"]
    assert answers["9999"][0] == (401, {"tries_left": 4}, "staff.wrong_pin")
    assert answers["9999"][5] == (429, {"retry_after_s": 300}, "staff.locked")
