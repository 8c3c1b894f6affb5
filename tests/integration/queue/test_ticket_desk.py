"""``kiosk.queue.ticketing.TicketDesk`` against a real hub subprocess and the product's
fake printer (the ESC/POS bytes it keeps are decoded like the simulator's)."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from drivers.printer import escpos_decode as dec
from drivers.printer.fake import FakeReceiptPrinter
from kiosk.config.loader import demo_settings
from kiosk.config.settings import DeviceSettings
from kiosk.devices import DeviceManager
from kiosk.queue.connection import HubConnection
from kiosk.queue.ticketing import (
    Identified,
    TicketDesk,
    TicketingError,
    appointment_code,
    is_elder,
    wait_minutes,
)
from tests.rigs.halls import hall_with_closed_service
from tests.rigs.hub import running_hub
from ui.i18n import tr

TZ = dt.timezone(dt.timedelta(hours=8))


def kiosk_settings():
    """The demo kiosk's settings with a data folder of its own (the desk keeps its ticket
    leases in the outbox there)."""
    return replace(demo_settings("kiosk"), data_dir=Path(tempfile.mkdtemp(prefix="desk-data-")))


class Card:
    """What the ID reader hands over (only the fields the desk reads)."""

    def __init__(self, id_number: str, name: str, birth: dt.date) -> None:
        self.id_number, self.name, self.birth = id_number, name, birth


@pytest.fixture
def printer() -> FakeReceiptPrinter:
    return FakeReceiptPrinter()


@pytest.fixture
def devices(printer):
    manager = DeviceManager(
        {"printer": DeviceSettings("printer", "fake")}, factory=lambda s: printer, probe_interval_s=0.05
    )
    manager.start()
    yield manager
    manager.stop()


_DESKS: list[TicketDesk] = []


@pytest.fixture(autouse=True)
def _close_desks():
    yield
    while _DESKS:
        _DESKS.pop().close()  # also when a test failed: no client socket left open


def make_desk(rig, devices, **kw) -> TicketDesk:
    # Online tickets only: a lease would take the day's first numbers (offline tickets:
    # test_ticket_lease.py).
    kw.setdefault("offline", False)
    settings = replace(kiosk_settings(), hall=replace(demo_settings("kiosk").hall, name="演示大厅"))
    desk = TicketDesk(HubConnection(rig.url, rig.tokens["kiosk"], "hall-secret"), devices, settings, **kw)
    _DESKS.append(desk)
    return desk


def test_services_say_open_or_when_they_open(tmp_path: Path, devices) -> None:
    with running_hub(tmp_path, hall=hall_with_closed_service(tmp_path)) as rig:
        desk = make_desk(rig, devices)
        services = {s.code: s for s in desk.services()}
        assert services["A"].open_now and services["A"].opens_at is None and services["A"].opens_time == ""
        closed = services["C"]
        assert not closed.open_now and closed.opens_time == "08:30" and closed.opens_day == "weekday"
        today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).weekday()
        assert closed.opens_weekday == (today + 2) % 7
        with pytest.raises(TicketingError) as exc:
            desk.take("C")
        assert exc.value.key == "queue.service_closed" and exc.value.data == {"opens_at": "08:30"}
        with pytest.raises(TicketingError) as exc:
            desk.take("Z")
        assert exc.value.key == "queue.service_unknown"
        desk.close()


def test_take_commits_at_the_hub_and_prints_number_service_ahead_and_follow_qr(hub, devices, printer) -> None:
    desk = make_desk(hub, devices)
    desk.services()
    first = desk.take("A")
    taken = desk.take("A", priority="elderly")
    assert (first.number, taken.number) == ("A001", "A002")
    with hub.client("admin") as admin:
        held = admin.get_ticket(taken.id)
    assert (held.status, held.priority, held.number) == ("waiting", "elderly", "A002")
    assert taken.service_name == "综合受理" and taken.ahead == 0  # a priority ticket goes first
    assert taken.follow_url == f"{hub.url}/q/{taken.id}" and not taken.already_held

    printed = desk.print_ticket(taken, tr).result(5)
    assert printed.print_state == "printed" and printed.print_error is None
    elements = dec.decode(printer.jobs[-1])
    lines = dec.text_lines(elements)
    assert "A002" in lines and "综合受理" in lines
    assert any("前面等候" in ln and "0 人" in ln for ln in lines)
    assert any("长者优先" in ln for ln in lines)
    assert dec.qr_payloads(elements) == [taken.follow_url]
    big = [e for e in elements if isinstance(e, dec.TextLine) and e.text == "A002"]
    assert big and (big[0].width, big[0].height) == (4, 4)  # the number is printed large
    desk.close()


def test_same_person_twice_gets_the_held_ticket_and_the_hub_never_sees_the_id_number(hub, devices) -> None:
    desk = make_desk(hub, devices)
    card = Card("610103195001010012", "张三丰", dt.date(1950, 1, 1))
    who = desk.identify(card)
    assert who.masked_name == "张**" and who.suggest_elderly
    assert "610103" not in who.person_key and len(who.person_key) == 32
    assert "610103195001010012" not in repr(who)
    desk.take("B")  # somebody else first
    first = desk.take("B", identity=who)
    again = desk.take("B", identity=who)
    assert again.already_held and again.id == first.id and again.number == "B002" and again.ahead == 1
    other_service = desk.take("A", identity=who)
    assert not other_service.already_held
    # A second kiosk of the hall (same secret) knows the same person.
    other = make_desk(hub, devices)
    assert other.take("B", identity=other.identify(card)).id == first.id
    desk.close()
    other.close()


def test_out_of_paper_is_recorded_with_the_ticket_and_reprint_works(hub, devices, printer, caplog) -> None:
    desk = make_desk(hub, devices)
    taken = desk.take("A")
    printer.set_paper("out")
    with caplog.at_level("INFO", logger="kiosk"):
        failed = desk.print_ticket(taken, tr).result(5)
    assert failed.print_failed and failed.paper_out and failed.number == taken.number
    assert desk.unprinted[taken.id].print_error == "device.printer.paper_out"
    assert any(
        r.getMessage() == "ticket_print_failed"
        and r.fields["number"] == taken.number
        and r.fields["reason"] == "device.printer.paper_out"
        for r in caplog.records
    )
    assert printer.jobs == []
    printer.set_paper("ok")
    again = desk.reprint(failed, tr).result(5)
    assert again.print_state == "printed" and taken.id not in desk.unprinted
    assert taken.number in dec.text_lines(dec.decode(printer.jobs[-1]))
    desk.close()


def test_hub_gone_is_a_plain_key(hub, devices) -> None:
    desk = make_desk(hub, devices, timeout_s=1.0)
    desk.services()
    hub.kill()
    for call in (desk.services, lambda: desk.take("A")):
        with pytest.raises(TicketingError) as exc:
            call()
        assert exc.value.key == "queue.hub_unreachable"
    desk.close()


def test_a_wrong_token_tells_the_technician(hub, devices) -> None:
    desk = TicketDesk(HubConnection(hub.url, "not-a-token"), devices, kiosk_settings())
    with pytest.raises(TicketingError) as exc:
        desk.services()
    assert exc.value.key == "queue.not_authorised"
    desk.close()


def test_appointment_check_in_by_qr_payload(hub, devices) -> None:
    desk = make_desk(hub, devices)
    slot = (dt.datetime.now(TZ) + dt.timedelta(minutes=30)).replace(microsecond=0)
    import httpx

    r = httpx.post(
        f"{hub.url}/api/v1/appointments", headers=hub.headers("admin"), json={"service": "C", "slot": slot.isoformat()}
    )
    assert r.status_code == 201, r.text
    qr = r.json()["qr"]
    taken = desk.check_in(qr)
    assert taken.priority == "appointment" and taken.service == "C" and taken.number.startswith("C")
    with pytest.raises(TicketingError) as exc:
        desk.check_in(qr)
    assert exc.value.key == "queue.appointment_used"
    with pytest.raises(TicketingError) as exc:
        desk.check_in("HALLKIOSK:APPT:ZZZZ9999")
    assert exc.value.key == "queue.appointment_not_found"
    desk.close()


def test_submit_runs_off_the_calling_thread(hub, devices) -> None:
    import threading

    desk = make_desk(hub, devices)
    seen = []
    fut = desk.submit(lambda d: (seen.append(threading.current_thread().name), d.take("A"))[1])
    assert fut.result(5).number == "A001" and seen[0].startswith("ticket-desk")
    desk.close()


@pytest.mark.parametrize(
    ("payload", "code"), [("HALLKIOSK:APPT:7KQ2MZ4P", "7KQ2MZ4P"), ("appt:4XK9", "4XK9"), (" 7KQ2MZ4P ", "7KQ2MZ4P")]
)
def test_appointment_codes_from_payloads(payload, code) -> None:
    assert appointment_code(payload) == code


@pytest.mark.parametrize(
    "payload", ["", "CTID:abc", "https://x.example/a b", "中文编码", "A" * 40, "APPT:20261126-A001"]
)
def test_bad_appointment_payloads(payload) -> None:
    with pytest.raises(TicketingError) as exc:
        appointment_code(payload)
    assert exc.value.key == "queue.bad_appointment_code"


def test_elder_age_and_wait_minutes() -> None:
    assert is_elder(dt.date(1961, 12, 2), dt.date(2026, 12, 2))
    assert not is_elder(dt.date(1961, 12, 3), dt.date(2026, 12, 2))
    assert [wait_minutes(s) for s in (0, 1, 60, 61, 600)] == [0, 1, 1, 2, 10]


def test_identify_uses_the_injected_clock(devices) -> None:
    conn = HubConnection("http://127.0.0.1:9", "t", "s")
    card = Card("610103196112030012", "李四", dt.date(1961, 12, 3))
    on = TicketDesk(conn, devices, kiosk_settings(), clock=lambda: dt.datetime(2026, 12, 3, 9, tzinfo=TZ))
    before = TicketDesk(conn, devices, kiosk_settings(), clock=lambda: dt.datetime(2026, 12, 2, 9, tzinfo=TZ))
    assert on.identify(card).suggest_elderly and not before.identify(card).suggest_elderly
    assert isinstance(on.identify(card), Identified)
    on.close()
    before.close()


def test_when_a_closed_service_opens_is_counted_in_hall_time() -> None:
    from kiosk.queue.ticketing import service_choice

    # 23:30 UTC on Tuesday 1 Dec is 07:30 on Wednesday 2 Dec in the hall (UTC+8).
    now = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)
    today = service_choice("C", "C", "不动产登记", False, "2026-12-02T08:30:00+08:00", now)
    assert (today.opens_day, today.opens_time, today.opens_weekday) == ("today", "08:30", 2)
    tomorrow = service_choice("C", "C", "不动产登记", False, "2026-12-03T08:30:00+08:00", now)
    assert tomorrow.opens_day == "tomorrow"
    monday = service_choice("C", "C", "不动产登记", False, "2026-12-07T08:30:00+08:00", now)
    assert (monday.opens_day, monday.opens_weekday) == ("weekday", 0)
    never = service_choice("C", "C", "不动产登记", False, None, now)
    assert never.opens_at is None and never.opens_day is None and never.opens_time == ""
    open_now = service_choice("A", "A", "综合受理", True, None, now)
    assert open_now.open_now and open_now.opens_day is None
