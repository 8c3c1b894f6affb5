"""The hub's API on a real uvicorn on loopback, through the terminal's HubClient."""

from __future__ import annotations

import time

import httpx
import pytest

from hub.tokens import WATCH_S
from offline_cache.sync import HubRejected, TicketExists, Unauthorized
from offline_cache.sync.client import HubClient
from tests.rigs.hub import HubProcess


def test_health_needs_no_token_and_everything_else_does(module_hub: HubProcess) -> None:
    assert httpx.get(module_hub.url + "/api/v1/health").json()["status"] == "ok"
    for path in ("/api/v1/services", "/api/v1/queue", "/api/v1/events"):
        r = httpx.get(module_hub.url + path)
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "auth.missing"
    r = httpx.get(module_hub.url + "/api/v1/queue", headers={"Authorization": "Bearer nonsense"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "auth.invalid"
    with HubClient(module_hub.url, "wrong") as bad, pytest.raises(Unauthorized):
        bad.queue()


# The queue's tests below take a fresh hub each: they assert the whole queue (numbers from
# 001, who waits, the snapshot's counts), which the other tests' tickets would change.


def test_numbers_start_at_one_and_run_on_without_gaps(hub: HubProcess) -> None:
    with hub.client("kiosk") as kiosk:
        numbers = [kiosk.issue_ticket("A").number for _ in range(3)]
        assert numbers == ["A001", "A002", "A003"]
        assert kiosk.issue_ticket("B").number == "B001"
        third = kiosk.issue_ticket("A")
        assert third.number == "A004" and third.ahead == 3 and third.status == "waiting"


def test_a_person_holds_one_active_ticket_per_service(hub: HubProcess) -> None:
    with hub.client("kiosk") as kiosk:
        first = kiosk.issue_ticket("A", person="k" * 16)
        with pytest.raises(TicketExists) as exc:
            kiosk.issue_ticket("A", person="k" * 16)
        assert exc.value.ticket.id == first.id and exc.value.ticket.number == "A001"
        # The refused request used no number; another service is fine.
        assert kiosk.issue_ticket("A").number == "A002"
        assert kiosk.issue_ticket("B", person="k" * 16).number == "B001"


def test_roles_and_windows_are_enforced(module_hub: HubProcess) -> None:
    with (
        module_hub.client("display") as display,
        module_hub.client("window:3") as w3,
        module_hub.client("kiosk") as kiosk,
    ):
        with pytest.raises(HubRejected) as exc:
            display.issue_ticket("A")
        assert exc.value.status == 403
        kiosk.issue_ticket("A")
        with pytest.raises(HubRejected) as exc:
            display.call_next(3)
        assert exc.value.status == 403
        with pytest.raises(HubRejected) as exc:
            w3.call_next(4)
        assert (exc.value.status, exc.value.code) == (403, "auth.wrong_window")
        with pytest.raises(HubRejected) as exc:
            kiosk.call_next(3)
        assert exc.value.status == 403
        ticket = w3.call_next(3)
        assert ticket.window == 3
        with module_hub.client("window:4") as w4, pytest.raises(HubRejected) as exc:
            w4.act(ticket.id, "finish")
        assert (exc.value.status, exc.value.code) == (403, "ticket.not_yours")


def test_call_actions_and_their_rules(hub: HubProcess) -> None:
    with hub.client("kiosk") as kiosk, hub.client("window:2") as w2:
        assert w2.call_next(2) is None  # 204: nobody waits
        a = kiosk.issue_ticket("A")
        called = w2.call_next(2, staff="S1001")
        assert (called.id, called.status, called.window, called.staff) == (a.id, "called", 2, "S1001")
        assert w2.act(a.id, "recall").recalls == 1
        assert w2.act(a.id, "hold").status == "held"
        assert w2.act(a.id, "resume").status == "called"
        moved = w2.act(a.id, "transfer", service="C")
        assert (moved.status, moved.service, moved.number, moved.window) == ("waiting", "C", "A001", None)
        again = w2.call_next(2)
        assert again.id == a.id and again.service == "C"
        assert w2.act(a.id, "finish").status == "finished"
        with pytest.raises(HubRejected) as exc:
            w2.act(a.id, "finish")
        assert (exc.value.status, exc.value.code) == (409, "ticket.already_finished")
        b = kiosk.issue_ticket("B")
        w2.call_next(2)
        for _ in range(3):
            w2.act(b.id, "recall")
        with pytest.raises(HubRejected) as exc:
            w2.act(b.id, "recall")
        assert exc.value.code == "ticket.recall_limit"
        assert w2.act(b.id, "skip").status == "skipped"


def test_priority_goes_first_but_cannot_starve_the_regulars(hub: HubProcess) -> None:
    with hub.client("kiosk") as kiosk, hub.client("window:1") as w1:
        regular = [kiosk.issue_ticket("A") for _ in range(2)]
        elderly = [kiosk.issue_ticket("A", priority="elderly") for _ in range(4)]
        order = [w1.call_next(1).number for _ in range(6)]
        e, r = [t.number for t in elderly], [t.number for t in regular]
        assert order == [e[0], e[1], r[0], e[2], e[3], r[1]]


def test_snapshot_counts_waiting_and_lists_recent_calls(hub: HubProcess) -> None:
    with hub.client("kiosk") as kiosk, hub.client("window:5") as w5, hub.client("display") as display:
        for service in ("A", "A", "B"):
            kiosk.issue_ticket(service)
        w5.call_next(5)
        snap = display.queue()
        assert snap.waiting == {"A": 1, "B": 1, "C": 0, "G": 0}
        assert [(c.number, c.window) for c in snap.recent_calls] == [("A001", 5)]
        assert snap.seq == 4
        services = display.services()
        assert [(s.code, s.prefix, s.open_now) for s in services][:3] == [
            ("A", "A", True),
            ("B", "B", True),
            ("C", "C", True),
        ]


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/api/v1/nowhere", None, 404),
        ("DELETE", "/api/v1/queue", None, 405),
        ("POST", "/api/v1/tickets", {"service": 7}, 422),
        ("POST", "/api/v1/tickets", {"service": "Z"}, 404),
        ("POST", "/api/v1/tickets", {"service": "A", "priority": "vip"}, 422),
        ("POST", "/api/v1/windows/0/next", None, 422),
        ("POST", "/api/v1/windows/99/next", None, 404),
        ("POST", "/api/v1/tickets/abc123/finish", None, 404),
    ],
)
def test_errors_have_the_json_shape(session_hub: HubProcess, method: str, path: str, body: object, status: int) -> None:
    r = httpx.request(method, session_hub.url + path, json=body, headers=session_hub.headers("admin"))
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]


def test_revoked_token_is_refused(module_hub: HubProcess) -> None:
    from tests.rigs.hub import create_token, kiosk_cli

    token = create_token(module_hub.db_url, "kiosk", terminal="lobby-2")
    with HubClient(module_hub.url, token) as kiosk:
        assert kiosk.issue_ticket("A").status == "waiting"  # works until revoked
        kiosk_cli("hub", "token", "revoke", "lobby-2", "--db", module_hub.db_url)
        time.sleep(WATCH_S + 0.5)  # each worker looks for revocations every WATCH_S (hub/tokens.py)
        with pytest.raises(Unauthorized):
            kiosk.issue_ticket("A")
    listed = kiosk_cli("hub", "token", "list", "--db", module_hub.db_url).stdout
    assert "lobby-2  kiosk  revoked" in listed and token not in listed
