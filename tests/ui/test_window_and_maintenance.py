"""The window role and the maintenance screen against the real simulators: a demo ID
card read over a pty at 115200 baud, ratings over Modbus RTU, a test page over TCP."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.config.loader import demo_settings
from kiosk.core import Core
from tests.helpers import bring_up_demo
from ui.app import start_role

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture
def running(qtbot, tmp_path: Path):
    settings = replace(demo_settings("window"), data_dir=tmp_path, technician_pin="2468")
    core = Core.from_settings(settings)
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    sims, stop = bring_up_demo(core)  # simulators, devices, catalog — as after the first screen
    qtbot.waitUntil(lambda: window.demo_button is not None, timeout=5000)
    yield core, window, sims
    stop()


def test_clerk_reads_a_card_shows_it_masked_and_collects_a_rating(qtbot, running) -> None:
    core, window, sims = running
    clerk = window.clerk
    qtbot.waitUntil(lambda: sims.queue_bus.display_text.startswith("1号窗口"), timeout=5000)
    core.demo.insert_card(0)
    qtbot.mouseClick(clerk.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "正在办理" in clerk.status.text(), timeout=5000)
    assert "张**" in clerk.status.text() and "6101**********0012" in clerk.status.text()
    assert "张三丰" not in clerk.status.text()
    assert core.visit.data["identity"].name == "张三丰"  # kept in the visit, not on screen

    qtbot.mouseClick(clerk.rate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sims.queue_bus.lamp, timeout=5000)
    core.demo.tap_rating(5)
    qtbot.waitUntil(lambda: "非常满意" in clerk.rating.text(), timeout=5000)
    assert not sims.queue_bus.lamp

    qtbot.mouseClick(clerk.finish_button, Qt.MouseButton.LeftButton)
    assert core.visit.data == {} and clerk.status.text() == "当前无办理中的群众"


def test_no_card_on_the_reader_says_so(qtbot, running) -> None:
    core, window, sims = running
    sims.id_reader.remove()
    window.clerk.read_card()
    qtbot.waitUntil(lambda: window.clerk.read_button.isEnabled(), timeout=10000)
    assert window.clerk.message.text() not in ("", "device.id_reader.no_card")
    assert core.visit.data == {}


def test_maintenance_needs_the_pin_then_prints_and_previews(qtbot, running) -> None:
    core, window, sims = running
    for _ in range(5):
        qtbot.mouseClick(window.header.clock, Qt.MouseButton.LeftButton)
    pin, tech = window._tech_screens
    assert window.stack.currentWidget() is pin
    for key in "1111":
        qtbot.mouseClick(pin.keys[key], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pin.keys["OK"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is pin and pin.message.text() == "密码不正确"
    for key in "2468":
        qtbot.mouseClick(pin.keys[key], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pin.keys["OK"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is tech

    jobs = len(sims.printer.jobs)
    qtbot.mouseClick(tech.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "测试页已打印" in tech.result.text(), timeout=5000)
    qtbot.waitUntil(lambda: len(sims.printer.jobs) == jobs + 1, timeout=5000)  # stored once the job ends

    tech.camera_button.setChecked(True)
    qtbot.waitUntil(lambda: "APPT" in tech.codes.text(), timeout=10000)
    assert tech.image.pixmap() is not None and not tech.image.pixmap().isNull()
    qtbot.mouseClick(tech.camera_button, Qt.MouseButton.LeftButton)
    tech.close_screen()
    assert window.stack.currentWidget() is window.clerk


def test_pulling_the_reader_mid_read_keeps_the_screen_alive_and_recovers(qtbot, running) -> None:
    core, window, sims = running
    clerk = window.clerk
    health = clerk.devices
    qtbot.waitUntil(lambda: health.state_text("id_reader") == health.state_text("queue_bus") == "正常",
                    timeout=5000)
    sims.id_reader.remove()
    clerk.read_card()  # waits up to 5 s for a card, on the reader's own thread
    sims.id_reader.unplug()
    # The GUI thread is free meanwhile: the clerk can still ask for a rating.
    qtbot.mouseClick(clerk.rate_button, Qt.MouseButton.LeftButton)
    assert clerk.rating.text() == "评价器已亮灯，等待群众评价……"  # handled at once, not after the read
    qtbot.waitUntil(lambda: sims.queue_bus.lamp, timeout=5000)
    qtbot.waitUntil(lambda: health.state_text("id_reader") == "离线", timeout=3000)
    qtbot.waitUntil(lambda: clerk.read_button.isEnabled(), timeout=8000)
    assert clerk.message.text() and "device." not in clerk.message.text()  # words, not a key
    sims.id_reader.replug()
    qtbot.waitUntil(lambda: health.state_text("id_reader") == "正常", timeout=5000)
    core.demo.insert_card(1)
    clerk.read_card()
    qtbot.waitUntil(lambda: "李*" in clerk.status.text(), timeout=5000)
