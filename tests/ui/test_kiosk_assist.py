"""帮办代办, 呼叫帮助 and 办不成事 end to end: the real kiosk window offscreen, a live hub
subprocess (tests/rigs/hub.py), the demo's simulators (the printer over TCP, the ID
reader over a pty), and a real window terminal for the help badge. Receipts are read
from the bytes the printer simulator received; audit steps and reports from the hub."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from drivers.printer import escpos_decode as dec
from kiosk import bootstrap
from kiosk.config.loader import demo_settings
from kiosk.core import Core
from kiosk.hall_time import hall_now
from tests.cases_rig import ALLOWANCE, CITIZEN_ID, CITIZEN_NAME, kiosk_feed
from tests.helpers import bring_up_demo
from tests.rigs.hub import create_token, running_hub
from tests.support.waiting import wait_for
from ui.app import start_role

pytestmark = [pytest.mark.gui, pytest.mark.slow]
LEFT = Qt.MouseButton.LeftButton
PHONE = "13912345678"


@pytest.fixture
def kiosk(qtbot, tmp_path: Path):
    with running_hub(tmp_path / "hub") as rig:
        token = create_token(rig.db_url, "kiosk", terminal="kiosk-3")  # 3号自助机
        base = demo_settings("kiosk")
        settings = replace(base, data_dir=tmp_path / "data", hub=replace(base.hub, url=rig.url, token=token))
        core = Core.from_settings(settings)
        window = start_role(core, fullscreen=False)
        qtbot.addWidget(window)
        sims, stop = bring_up_demo(core)
        qtbot.waitUntil(lambda: core.cases is not None and "tile.ticket" in window.home.tile_buttons, timeout=15000)
        core.catalog.import_file(kiosk_feed(tmp_path), "feed", allow_shrink=True)  # 高龄津贴申领
        yield core, window, sims, rig, tmp_path
        window.close()
        stop()


def receipt_text(qtbot, sims, jobs: int) -> str:
    qtbot.waitUntil(lambda: len(sims.printer.jobs) == jobs + 1, timeout=10000)
    return "".join(dec.text_lines(dec.decode(sims.printer.jobs[-1])))


def print_notice(qtbot, window, sims) -> str:
    window.guides.open_guide(ALLOWANCE)
    jobs = len(sims.printer.jobs)
    qtbot.mouseClick(window.guides.guide_screen.print_button, LEFT)
    return receipt_text(qtbot, sims, jobs)


def test_a_helper_assisted_visit_is_named_on_paper_and_audited_at_the_hub(qtbot, kiosk) -> None:
    core, window, sims, rig, _ = kiosk
    assist = window.assist
    assert assist.help_button.isVisible() and not assist.badge.isVisible()
    # The helper's discreet way in: a long press on 呼叫帮助 (no help request with it).
    qtbot.mousePress(assist.help_button, LEFT)
    qtbot.wait(1700)
    qtbot.mouseRelease(assist.help_button, LEFT)
    screen = assist.sign_in_screen
    assert window.stack.currentWidget() is screen and not assist.desk.help_sent
    qtbot.keyClicks(screen.staff, "3001")
    screen.pin.setFocus()
    for digit in "000000":
        qtbot.mouseClick(screen.pad.keys[digit], LEFT)
    qtbot.mouseClick(screen.pad.keys["OK"], LEFT)
    qtbot.waitUntil(lambda: screen.message.text() == "工号或密码不正确", timeout=10000)
    assert assist.desk.helper is None
    for digit in "246810":
        qtbot.mouseClick(screen.pad.keys[digit], LEFT)
    qtbot.mouseClick(screen.pad.keys["OK"], LEFT)
    qtbot.waitUntil(lambda: assist.badge.isVisible(), timeout=10000)
    assert assist.badge.label.text() == "帮办中 · 工号3001" and window.stack.currentWidget() is window.home
    visit = core.visit.visit_id

    text = print_notice(qtbot, window, sims)  # the one-time notice
    assert "一次性告知单" in text and "帮办人员" in text and "工号3001 王*" in text and "王芳" not in text

    window.go_home()
    qtbot.mouseClick(window.home.tile_buttons["tile.ticket"], LEFT)
    services = window.tickets.ticket_services
    qtbot.waitUntil(lambda: len(services.tiles) >= 3, timeout=8000)
    sims.id_reader.insert_demo(0)  # the citizen's card: the ticket is theirs
    qtbot.waitUntil(lambda: "ticket_identity" in core.visit.data, timeout=10000)
    jobs = len(sims.printer.jobs)
    qtbot.mouseClick(services.tiles["A"], LEFT)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tickets.ticket_done, timeout=8000)
    text = receipt_text(qtbot, sims, jobs)
    assert "A001" in text and "帮办人员" in text and "工号3001 王*" in text

    qtbot.mouseClick(window.tickets.ticket_done.done_button, LEFT)  # 完成: the visit ends, and with it the help
    assert not assist.badge.isVisible() and assist.desk.helper is None

    def steps():
        with rig.client("admin") as admin:
            found = admin._json("GET", "/api/v1/audit-entries", params={"visit": visit})
        return found if any(s["action"] == "assist.ended" for s in found) else None

    trail = list(reversed(wait_for(steps, what="the assist steps", timeout_s=15)))
    actions = [s["action"] for s in trail]
    assert actions[0] == "assist.started" and actions[-1] == "assist.ended"
    assert {"notice.printed", "ticket.taken", "screen.opened"} <= set(actions)
    assert {s["helper"] for s in trail} == {"3001"} and {s["terminal"] for s in trail} == {"kiosk-3"}
    notice = next(s for s in trail if s["action"] == "notice.printed")
    assert notice["screen"] == "guide" and notice["details"]["item"] == "高龄津贴申领"
    taken = next(s for s in trail if s["action"] == "ticket.taken")
    assert taken["details"]["number"] == "A001" and taken["details"]["citizen"] == "张**"
    assert CITIZEN_NAME not in str(trail) and CITIZEN_ID not in str(trail)

    # The next citizen: nobody helps, nobody is named.
    text = print_notice(qtbot, window, sims)
    assert "一次性告知单" in text and "帮办人员" not in text and "3001" not in text


def test_call_for_help_reaches_the_hub_and_shows_at_a_window(qtbot, kiosk, tmp_path: Path) -> None:
    core, window, sims, rig, _ = kiosk
    base = demo_settings("window")
    w_settings = replace(
        base, data_dir=tmp_path / "window", hub=replace(base.hub, url=rig.url, token=rig.tokens["window:1"])
    )
    w_core = Core.from_settings(w_settings)
    terminal = start_role(w_core, fullscreen=False)
    qtbot.addWidget(terminal)
    bootstrap.connect_hub(w_core, None, [])  # the window's hub connection (no devices needed)
    qtbot.waitUntil(lambda: terminal.help_alerts is not None, timeout=5000)
    qtbot.wait(500)  # the window's event stream is open
    try:
        window.guides.open_guide(ALLOWANCE)
        assist = window.assist
        qtbot.mouseClick(assist.help_button, LEFT)
        help_screen = assist.help_screen
        assert window.stack.currentWidget() is help_screen
        assert help_screen.text.text() == "帮助请求已发出，工作人员马上就来。请在本机旁稍候。"
        qtbot.mouseClick(assist.help_button, LEFT)  # a second tap: on its way, not a second call
        assert "正在赶来" in help_screen.text.text()
        qtbot.mouseClick(help_screen.back_button, LEFT)
        assert window.stack.currentWidget() is window.guides.guide_screen

        badge = terminal.help_alerts.badge
        qtbot.waitUntil(lambda: badge.isVisible(), timeout=15000)
        assert badge.text() == "3号自助机 请求帮助 · 办事指南页 · 刚刚"
        with rig.client("window:2") as other:
            asked = other.help_requests()
        assert [(h["terminal"], h["screen"]) for h in asked] == [("kiosk-3", "guide")]
        qtbot.mouseClick(badge, LEFT)  # 知道了
        assert not badge.isVisible()
    finally:
        terminal.close()
        w_core.stop()


def test_could_not_get_it_done_prints_a_slip_the_hub_holds_and_keeps_the_phone_sealed(qtbot, kiosk) -> None:
    core, window, sims, rig, tmp_path = kiosk
    assert window.home.unresolved_button.isVisible()
    window.guides.open_guide(ALLOWANCE)
    qtbot.mouseClick(window.guides.guide_screen.unresolved_button, LEFT)
    form = window.unresolved.unresolved_screen
    assert window.stack.currentWidget() is form and form.tried.text() == "高龄津贴申领"
    qtbot.mouseClick(form.submit_button, LEFT)
    assert form.message.text() == "请至少选择一个问题，或写几句说明"
    qtbot.mouseClick(form.reason_buttons["materials"], LEFT)
    form.phone.setText("1391234")
    qtbot.mouseClick(form.submit_button, LEFT)
    assert form.message.text() == "请填写11位手机号码，或带区号的固定电话"
    form.phone.setText("139 1234 5678")
    jobs = len(sims.printer.jobs)
    qtbot.mouseClick(form.submit_button, LEFT)
    done = window.unresolved.unresolved_done
    assert window.stack.currentWidget() is done
    reference = done.reference.text()
    assert reference.startswith("BB") and "139****5678" in done.text.text()
    text = receipt_text(qtbot, sims, jobs)
    assert "办不成事反映回执" in text and reference in text and f"{hall_now():%Y-%m-%d}" in text  # the hall's date
    assert "高龄津贴申领" in text and "材料要求不清楚或交不齐" in text and "139****5678" in text
    assert "办不成事反映窗口" in text and "12345" in text and PHONE not in text

    def held():
        with rig.client("window:1") as w:
            return [r for r in w._json("GET", "/api/v1/unresolved-reports") if r["reference"] == reference]

    (report,) = wait_for(held, what="the held report", timeout_s=15)
    assert report["phone"] == "139****5678" and report["task_code"] == ALLOWANCE
    # On the kiosk the number exists only sealed: no SQLite file (nor its journal) holds it.
    files = [f for f in (tmp_path / "data").rglob("*") if f.is_file()]
    assert any(f.name == "outbox.sqlite" for f in files)
    assert [f.name for f in files if PHONE.encode() in f.read_bytes()] == []

    qtbot.mouseClick(done.done_button, LEFT)  # the visit ends; the form is empty for the next
    assert window.stack.currentWidget() is window.home and form.phone.text() == ""
    qtbot.mouseClick(window.home.unresolved_button, LEFT)  # from the home: nothing prefilled
    assert window.stack.currentWidget() is form and form.tried.text() == ""
