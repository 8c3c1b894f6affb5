"""A blind citizen at the kiosk with a numeric keypad (JOURNEYS.md 4, ADA §707): real
widgets offscreen, real key events sent to the focused widget, not one mouse event; what
guidance was asked to say is read from its log (a recording voice stands in for the
loudspeaker, nothing waits on audio)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from drivers import registry
from kiosk.bootstrap import offer_catalog
from kiosk.catalog import CatalogService
from kiosk.config.settings import DeviceSettings, GuidanceSettings
from kiosk.devices import DeviceManager
from kiosk.guidance import RecordingOutput
from tests.feeds import write_tiny_feed
from ui.app import start_role

pytestmark = pytest.mark.gui
KP = Qt.KeyboardModifier.KeypadModifier
NO = Qt.KeyboardModifier.NoModifier
MOUSE = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.TouchBegin,
}
# What personal data looks like: an ID number, a masked name or ID, a mobile number.
PERSONAL = re.compile(r"\d{17}[\dX]|\*|1[3-9]\d{9}")


class MouseCounter(QObject):
    """Counts every mouse or touch press the application sees."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in MOUSE:
            self.count += 1
        return False


def press(qtbot, window, key: Qt.Key, modifiers=KP) -> None:
    """One key, as a keypad sends it, to whatever has the focus."""
    target = window.focusWidget() or window
    if isinstance(target, QLineEdit):
        type_keys(target, [key], modifiers)
    else:
        QTest.keyClick(target, key, modifiers)
    qtbot.wait(10)  # the deferred focus move of a new screen


def type_keys(edit, keys, modifiers=NO) -> None:
    """Key presses into a text field, without the releases: a QLineEdit's key release
    asks the Qt Virtual Keyboard's input context to update its panel, and in a test
    process that context can be left over from an earlier test's destroyed keyboard
    (a crash inside libQt6VirtualKeyboard, seen with PySide6 6.x offscreen). A kiosk
    builds its keyboard once, so only tests meet it."""
    for key in keys:
        QTest.keyPress(edit, key, modifiers)


def said(window) -> list[str]:
    return [s.text for s in window.voice.guidance.log]


def wait_said(qtbot, window, text: str) -> None:
    qtbot.waitUntil(lambda: any(text in t for t in said(window)), timeout=3000)


@pytest.fixture
def kiosk(qtbot, make_core, tmp_path: Path):
    core = make_core("kiosk", guidance=GuidanceSettings(engine="none", headset="simulated"))
    printer = registry.create("printer", "fake", {})
    core.devices = DeviceManager(
        {"printer": DeviceSettings("printer", "fake")}, factory=lambda s: printer, probe_interval_s=0.05
    )
    catalog = CatalogService(tmp_path / "catalog.sqlite")
    catalog.import_file(write_tiny_feed(tmp_path), "feed")
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    core.start()
    offer_catalog(core, catalog)
    qtbot.waitUntil(
        lambda: "tile.guides" in window.home.tile_buttons and window.voice is not None and window.voice.started
    )
    voice = RecordingOutput()
    window.voice.guidance.output_for = lambda lang: voice
    mice = MouseCounter()
    QApplication.instance().installEventFilter(mice)
    yield core, window, printer, voice, mice
    QApplication.instance().removeEventFilter(mice)


def test_find_a_guide_and_print_its_notice_by_keypad_alone(qtbot, kiosk) -> None:
    core, window, printer, _voice, mice = kiosk
    press(qtbot, window, Qt.Key.Key_Asterisk)  # keypad *: 语音播报 on
    assert window.voice.guidance.active and window.voice.toggle.text() == "✓ 语音播报：开"
    # Finding 5: a short lead, the choices in a few syllables each, the other keys last.
    assert said(window)[:2] == ["语音已开启，按0重听", "您好，请按数字选择"]
    guides = list(window.home.tile_buttons).index("tile.guides") + 1
    assert said(window)[2].split("，")[guides - 1] == f"{guides}办事指南"
    if "tile.bundles" in window.home.tile_buttons:
        assert f"{list(window.home.tile_buttons).index('tile.bundles') + 1}一件事" in said(window)[2]
    assert "查询事项" not in said(window)[2]  # the tiles' subtitles are not in the list
    assert said(window)[-1] == "按上下键逐项收听，确认键确定，返回键返回"

    press(qtbot, window, getattr(Qt.Key, f"Key_{guides}"))
    assert window.stack.currentWidget() is window.guides.search_screen
    assert said(window)[-3:-1] == ["办事指南", "按主题查找，或在上方输入"]
    assert said(window)[-1] == "请按数字键选择：1，退休养老"

    press(qtbot, window, Qt.Key.Key_1)  # the topic 退休养老: its items replace the topics
    wait_said(qtbot, window, "1，80周岁以上老年人高龄津贴申领")
    assert "退休养老" in said(window)

    press(qtbot, window, Qt.Key.Key_Down, NO)  # the arrows walk the list, saying each row
    assert said(window)[-1].startswith("老年人优待证办理")
    press(qtbot, window, Qt.Key.Key_Up, NO)
    assert said(window)[-1].startswith("80周岁以上老年人高龄津贴申领")
    press(qtbot, window, Qt.Key.Key_Enter)  # keypad Enter opens the focused row
    guide = window.guides.guide_screen
    assert window.stack.currentWidget() is guide and guide.title.text() == "80周岁以上老年人高龄津贴申领"
    assert "80周岁以上老年人高龄津贴申领" in said(window)
    assert any(t.startswith("申请材料：1. ") for t in said(window))  # what to bring, read out
    assert said(window)[-1] == "请按数字键选择：1，打印一次性告知单"

    press(qtbot, window, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: "已打印" in guide.result_title.text(), timeout=3000)  # the print's result screen
    wait_said(qtbot, window, guide.result_title.text())
    lines = [getattr(b, "text", "") + getattr(b, "value", "") for b in printer.receipts[-1].blocks]
    assert any("一次性告知单" in line for line in lines)

    press(qtbot, window, Qt.Key.Key_Period)  # keypad "." = 返回
    assert window.stack.currentWidget() is window.guides.search_screen
    press(qtbot, window, Qt.Key.Key_Escape, NO)
    assert window.stack.currentWidget() is window.home
    press(qtbot, window, Qt.Key.Key_Escape, NO)  # nothing behind the home screen: it says so
    assert said(window)[-1] == "已在首页"

    assert mice.count == 0
    log = window.voice.guidance.log
    assert {s.route for s in log} == {"loudspeaker"} and not any(s.private for s in log)
    assert not [t for t in said(window) if PERSONAL.search(t)]

    # The citizen walks away: the timeout ends the visit and guidance forgets it.
    core.visit.clock = lambda: 1e12
    core.visit.tick()
    assert window.voice.guidance.log == [] and window.voice.guidance.speaker.pending() == 0
    assert not window.voice.guidance.active and window.voice.toggle.text() == "语音播报：关"
    assert not window.voice.navigator.engaged


def test_a_new_screen_cuts_off_the_old_one(qtbot, kiosk) -> None:
    _core, window, _printer, _voice, _mice = kiosk
    slow = RecordingOutput(seconds_per_char=0.2)
    window.voice.guidance.output_for = lambda lang: slow
    press(qtbot, window, Qt.Key.Key_Asterisk)
    assert slow.started.wait(3)
    guides = list(window.home.tile_buttons).index("tile.guides") + 1
    press(qtbot, window, getattr(Qt.Key, f"Key_{guides}"))
    qtbot.waitUntil(lambda: slow.cut and slow.said[-1] == "办事指南", timeout=3000)
    assert "您好，请按数字选择" not in slow.said  # queued on the home screen, never said
    assert slow.cut == [slow.said[0]]


def test_keys_in_the_search_field_type_and_outside_they_command(qtbot, kiosk) -> None:
    _core, window, _printer, _voice, mice = kiosk
    press(qtbot, window, Qt.Key.Key_Asterisk)
    guides = list(window.home.tile_buttons).index("tile.guides") + 1
    press(qtbot, window, getattr(Qt.Key, f"Key_{guides}"))
    search = window.guides.search_screen
    search.query.setFocus()
    type_keys(search.query, "dib")
    assert search.query.text() == "dib"
    assert said(window)[-1] == "dib"  # every entry is spoken
    press(qtbot, window, Qt.Key.Key_Backspace, NO)  # in a text field Backspace edits
    assert search.query.text() == "di" and window.stack.currentWidget() is search
    press(qtbot, window, Qt.Key.Key_9)  # in a field a keypad digit types (an ID number)
    assert search.query.text() == "di9"
    wait_said(qtbot, window, "没有找到“di9”")  # the new result, read when the screen is next looked at
    press(qtbot, window, Qt.Key.Key_Down, NO)  # ↓ leaves the field, back to the choices
    assert window.focusWidget() is not search.query and window.stack.currentWidget() is search
    press(qtbot, window, Qt.Key.Key_9)
    wait_said(qtbot, window, "没有第9项")
    before = len(said(window))
    press(qtbot, window, Qt.Key.Key_0)  # keypad 0: the screen again, from its title
    assert said(window)[before] == "办事指南" and any(t.startswith("没有找到“di9”") for t in said(window)[before:])
    press(qtbot, window, Qt.Key.Key_Escape, NO)
    assert window.stack.currentWidget() is window.home
    assert mice.count == 0


def test_the_focus_order_covers_the_screen_and_the_voice_switch(qtbot, kiosk) -> None:
    _core, window, _printer, _voice, _mice = kiosk
    order = [
        *window.home.tile_buttons.values(),
        window.home.elder_button,
        window.home.language_button,
        window.voice.toggle,
    ]
    seen = []
    for _ in range(2 * len(order)):
        press(qtbot, window, Qt.Key.Key_Tab, NO)
        seen.append(window.focusWidget())
    start = seen.index(order[0])  # wherever the focus began, the round is the same
    assert seen[start : start + len(order)] == order
    assert seen[(start + len(order)) % len(seen)] is order[0]  # and round again
    while window.focusWidget() is not order[0]:
        press(qtbot, window, Qt.Key.Key_Tab, NO)
    press(qtbot, window, Qt.Key.Key_Backtab, NO)
    assert window.focusWidget() is window.voice.toggle
    press(qtbot, window, Qt.Key.Key_Return, NO)  # Enter on the switch: voice on
    assert window.voice.guidance.active


def test_the_idle_warning_is_spoken_and_any_key_answers_it(qtbot, kiosk) -> None:
    core, window, _printer, _voice, _mice = kiosk
    press(qtbot, window, Qt.Key.Key_Asterisk)  # voice on; the key starts the visit
    now = [core.visit.clock()]
    core.visit.clock = lambda: now[0]
    now[0] += core.visit.timeout_s - core.visit.warning_s + 1
    core.visit.tick()
    wait_said(qtbot, window, "秒后将自动退出，按任意键继续办理")
    assert core.visit.state.value == "warning"
    press(qtbot, window, Qt.Key.Key_0)  # any key: the visit goes on (and 0 repeats the screen)
    assert core.visit.state.value == "active"
    assert said(window)[-3] == "您好，请按数字选择"  # the screen again, its list, the keys


def test_elder_mode_reads_the_screens_aloud(qtbot, kiosk) -> None:
    core, window, _printer, _voice, _mice = kiosk
    assert not window.voice.guidance.active
    core.visit.begin()  # as her tap on 长辈模式 does
    window.home.elder_button.click()
    assert window.voice.guidance.active and window.voice.toggle.text() == "✓ 语音播报：开"
    wait_said(qtbot, window, "您好，请按数字选择")
    core.visit.end()  # the next citizen starts in the standard mode, voice off
    assert not window.voice.guidance.active


def test_what_is_typed_into_a_form_is_never_read_on_the_loudspeaker(qtbot, kiosk) -> None:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    _core, window, _printer, _voice, _mice = kiosk
    press(qtbot, window, Qt.Key.Key_Asterisk)
    form = QWidget(window.stack)
    form.setObjectName("SomeFormScreen")
    phone = QLineEdit()
    QVBoxLayout(form).addWidget(phone)
    window.stack.addWidget(form)
    window.stack.setCurrentWidget(form)
    phone.setFocus()
    type_keys(phone, "13800001234")
    assert phone.text() == "13800001234"
    entries = [s for s in window.voice.guidance.log if s.kind == "entry"]
    assert len(entries) == 11 and {s.text for s in entries} == {"已输入"} and all(s.withheld for s in entries)
    assert not [t for t in said(window) if PERSONAL.search(t) or "1234" in t]

    window.voice.headset.set(True)  # with headphones in, the digits are read back
    type_keys(phone, [Qt.Key.Key_5])
    assert (said(window)[-1], window.voice.guidance.log[-1].route) == ("138000012345", "headset")


def test_a_bundle_by_keypad_in_english(qtbot, make_core, tmp_path: Path) -> None:
    """一件事一次办 walked by keypad after switching the kiosk to English by keypad."""
    import json

    from tests.feeds import tiny_feed

    feed = tiny_feed()
    feed["bundles"] = [
        {"bundle_code": "B-OLD", "name": "老年人一件事", "audience": "person", "item_codes": ["T-GLJT", "T-LNZ"]}
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    core = make_core("kiosk", guidance=GuidanceSettings(engine="none", headset="simulated"))
    printer = registry.create("printer", "fake", {})
    core.devices = DeviceManager({"printer": DeviceSettings("printer", "fake")}, factory=lambda s: printer)
    catalog = CatalogService(tmp_path / "c.sqlite")
    catalog.import_file(path, "feed")
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    core.start()
    offer_catalog(core, catalog)
    qtbot.waitUntil(lambda: "tile.bundles" in window.home.tile_buttons and window.voice is not None)
    window.voice.guidance.output_for = lambda lang: RecordingOutput()

    press(qtbot, window, Qt.Key.Key_Asterisk)
    while window.focusWidget() is not window.home.language_button:  # the arrows reach English
        press(qtbot, window, Qt.Key.Key_Down, NO)
    assert said(window)[-1] == "English"
    press(qtbot, window, Qt.Key.Key_Enter)
    wait_said(qtbot, window, "1, Guides")
    assert window.voice.guidance.log[-1].lang == "en"
    press(qtbot, window, getattr(Qt.Key, f"Key_{list(window.home.tile_buttons).index('tile.bundles') + 1}"))
    assert window.stack.currentWidget() is window.guides.bundle_list
    assert said(window)[-1] == "Press a number: 1, 老年人一件事"
    press(qtbot, window, Qt.Key.Key_1)
    guide = window.guides.guide_screen
    assert window.stack.currentWidget() is guide and "老年人一件事" in said(window)
    press(qtbot, window, Qt.Key.Key_1)  # the notice of the whole bundle
    qtbot.waitUntil(lambda: guide.result_title.text().startswith("Printed"), timeout=3000)
    assert any(getattr(b, "value", "") == "老年人一件事" for b in printer.receipts[-1].blocks)
    wait_said(qtbot, window, guide.result_title.text())
    press(qtbot, window, Qt.Key.Key_Escape, NO)
    assert window.stack.currentWidget() is window.guides.bundle_list
