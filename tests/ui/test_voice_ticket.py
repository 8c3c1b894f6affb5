"""取号 by keypad with voice guidance (JOURNEYS.md 4), against a live hub subprocess and
the demo's simulators: with headphones in the jack the citizen hears whose card was read,
the number and the people ahead; with no headphones none of that reaches the
loudspeaker. Every key is a real key event to the focused widget; no mouse event."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.config.loader import demo_settings
from kiosk.config.settings import GuidanceSettings
from kiosk.core import Core
from kiosk.guidance import RecordingOutput
from tests.helpers import bring_up_demo
from tests.rigs.hub import running_hub
from tests.ui.test_voice_keypad import KP, NO, MouseCounter, press, said, wait_said
from ui.app import start_role

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture
def kiosk(qtbot, tmp_path: Path):
    with running_hub(tmp_path / "hub") as rig:
        base = demo_settings("kiosk")
        settings = replace(
            base,
            data_dir=tmp_path / "data",
            hub=replace(base.hub, url=rig.url, token=rig.tokens["kiosk"]),
            guidance=GuidanceSettings(engine="none", headset="simulated"),
        )
        core = Core.from_settings(settings)
        window = start_role(core, fullscreen=False)
        qtbot.addWidget(window)
        sims, stop = bring_up_demo(core)
        qtbot.waitUntil(
            lambda: (
                "tile.ticket" in window.home.tile_buttons
                and window.demo_panel is not None
                and window.voice is not None
                and window.voice.started
            ),
            timeout=10000,
        )
        voice = RecordingOutput()
        window.voice.guidance.output_for = lambda lang: voice
        mice = MouseCounter()
        QApplication.instance().installEventFilter(mice)
        yield core, window, sims, mice
        QApplication.instance().removeEventFilter(mice)
        window.close()
        stop()


def digit(n: int) -> Qt.Key:
    return getattr(Qt.Key, f"Key_{n}")


def take_number(qtbot, window, core, service: str, headset: bool) -> None:
    """取号 from the home screen by keypad, the demo card on the reader."""
    press(qtbot, window, digit(list(window.home.tile_buttons).index("tile.ticket") + 1))
    screen = window.tickets.ticket_services
    qtbot.waitUntil(lambda: len(screen.tiles) >= 3, timeout=5000)
    wait_said(qtbot, window, "1，综合受理")  # the services, read as a numbered list
    core.demo.insert_card(0)
    qtbot.waitUntil(lambda: "*" in screen.card_hint.text(), timeout=5000)
    # Heard before the service is chosen: the masked name in the headphones, or only
    # that a card was read.
    heard = screen.card_hint.text() if headset else "已读取身份证"
    qtbot.waitUntil(lambda: heard in said(window), timeout=3000)
    press(qtbot, window, digit(list(screen.tiles).index(service) + 1))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tickets.ticket_done, timeout=8000)
    qtbot.waitUntil(lambda: window.tickets.ticket_done.ticket.print_state == "printed", timeout=8000)


def test_the_number_is_spoken_only_through_the_headset(qtbot, kiosk) -> None:
    core, window, sims, mice = kiosk
    guidance = window.voice.guidance
    window.demo_panel.buttons["headset"].click()  # the demo panel plugs headphones in
    assert guidance.active and guidance.headset_in
    assert window.voice.toggle.text() == "✓ 语音播报：开"
    assert "个人信息只在耳机中播报" in said(window)[0]

    take_number(qtbot, window, core, "A", headset=True)
    hint = window.tickets.ticket_services.card_hint.text()  # 已读取：张*（…）: personal, masked
    done = window.tickets.ticket_done
    wait_said(qtbot, window, "您的号码是A零零一号，前面还有0人")
    wait_said(qtbot, window, "请在出纸口取走排队号")
    assert [t for t in said(window) if "取号成功" in t] == ["取号成功"]
    log = guidance.log
    assert [s.route for s in log if s.text == hint] == ["headset"]
    announced = [s for s in log if s.text == done.announcement]
    assert announced and all(s.private and s.route == "headset" for s in announced)
    assert {s.route for s in log} == {"headset"}  # with headphones in, nothing on the loudspeaker
    assert sims.printer.jobs  # the paper came out too

    press(qtbot, window, Qt.Key.Key_Escape, NO)  # 返回 on the done screen: 完成, the visit ends
    assert window.stack.currentWidget() is window.home and core.visit.data == {}
    assert guidance.log == [] and guidance.active  # forgotten; the headphones are still in
    window.demo_panel.buttons["headset"].click()  # unplugged
    assert not guidance.active and window.voice.toggle.text() == "语音播报：关"
    assert mice.count == 0


def test_without_a_headset_the_loudspeaker_says_no_number_and_no_name(qtbot, kiosk) -> None:
    core, window, _sims, mice = kiosk
    guidance = window.voice.guidance
    press(qtbot, window, Qt.Key.Key_Asterisk, KP)  # a helper switches voice on with the keypad
    assert guidance.active and not guidance.headset_in

    take_number(qtbot, window, core, "A", headset=False)
    done = window.tickets.ticket_done
    wait_said(qtbot, window, "号码已打印在排队号凭条上，插入耳机可收听号码")
    assert [t for t in said(window) if "取号成功" in t] == ["取号成功"]  # said once (finding 5)
    number, hint = done.ticket.number, window.tickets.ticket_services.card_hint.text()
    masked = hint.split("：", 1)[-1]
    log = guidance.log
    assert {s.route for s in log} == {"loudspeaker"}
    assert "已读取身份证" in said(window)
    for text in said(window):
        assert number not in text and "零零" not in text, text
        assert masked not in text and "*" not in text, text
    assert done.announcement.startswith("您的号码是") and done.announcement not in said(window)
    assert [s.withheld for s in log if s.private] == [True] * len([s for s in log if s.private]) != []
    assert guidance.withheld >= 2  # the card and the number
    assert mice.count == 0


def test_the_demo_panel_plugs_headphones_in_whatever_the_language(qtbot, kiosk) -> None:
    # Finding 5: the demo had no way to plug a headset in once the panel was rebuilt
    # (a language switch); the switch is one of the panel's choices, inside its frame.
    _core, window, _sims, _mice = kiosk
    guidance = window.voice.guidance
    window.toggle_language()
    window.toggle_language()  # back to Chinese: the panel was built twice more
    panel = window.demo_panel
    switch = panel.buttons["headset"]
    assert switch.parent() is panel.choices and switch.text() == "插入耳机"
    window.resize(1280, 800)
    window.demo_button.setChecked(True)
    qtbot.waitUntil(switch.isVisible, timeout=3000)
    assert panel.rect().contains(switch.geometry().translated(switch.parent().pos()))
    switch.click()
    assert guidance.headset_in and guidance.active and switch.text() == "拔出耳机"
    assert said(window)[0].startswith("已插入耳机")
    switch.click()
    assert not guidance.headset_in and not guidance.active and switch.text() == "插入耳机"


def test_a_card_left_on_the_reader_is_asked_back_aloud(qtbot, kiosk) -> None:
    """Finding 4: 请取走身份证 is heard, not only shown, when the visit ends with the card
    still on the reader (no personal data in it: the loudspeaker may say it)."""
    core, window, sims, mice = kiosk
    window.demo_panel.buttons["headset"].click()
    take_number(qtbot, window, core, "A", headset=True)
    window.tickets.ticket_done.done_button.click()  # done: the visit ends, the card stays
    wait_said(qtbot, window, "请取走身份证")
    assert window.stack.currentWidget() is window.home
    core.demo.remove_card()
    qtbot.waitUntil(lambda: window.home.notice.isHidden(), timeout=5000)
