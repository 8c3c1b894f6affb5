"""取号 at the kiosk, end to end inside the process: the real kiosk window offscreen, a
live hub subprocess (tests/rigs/hub.py), and the demo's simulators (the printer over
TCP, the ID reader over a pty). Nothing faked: the ticket is checked at the hub with the
admin client and on the bytes the printer simulator received."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from drivers.printer import escpos_decode as dec
from kiosk.config.loader import demo_settings
from kiosk.core import Core
from tests.helpers import bring_up_demo
from tests.rigs.halls import hall_with_closed_service
from tests.rigs.hub import running_hub
from ui.app import start_role
from ui.screens.ticket_services import tile_texts

pytestmark = [pytest.mark.gui, pytest.mark.slow]
LEFT = Qt.MouseButton.LeftButton


def _start(qtbot, tmp_path: Path, rig, offline: object = False):
    base = demo_settings("kiosk")
    settings = replace(base, data_dir=tmp_path / "data", hub=replace(base.hub, url=rig.url, token=rig.tokens["kiosk"]))
    core = Core.from_settings(settings)
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    sims, stop = bring_up_demo(core)
    qtbot.waitUntil(lambda: "tile.ticket" in window.home.tile_buttons, timeout=10000)
    if offline is not True:  # the desk bootstrap made on the hub, with these leases instead
        from kiosk.queue.ticketing import TicketDesk

        core.tickets.close()
        core.tickets = TicketDesk(core.hub, core.devices, core.settings, offline=offline)  # type: ignore[arg-type]
    return core, window, sims, stop


@pytest.fixture
def kiosk(qtbot, tmp_path: Path):
    """Online tickets only (a lease would take the day's first numbers; the offline
    kiosk is ``kiosk_leasing``)."""
    with running_hub(tmp_path / "hub") as rig:
        core, window, sims, stop = _start(qtbot, tmp_path, rig)
        yield core, window, sims, rig
        window.close()
        stop()


@pytest.fixture
def kiosk_leasing(qtbot, tmp_path: Path):
    """The kiosk as it ships: its desk leases numbers for when the hub is away (3 per
    lease here, so that running out is quick)."""
    from kiosk.queue.offline import OfflineTickets

    with running_hub(tmp_path / "hub") as rig:
        offline = OfflineTickets.open(tmp_path / "data", size=3, low_water=1)
        core, window, sims, stop = _start(qtbot, tmp_path, rig, offline)
        yield core, window, sims, rig
        window.close()
        stop()
        offline.close()


@pytest.fixture
def kiosk_closed(qtbot, tmp_path: Path):
    (tmp_path / "hall").mkdir()
    with running_hub(tmp_path / "hub", hall=hall_with_closed_service(tmp_path / "hall")) as rig:
        core, window, sims, stop = _start(qtbot, tmp_path, rig)
        yield core, window, sims, rig
        window.close()
        stop()


def open_services(qtbot, window):
    qtbot.mouseClick(window.home.tile_buttons["tile.ticket"], LEFT)
    screen = window.tickets.ticket_services
    assert window.stack.currentWidget() is screen
    qtbot.waitUntil(lambda: len(screen.tiles) >= 3, timeout=5000)
    return screen


def take(qtbot, window, code: str):
    qtbot.mouseClick(window.tickets.ticket_services.tiles[code], LEFT)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tickets.ticket_done, timeout=8000)
    done = window.tickets.ticket_done
    qtbot.waitUntil(lambda: done.ticket.print_state != "printing", timeout=8000)
    return done


def test_no_hub_no_tile(qtbot, tmp_path: Path) -> None:
    core = Core.from_settings(replace(demo_settings("kiosk"), data_dir=tmp_path))
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    _sims, stop = bring_up_demo(core)  # no embedded hub in tests: core.hub stays None
    qtbot.waitUntil(lambda: "tile.guides" in window.home.tile_buttons, timeout=10000)
    assert core.hub is None and "tile.ticket" not in window.home.tile_buttons
    window.close()
    stop()


def test_take_a_number_the_hub_holds_it_and_the_printer_prints_it(qtbot, kiosk) -> None:
    core, window, sims, rig = kiosk
    jobs = len(sims.printer.jobs)
    screen = open_services(qtbot, window)
    assert tile_texts(screen.tiles["A"]) == ["综合受理", "现在可取号"]
    done = take(qtbot, window, "A")
    taken = done.ticket
    assert done.number.text() == "A001" == taken.number and done.heading.text() == "取号成功"
    assert done.service.text() == "综合受理" and done.ahead.text() == "前面没有人，请留意叫号"
    assert taken.print_state == "printed" and done.print_state.text().startswith("请在出纸口取走排队号")
    assert not done.reprint_button.isVisible()
    assert done.number.font().pixelSize() >= 200 or done.number.fontInfo().pixelSize() >= 200
    assert done.announcement == "您的号码是A零零一号，前面还有0人，请留意叫号"

    with rig.client("admin") as admin:
        held = admin.get_ticket(taken.id)
    assert (held.number, held.status, held.service, held.priority) == ("A001", "waiting", "A", None)
    qtbot.waitUntil(lambda: len(sims.printer.jobs) == jobs + 1, timeout=5000)
    elements = dec.decode(sims.printer.jobs[-1])
    lines = dec.text_lines(elements)
    assert "A001" in lines and "综合受理" in lines and "过号请重新取号" in lines
    assert any(ln.startswith("前面等候") and ln.endswith("0 人") for ln in lines)
    assert any(ln.startswith("预计等候") and ln.endswith("即将叫号") for ln in lines)
    assert dec.qr_payloads(elements) == [f"{rig.url}/q/{taken.id}"]

    qtbot.mouseClick(done.done_button, LEFT)  # done: the visit ends, back home
    assert window.stack.currentWidget() is window.home and core.visit.data == {}

    # The next citizen asks for priority (孕妇): the hub queues it so.
    screen = open_services(qtbot, window)
    qtbot.mouseClick(screen.priority_buttons["pregnant"], LEFT)
    assert screen.priority == "pregnant"
    done = take(qtbot, window, "A")
    assert done.number.text() == "A002" and done.priority.text() == "孕妇优先"
    with rig.client("admin") as admin:
        assert admin.get_ticket(done.ticket.id).priority == "pregnant"


def test_out_of_paper_shows_the_number_large_records_it_and_reprints(qtbot, kiosk) -> None:
    core, window, sims, rig = kiosk
    sims.printer.set_paper("out")
    jobs = len(sims.printer.jobs)
    open_services(qtbot, window)
    done = take(qtbot, window, "B")
    taken = done.ticket
    assert taken.print_state == "failed" and taken.print_error == "device.printer.paper_out"
    assert done.number.text() == "B001" and done.number.isVisible()
    assert done.print_state.text() == "排队号未能打印：打印机缺纸"
    assert done.write_down.isVisible() and "请记下您的号码 B001" in done.write_down.text()
    assert core.tickets.unprinted[taken.id].number == "B001"  # kept with the ticket
    assert len(sims.printer.jobs) == jobs and done.reprint_button.isVisible()
    with rig.client("admin") as admin:
        assert admin.get_ticket(taken.id).status == "waiting"  # the number is taken all the same
    # The technician sees it on the maintenance screen's device health.
    qtbot.waitUntil(lambda: core.devices.health_snapshot()["printer"].key == "device.printer.paper_out", timeout=5000)

    sims.printer.set_paper("ok")
    qtbot.mouseClick(done.reprint_button, LEFT)
    qtbot.waitUntil(lambda: done.ticket.print_state == "printed", timeout=8000)
    assert not done.write_down.isVisible() and taken.id not in core.tickets.unprinted
    qtbot.waitUntil(lambda: len(sims.printer.jobs) == jobs + 1, timeout=5000)
    assert "B001" in dec.text_lines(dec.decode(sims.printer.jobs[-1]))


def test_hub_killed_says_so_plainly_and_points_to_the_desk(qtbot, kiosk) -> None:
    _core, window, sims, rig = kiosk
    screen = open_services(qtbot, window)
    rig.kill()
    jobs = len(sims.printer.jobs)
    qtbot.mouseClick(screen.tiles["A"], LEFT)
    qtbot.waitUntil(lambda: "咨询台" in screen.message.text(), timeout=8000)
    assert screen.message.text().startswith("暂时无法取号：连接不上大厅叫号系统")
    assert "hub" not in screen.message.text() and "queue." not in screen.message.text()
    assert window.stack.currentWidget() is screen and screen.tiles["A"].isEnabled()
    assert len(sims.printer.jobs) == jobs  # nothing printed for a number that does not exist
    # Coming back to the screen while the hub is away: the same words, no tiles.
    window.go_home()
    qtbot.mouseClick(window.home.tile_buttons["tile.ticket"], LEFT)
    qtbot.waitUntil(lambda: "咨询台" in screen.message.text(), timeout=8000)
    assert screen.tiles == {}


def test_hub_away_the_kiosk_issues_its_leased_numbers_then_points_to_the_desk(qtbot, kiosk_leasing) -> None:
    core, window, sims, rig = kiosk_leasing
    screen = open_services(qtbot, window)  # the hub answers: 3 numbers of each open service leased
    rig.stop()
    window.go_home()
    screen = open_services(qtbot, window)  # the services last seen are still offered
    for number in ("A701", "A702", "A703"):  # the leases' own band
        jobs = len(sims.printer.jobs)
        done = take(qtbot, window, "A")
        assert done.ticket.offline and done.number.text() == number
        assert done.heading.text() == "取号成功（离线发放）" and "同样有效" in done.ahead.text()
        assert done.announcement == f"您的号码是A七零{'一二三'[int(number[-1]) - 1]}号，本号有效，请留意叫号"
        qtbot.waitUntil(lambda jobs=jobs: len(sims.printer.jobs) == jobs + 1, timeout=5000)
        text = "".join(dec.text_lines(dec.decode(sims.printer.jobs[-1]))).replace(" ", "")
        assert number in text and "离线取号" in text and "本号有效" in text and "前面等候" not in text
        qtbot.mouseClick(done.done_button, LEFT)
        screen = open_services(qtbot, window)
    # Used up: said plainly, nothing printed, the consulting window named.
    jobs = len(sims.printer.jobs)
    qtbot.mouseClick(screen.tiles["A"], LEFT)
    qtbot.waitUntil(lambda: "咨询台" in screen.message.text(), timeout=8000)
    assert screen.message.text().startswith("暂时无法取号") and "备用号" in screen.message.text()
    assert window.stack.currentWidget() is screen and len(sims.printer.jobs) == jobs
    # The three wait in the outbox for the hub, as records of kind ticket.
    offline = core.tickets.offline()
    tickets = [r for r in offline.outbox.records() if r.kind == "ticket"]
    assert len(tickets) == 3 and {r.state for r in tickets} == {"pending"}


def test_the_same_person_twice_sees_the_ticket_they_hold(qtbot, kiosk) -> None:
    core, window, sims, rig = kiosk
    core.demo.insert_card(0)
    screen = open_services(qtbot, window)
    qtbot.waitUntil(lambda: "张**" in screen.card_hint.text(), timeout=8000)
    assert "张三丰" not in screen.card_hint.text()
    # Born in 1880: 长者 is suggested, not forced — it can be taken back.
    assert screen.priority == "elderly" and screen.priority_note.isVisible()
    qtbot.mouseClick(screen.priority_buttons["elderly"], LEFT)
    assert screen.priority is None
    first = take(qtbot, window, "B").ticket
    assert not first.already_held and first.number == "B001"
    qtbot.mouseClick(window.tickets.ticket_done.done_button, LEFT)
    qtbot.waitUntil(lambda: window.home.notice.text() == "请取走身份证", timeout=8000)
    core.demo.remove_card()  # taken, and placed again when they come back
    qtbot.waitUntil(lambda: window.home.notice.isHidden(), timeout=8000)
    core.demo.insert_card(0)

    jobs = len(sims.printer.jobs)
    screen = open_services(qtbot, window)
    qtbot.waitUntil(lambda: "张**" in screen.card_hint.text(), timeout=8000)
    qtbot.mouseClick(screen.tiles["B"], LEFT)
    done = window.tickets.ticket_done
    qtbot.waitUntil(lambda: window.stack.currentWidget() is done, timeout=8000)
    assert done.ticket.already_held and done.ticket.id == first.id
    assert done.heading.text() == "您已取号 B001，前面还有 0 人"
    assert done.announcement.startswith("您已取号，号码是B零零一号") and "张" not in done.announcement
    assert done.reprint_button.isVisible() and len(sims.printer.jobs) == jobs  # not printed unasked
    with rig.client("admin") as admin:
        assert admin.queue().waiting["B"] == 1
    qtbot.mouseClick(done.reprint_button, LEFT)
    qtbot.waitUntil(lambda: len(sims.printer.jobs) == jobs + 1, timeout=8000)
    lines = dec.text_lines(dec.decode(sims.printer.jobs[-1]))
    assert "B001" in lines and any(ln.startswith("补打时间") for ln in lines)


def test_a_card_left_on_the_reader_is_asked_back_and_never_counts_for_the_next_visit(qtbot, kiosk) -> None:
    """Finding 4: the card left on the reader when the visit timed out identified the next
    person at 取号 (已读取身份证：张**, 长者 chosen), and nobody asked for it to be taken."""
    import time

    from ui.voice_screens import describe

    core, window, sims, rig = kiosk
    core.demo.insert_card(0)
    screen = open_services(qtbot, window)
    qtbot.waitUntil(lambda: "张**" in screen.card_hint.text(), timeout=8000)
    assert screen.priority == "elderly"
    core.visit.clock = lambda: time.monotonic() + 3600  # nobody answered: the visit times out
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=5000)
    core.visit.clock = time.monotonic
    qtbot.waitUntil(lambda: window.home.notice.text() == "请取走身份证", timeout=8000)
    assert window.home.notice.isVisible()
    assert "请取走身份证" in [u.text for u in describe(window.home).prompt]  # and the voice says it

    screen = open_services(qtbot, window)  # the next person, the card still there
    qtbot.waitUntil(lambda: screen.card_hint.text() == "请先取走读卡区上的身份证，再放上您本人的身份证", timeout=5000)
    qtbot.wait(1500)  # the reader is read again and again meanwhile
    assert "张" not in screen.card_hint.text() and screen.priority is None and not screen.priority_note.isVisible()
    assert "ticket_identity" not in core.visit.data
    core.demo.remove_card()
    qtbot.waitUntil(lambda: screen.card_hint.text() == "刷身份证取号：将身份证放在读卡区（可不刷）", timeout=5000)
    assert window.home.notice.isHidden() and "ticket_identity" not in core.visit.data
    done = take(qtbot, window, "A")  # taken without the previous citizen's priority
    with rig.client("admin") as admin:
        assert admin.get_ticket(done.ticket.id).priority is None
    qtbot.mouseClick(done.done_button, LEFT)
    qtbot.waitUntil(lambda: core.card_return.counts, timeout=5000)  # the reader seen empty
    assert window.home.notice.isHidden()  # no card left: nothing to ask back

    core.demo.insert_card(0)  # placed again: it counts
    screen = open_services(qtbot, window)
    qtbot.waitUntil(lambda: "张**" in screen.card_hint.text(), timeout=8000)


def test_a_closed_service_shows_when_it_opens_and_cannot_be_taken(qtbot, kiosk_closed) -> None:
    _core, window, _sims, rig = kiosk_closed
    screen = open_services(qtbot, window)
    closed = screen.tiles["C"]
    name, when = tile_texts(closed)
    assert name == "不动产登记" and when.endswith(" 08:30 开始取号") and when.startswith("周")
    assert not closed.isEnabled() and screen.tiles["A"].isEnabled()
    qtbot.mouseClick(closed, LEFT)
    qtbot.wait(300)
    assert window.stack.currentWidget() is screen
    with rig.client("admin") as admin:
        assert admin.queue().waiting.get("C", 0) == 0
    window.tickets.take_ticket("C")  # even if a tap got through, the hub refuses and the screen says so
    qtbot.waitUntil(lambda: "08:30 开始取号" in screen.message.text(), timeout=8000)
    assert screen.message.text() == "该业务现在不取号，08:30 开始取号"
    assert not closed.isEnabled()


def test_appointment_check_in_reads_the_camera_and_refuses_a_foreign_code(qtbot, kiosk) -> None:
    # The demo camera shows the booking system's code APPT:20261126-A001, which this
    # hall's hub never issues (its codes are letters and digits): the scan works, and the
    # kiosk says it is not this hall's code without bothering the hub.
    _core, window, _sims, rig = kiosk
    screen = open_services(qtbot, window)
    assert screen.check_in_button.isVisible()
    qtbot.mouseClick(screen.check_in_button, LEFT)
    assert screen.message.text() == "请将预约二维码对准摄像头" and not screen.check_in_button.isEnabled()
    qtbot.waitUntil(lambda: screen.check_in_button.isEnabled(), timeout=25000)
    assert screen.message.text() == "这不是本大厅的预约二维码"
    assert screen.check_in_button.isEnabled() and window.stack.currentWidget() is screen
    with rig.client("admin") as admin:
        assert sum(admin.queue().waiting.values()) == 0
