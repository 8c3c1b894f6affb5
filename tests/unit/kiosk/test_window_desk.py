"""The window's desk (kiosk/queue/calling.py) against a real hub on loopback, the fake
queue bus (the product's in-memory LED display and pad) and a fake clock."""

from __future__ import annotations

import time

import httpx
import pytest

from drivers.queue_bus.fake import FakeQueueBus
from kiosk.config.settings import DeviceSettings
from kiosk.devices import DeviceManager
from kiosk.queue.calling import DeskError, WindowDesk
from kiosk.queue.connection import HubConnection
from offline_cache.sync import HubRejected, HubUnavailable
from tests.rigs.hub import HubProcess, sqlite_hub  # noqa: F401 - a fixture
from tests.support.clock import FakeClock
from tests.support.waiting import wait_for

WINDOW = 3


@pytest.fixture
def desk(sqlite_hub: HubProcess):
    hub = sqlite_hub  # the desk does not care which database the hub runs on
    bus = FakeQueueBus()
    devices = DeviceManager(
        {"queue_bus": DeviceSettings("queue_bus", "fake")}, factory=lambda s: bus, probe_interval_s=0.05
    )
    devices.start()
    clock = FakeClock(time.time())
    wiped: list[float] = []
    desk = WindowDesk(
        HubConnection(hub.url, hub.tokens[f"window:{WINDOW}"]),
        devices,
        WINDOW,
        clock,
        idle_lock_s=60,
        hall_code="XA-H02",
        area_code="610103",
        idle_led="3号窗口",
        on_wipe=lambda: wiped.append(clock()),
    )
    yield desk, bus, clock, wiped, hub
    desk.close()
    devices.stop()


def signed_in(desk: WindowDesk) -> WindowDesk:
    desk.sign_in("3001", "246810").result(10)
    return desk


def evaluations(hub: HubProcess) -> list[dict]:
    r = httpx.get(hub.url + "/api/v1/evaluations", headers=hub.headers("admin"))
    return [e["record"] for e in r.json()]


def test_sign_in_checks_the_pin_at_the_hub(desk) -> None:
    d, bus, *_ = desk
    with pytest.raises(HubRejected):
        d.sign_in("3001", "000000").result(10)
    assert not d.view.signed_in and d.view.message == "hub.staff_wrong_pin"
    with pytest.raises(DeskError) as exc:
        d.call_next().result(10)
    assert exc.value.key == "queue.desk.signed_out"
    view = signed_in(d).view
    assert view.signed_in and (view.staff_number, view.staff_name) == ("3001", "王芳")
    assert view.hub == "online" and view.service_names["A"] == "综合受理" and view.message == ""
    wait_for(lambda: bus.displays[1].text == "3号窗口")  # the free window's greeting


def test_a_call_shows_on_the_led_and_the_view_with_its_times(desk) -> None:
    d, bus, clock, _, hub = desk
    signed_in(d)
    d.call_next().result(10)
    assert d.view.message == "queue.desk.nobody_waiting" and d.view.ticket is None
    with hub.client("kiosk") as kiosk:
        kiosk.issue_ticket("A")
        kiosk.issue_ticket("B")
    wait_for(lambda: d.view.waiting.get("A") == 1)  # the event stream keeps counts live
    time.sleep(1.2)  # the hub's own clock times the wait in the queue
    view = d.call_next().result(10)
    assert view.ticket.number == "A001" and view.ticket.service_name == "综合受理"
    assert view.ticket.status == "called" and view.ticket.waited_s >= 1 and view.led == "A001 3"
    assert view.ticket.at_window_s <= 1
    wait_for(lambda: d.view.waiting.get("A") == 0)
    wait_for(lambda: bus.displays[1].text == "A001 3")
    clock.advance(42)
    d.tick()
    assert 42 <= d.view.ticket.at_window_s <= 43  # the desk's clock times the service
    with pytest.raises(DeskError) as exc:
        d.call_next().result(10)
    assert exc.value.key == "queue.desk.finish_first" and exc.value.data == {"number": "A001"}

    bus.displays[1].text = ""
    assert d.recall().result(10).ticket.recalls == 1
    wait_for(lambda: bus.displays[1].text == "A001 3")  # every call shows on the LED
    assert d.toggle_hold().result(10).ticket.status == "held"
    assert d.toggle_hold().result(10).ticket.status == "called"
    d.transfer("C").result(10)
    assert d.view.ticket is None
    with hub.client("admin") as admin:
        moved = admin.get_ticket(view.ticket.id)
    assert (moved.status, moved.service, moved.number) == ("waiting", "C", "A001")
    assert d.call_next().result(10).ticket.number in ("A001", "B001")
    d.skip().result(10)
    assert d.view.ticket is None
    wait_for(lambda: bus.displays[1].text == "3号窗口")


def test_finish_lights_the_pad_and_a_tap_becomes_a_record_at_the_hub(desk) -> None:
    d, bus, clock, wiped, hub = desk
    signed_in(d)
    with pytest.raises(DeskError) as exc:
        d.ask_rating()  # nobody is being served
    assert exc.value.key == "queue.desk.no_citizen"
    with hub.client("kiosk") as kiosk:
        kiosk.issue_ticket("A")
        kiosk.issue_ticket("A")
    d.call_next().result(10)
    before = len(wiped)
    d.finish().result(10)
    assert d.view.ticket is None and d.view.rating == "asking" and len(wiped) == before + 1
    wait_for(lambda: bus.pads[2].lamp)
    bus.tap_rating(4)
    wait_for(lambda: d.view.rating == "received", step=lambda: (clock.advance(0.5), d.tick()))
    wait_for(lambda: bus.pads[2].lamp is False)
    wait_for(lambda: len(evaluations(hub)) == 1)
    record = evaluations(hub)[0]
    assert (record["satisfaction"], record["pf"], record["windowNo"], record["workNo"]) == (4, 5, 3, "3001")
    assert (record["hallCode"], record["areaCode"], record["ticket"]) == ("XA-H02", "610103", "A001")
    assert record["evalDetail"] == [] and record["reasonsPending"] is False and record["userName"] == ""

    # A 2 from the pad: no reasons can be tapped there, so they are marked as pending.
    d.call_next().result(10)
    d.finish().result(10)
    wait_for(lambda: bus.pads[2].lamp)
    bus.tap_rating(2)
    wait_for(lambda: len(evaluations(hub)) == 2, step=lambda: (clock.advance(0.5), d.tick()))
    bad = evaluations(hub)[0]
    assert (bad["satisfaction"], bad["evalDetail"], bad["reasonsPending"], bad["ticket"]) == (2, [], True, "A002")


def test_the_pad_question_ends_with_the_next_call_or_after_its_timeout(desk) -> None:
    d, bus, clock, _, hub = desk
    signed_in(d)
    with hub.client("kiosk") as kiosk:
        for _ in range(3):
            kiosk.issue_ticket("A")
    d.call_next().result(10)
    d.finish().result(10)
    wait_for(lambda: bus.pads[2].lamp)
    d.call_next().result(10)  # the next citizen: the previous one's question ends
    assert d.view.rating == "none"
    wait_for(lambda: not bus.pads[2].lamp)
    bus.tap_rating(5)  # too late, and not for this citizen
    for _ in range(5):
        clock.advance(0.5)
        d.tick()
    d.ask_rating()  # the clerk asks for the citizen being served
    assert d.view.rating == "asking"
    clock.advance(121)
    d.tick()
    assert d.view.rating == "timed_out"
    wait_for(lambda: not bus.pads[2].lamp)
    assert evaluations(hub) == []


def test_an_idle_window_locks_wipes_and_opens_with_the_clerks_pin(desk) -> None:
    d, _, clock, wiped, hub = desk
    signed_in(d)
    clock.advance(59)
    d.tick()
    assert not d.view.locked
    d.touch()
    clock.advance(59)
    d.tick()
    assert not d.view.locked
    clock.advance(1)
    before = len(wiped)
    d.tick()
    assert d.view.locked and len(wiped) == before + 1
    with pytest.raises(DeskError) as exc:
        d.call_next().result(10)
    assert exc.value.key == "queue.desk.locked"
    assert not d.unlock("135790")
    assert d.view.locked and (d.view.message, d.view.message_data) == ("queue.desk.wrong_pin", {"left": 4})
    hub.kill()  # the PIN is checked on the terminal: the lock opens without the hub
    assert d.unlock("246810") and not d.view.locked and d.view.message == ""


def test_the_lock_waits_while_a_ticket_is_at_the_window_and_falls_once_it_is_over(desk) -> None:
    d, _, clock, wiped, hub = desk
    signed_in(d)
    with hub.client("kiosk") as kiosk:
        kiosk.issue_ticket("A")
    d.call_next().result(10)
    before = len(wiped)
    clock.advance(600)  # serving a long case without touching the keyboard
    d.tick()
    assert not d.view.locked and len(wiped) == before  # the card just read stays
    d.finish().result(10)
    clock.advance(59)
    d.tick()
    assert not d.view.locked  # idle counts from the end of the service
    clock.advance(1)
    d.tick()
    assert d.view.locked


def test_the_queue_is_fetched_again_now_and_then_even_when_events_are_missed(desk) -> None:
    """Finding 13: the window showed 0 waiting while the board showed 1."""
    d, _, clock, _, hub = desk
    signed_in(d)
    wait_for(lambda: d.view.waiting.get("A") == 0)
    d._stop_events()  # the stream misses what follows (a refresh that failed, a proxy's cut)
    with hub.client("kiosk") as kiosk:
        kiosk.issue_ticket("A")
    time.sleep(0.5)
    assert d.view.waiting.get("A") == 0
    clock.advance(61)
    d.tick()
    wait_for(lambda: d.view.waiting.get("A") == 1)


def test_five_wrong_pins_at_the_lock_sign_the_clerk_out(desk) -> None:
    d, _, clock, _, _ = desk
    signed_in(d)
    d.lock()
    for _ in range(4):
        assert not d.unlock("000000")
    assert d.view.signed_in
    assert not d.unlock("000000")
    assert not d.view.signed_in and d.view.message == "queue.desk.signed_out_after_tries"
    assert not d.unlock("246810")  # nobody to unlock any more: sign in again


def test_an_unplugged_led_does_not_stop_the_call(desk) -> None:
    d, bus, _, _, hub = desk
    signed_in(d)
    bus.set_offline(True)
    with hub.client("kiosk") as kiosk:
        kiosk.issue_ticket("A")
    view = d.call_next().result(10)
    assert view.ticket.number == "A001" and view.led == "A001 3"
    wait_for(lambda: d.devices.health_snapshot()["queue_bus"].key == "device.queue_bus.disconnected")
    with hub.client("admin") as admin:
        assert admin.get_ticket(view.ticket.id).status == "called"
    d.finish().result(10)  # the pad is on the same dead bus: nothing lights, nothing hangs
    assert d.view.ticket is None
    wait_for(lambda: d.view.rating == "unavailable")
    bus.set_offline(False)
    d.tick()  # nothing is polled for a question that was never asked
    assert evaluations(hub) == [] and not bus.pads[2].lamp


def test_a_hub_restart_leaves_the_view_right_again(desk) -> None:
    d, _, _, _, hub = desk
    signed_in(d)
    with hub.client("kiosk") as kiosk:
        kiosk.issue_ticket("A")
        kiosk.issue_ticket("A")
    d.call_next().result(10)
    hub.kill()
    with pytest.raises(HubUnavailable):
        d.recall().result(10)
    assert d.view.hub == "offline" and d.view.message == "hub.unreachable"
    assert d.view.ticket.number == "A001"  # still the citizen at the window
    hub.restart()
    wait_for(lambda: d.view.hub == "online", timeout_s=15)
    wait_for(lambda: d.view.waiting.get("A") == 1, timeout_s=15)
    assert d.view.ticket.number == "A001" and d.view.ticket.status == "called"
    # Finished elsewhere (an admin at the status page) while this desk was cut off:
    with hub.client("admin") as admin:
        admin.act(d.view.ticket.id, "finish")
    d.refresh().result(10)
    assert d.view.ticket is None
