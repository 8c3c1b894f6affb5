"""The set-up wizard driven offscreen against the device simulators and a live hub:
each device found and tested with its button, the hub paired with a code from
``kiosk hub pair``, the file saved; then the PIN guard when a file exists.

Screenshots of the steps go to ``$SETUP_SCREENSHOTS`` (default: the test's folder)."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from drivers.sim.suite import SimulatorSuite
from kiosk.setup import SetupSession
from kiosk.setup.session import Identity
from tests.rigs.hub import kiosk_cli, running_hub
from ui import i18n, theme

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def _shoot(window, folder: Path, name: str) -> Path:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    path = folder / f"setup-{name}.png"
    assert window.grab().save(str(path), "PNG")
    return path


def _result(screen) -> str:
    return screen.result.text()


def _done(qtbot, screen, timeout: int) -> None:
    """Wait for the step's outcome (✔ or ✘; the click set a 请稍候 text first)."""
    qtbot.waitUntil(lambda: _result(screen)[:1] in ("✔", "✘"), timeout=timeout)


def test_the_wizard_finds_tests_pairs_and_saves(qtbot, qapp, tmp_path: Path) -> None:
    from ui.setup_window import SetupWindow

    shots = Path(os.environ.get("SETUP_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    i18n.set_language("zh_CN")
    qapp.setStyleSheet(theme.style_sheet(theme.NORMAL))
    with SimulatorSuite(tmp_path / "sim", transport="pty").start() as sims, running_hub(tmp_path / "hub") as hub:
        opts = sims.device_options()
        code = (
            kiosk_cli("hub", "pair", "--db", hub.db_url, "--terminal", "dongcun-2", "--role", "window", "--window", "4")
            .stdout.strip()
            .splitlines()[-1]
        )
        config = tmp_path / "config.toml"
        found = {
            "id_reader": [opts["queue_bus"]["url"], opts["id_reader"]["url"]],
            "printer": [opts["printer"]["url"]],
            "smartcard": [],
            "camera": [opts["camera"]["source"]],
        }
        window = SetupWindow(SetupSession(identity=Identity(data_dir=tmp_path / "data")), config, found)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()

        reader = window.devices["id_reader"]
        assert not reader.test_button.isEnabled()  # nothing to test before it is found
        qtbot.mouseClick(reader.find_button, qtbot_button())
        _done(qtbot, reader, 20000)
        assert f"找到身份证阅读器：{opts['id_reader']['url']}，波特率115200" in _result(reader)
        assert reader.test_button.isEnabled()
        sims.id_reader.insert_demo(0)
        qtbot.mouseClick(reader.test_button, qtbot_button())
        _done(qtbot, reader, 15000)
        assert "读卡成功：张*" in _result(reader) and "6101**********0012" in _result(reader)
        _shoot(window, shots, "1-id-reader")

        qtbot.mouseClick(window.next_button, qtbot_button())
        printer = window.devices["printer"]
        assert window.stack.currentWidget() is printer and printer.address.text() == opts["printer"]["url"]
        qtbot.mouseClick(printer.find_button, qtbot_button())
        _done(qtbot, printer, 10000)
        assert _result(printer) == "✔ 工作正常"
        qtbot.mouseClick(printer.test_button, qtbot_button())
        _done(qtbot, printer, 10000)
        assert _result(printer) == "✔ 测试凭条已打印"
        _shoot(window, shots, "2-printer")

        qtbot.mouseClick(window.next_button, qtbot_button())
        card = window.devices["smartcard"]
        qtbot.mouseClick(card.find_button, qtbot_button())
        _done(qtbot, card, 10000)
        assert "未配置" in _result(card)  # left empty: this station has no 社保卡 reader

        qtbot.mouseClick(window.next_button, qtbot_button())
        camera = window.devices["camera"]
        qtbot.mouseClick(camera.find_button, qtbot_button())
        _done(qtbot, camera, 10000)
        qtbot.mouseClick(camera.test_button, qtbot_button())
        _done(qtbot, camera, 20000)
        assert _result(camera).startswith("✔ 已识别二维码：")
        _shoot(window, shots, "4-camera")

        qtbot.mouseClick(window.next_button, qtbot_button())
        hub_screen = window.hub
        hub_screen.address.setText(hub.url)
        qtbot.keyClicks(hub_screen.code, "12345x")  # the validator keeps digits only
        assert hub_screen.code.text() == "12345"
        qtbot.mouseClick(hub_screen.pair_button, qtbot_button())
        _done(qtbot, hub_screen, 10000)
        assert "6位数字" in _result(hub_screen)
        hub_screen.code.setText(code)
        _shoot(window, shots, "5-hub")
        qtbot.mouseClick(hub_screen.pair_button, qtbot_button())
        _done(qtbot, hub_screen, 10000)
        assert _result(hub_screen) == "✔ 配对成功：dongcun-2（window 4号窗口）"
        assert hub_screen.code.text() == ""

        qtbot.mouseClick(window.next_button, qtbot_button())
        save = window.save_screen
        assert save.role.currentData() == "window" and save.window_no.value() == 4
        assert save.terminal_id.text() == "dongcun-2"
        assert "已识别二维码" in save.summary.text() and "已配对" in save.summary.text()
        save.hall_code.setText("VILLAGE-2")
        save.hall_name.setText("西村便民服务站")
        save.pin.setText("12")
        qtbot.mouseClick(save.save_button, qtbot_button())
        qtbot.waitUntil(lambda: "✘" in _result(save), timeout=5000)
        assert "维护密码" in _result(save) and not config.exists()
        save.pin.setText("246813")
        _shoot(window, shots, "6-save")
        with qtbot.waitSignal(window.saved, timeout=5000):
            qtbot.mouseClick(save.save_button, qtbot_button())
        assert stat.S_IMODE(config.stat().st_mode) == 0o600
        written = tomllib.loads(config.read_text(encoding="utf-8"))
        assert written["role"] == "window" and written["hall"]["window_no"] == 4
        assert written["hall"]["name"] == "西村便民服务站" and written["technician_pin"] == "246813"
        assert written["devices"]["id_reader"]["url"] == opts["id_reader"]["url"]
        assert written["devices"]["camera"]["source"] == opts["camera"]["source"]
        assert written["hub"]["url"] == hub.url + "/" and written["hub"]["token"]
        window.close()

        # Once a file exists, the wizard opens only with its PIN.
        again = SetupWindow(SetupSession(), config, found, existing_pin="246813")
        qtbot.addWidget(again)
        again.show()
        assert again.outer_stack.currentWidget() is again.pin_screen
        for key in "1111":
            qtbot.mouseClick(again.pin_screen.keys[key], qtbot_button())
        qtbot.mouseClick(again.pin_screen.keys["OK"], qtbot_button())
        assert again.outer_stack.currentWidget() is again.pin_screen
        for key in "246813":
            qtbot.mouseClick(again.pin_screen.keys[key], qtbot_button())
        qtbot.mouseClick(again.pin_screen.keys["OK"], qtbot_button())
        assert again.outer_stack.currentIndex() == 0
        again.close()


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
