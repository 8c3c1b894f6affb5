"""The window role and the maintenance screen against the real simulators: a demo ID
card read over a pty at 115200 baud, a test page over TCP. (Calling, ratings and reading
a card for the citizen being served: tests/ui/test_window_calling.py, with a hub.)"""

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


def test_no_card_on_the_reader_says_so(qtbot, running) -> None:
    core, window, sims = running
    sims.id_reader.remove()
    window.clerk.read_card()
    placing = window.clerk.citizen.text()
    qtbot.waitUntil(lambda: window.clerk.citizen.text() != placing, timeout=10000)
    assert window.clerk.citizen.text() not in ("", "device.id_reader.no_card")
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
    assert window.stack.currentWidget() is window.sign_in_screen  # where it was (nobody signed in)


def test_pulling_the_reader_mid_read_keeps_the_screen_alive_and_recovers(qtbot, running) -> None:
    core, window, sims = running
    clerk = window.clerk
    health = clerk.devices
    qtbot.waitUntil(lambda: health.state_text("id_reader") == health.state_text("queue_bus") == "正常", timeout=5000)
    sims.id_reader.remove()
    clerk.read_card()  # waits up to 5 s for a card, on the reader's own thread
    placing = clerk.citizen.text()
    sims.id_reader.unplug()
    # The GUI thread is free meanwhile: the technician's PIN screen opens at once.
    window.open_maintenance()
    pin, _ = window._tech_screens
    assert window.stack.currentWidget() is pin and placing == "请群众将身份证放在读卡区……"
    window.close_maintenance()
    qtbot.waitUntil(lambda: health.state_text("id_reader") == "离线", timeout=3000)
    qtbot.waitUntil(lambda: clerk.citizen.text() != placing, timeout=8000)
    assert clerk.citizen.text() and "device." not in clerk.citizen.text()  # words, not a key
    sims.id_reader.replug()
    qtbot.waitUntil(lambda: health.state_text("id_reader") == "正常", timeout=5000)
