"""The three roles' windows, built offscreen with pytest-qt."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from drivers.health import HealthState
from kiosk.visit import VisitState
from ui import theme
from ui.app import CJK_FAMILIES, apply_fonts, missing_glyphs, start_role

pytestmark = pytest.mark.gui


def shown(qtbot, core):
    apply_fonts(QApplication.instance())
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_screen_shown, timeout=5000) as sig:
        pass
    return window, sig.args[0]


def test_kiosk_home_is_chinese_with_large_targets(qtbot, make_core) -> None:
    window, screen = shown(qtbot, make_core("kiosk"))
    assert screen == "KioskHomeScreen"
    home = window.home
    assert "请选择" in home.welcome.text()
    assert home.elder_button.height() >= theme.NORMAL.target_px
    assert missing_glyphs(window) == [] and QFontInfo(window.font()).family() in CJK_FAMILIES


def test_elder_mode_grows_text_and_targets(qtbot, make_core) -> None:
    window, _ = shown(qtbot, make_core("kiosk"))
    before = window.home.elder_button.fontInfo().pixelSize()
    qtbot.mouseClick(window.home.elder_button, Qt.MouseButton.LeftButton)
    # The home is built again in elder mode (fewer tiles, fewer words): ask the new one.
    qtbot.waitUntil(lambda: window.home.elder_button.fontInfo().pixelSize() >= theme.ELDER.body_px)
    assert before < theme.ELDER.body_px
    qtbot.waitUntil(lambda: window.home.elder_button.height() >= theme.ELDER.target_px)
    assert window.home.elder_button.text() == "标准模式"


def test_language_switch_and_reset_when_the_visit_ends(qtbot, make_core) -> None:
    core = make_core("kiosk")
    window, _ = shown(qtbot, core)
    qtbot.mouseClick(window.home.language_button, Qt.MouseButton.LeftButton)
    assert window.home.welcome.text().startswith("Welcome")
    assert core.visit.state is VisitState.ACTIVE  # the tap began a visit
    core.visit.end()
    qtbot.waitUntil(lambda: "请选择" in window.home.welcome.text())


def test_idle_warning_counts_down_and_one_tap_extends(qtbot, make_core) -> None:
    core = make_core("kiosk", idle_timeout_s=40, idle_warning_s=30)
    window, _ = shown(qtbot, core)
    now = [0.0]
    core.visit.clock = lambda: now[0]
    core.visit.begin()
    now[0] = 15.0
    core.visit.tick()
    qtbot.waitUntil(lambda: window.warning is not None and window.warning.isVisible())
    assert "25 秒" in window.warning.body.text()
    qtbot.mouseClick(window.warning.button, Qt.MouseButton.LeftButton)
    assert core.visit.state is VisitState.ACTIVE
    qtbot.waitUntil(lambda: not window.warning.isVisible())
    now[0] = 60.0
    core.visit.tick()
    assert core.visit.state is VisitState.IDLE


def test_window_role_shows_live_device_health(qtbot, make_core) -> None:
    core = make_core("window")
    window, screen = shown(qtbot, core)
    assert screen == "ClerkSignInScreen"
    core.start()
    qtbot.waitUntil(lambda: window.clerk.devices.state_text("printer") == "正常", timeout=3000)
    assert window.clerk.devices.state_text("camera") == "未配置"
    assert core.devices.health_snapshot()["printer"].state is HealthState.OK


def test_display_role_shows_the_board(qtbot, make_core) -> None:
    from kiosk.queue.board import BoardCall, BoardView

    window, screen = shown(qtbot, make_core("display"))
    assert screen == "HallBoardScreen"
    assert window.board.welcome.isVisible()  # no hub yet, no calls: a welcome, not a table
    call = BoardCall("A012", "A", 3, "2026-12-02T09:30:00+08:00")
    window.board.show_view(BoardView((call,), (), "connected", False, None, 0, True))
    assert window.board.current_number.text() == "A012" and not window.board.welcome.isVisible()
    assert window.board.current_window.text() == "请到 3 号窗口"
    texts = [w.text() for w in window.findChildren(QLabel) + window.findChildren(QPushButton)]
    assert "正在呼叫" in texts


@pytest.mark.parametrize("t", list(theme.THEMES.values()), ids=lambda t: t.name)
def test_theme_contrast_meets_the_floor(t: theme.Theme) -> None:
    need = 7.0 if t.name in ("elder", "high_contrast") else 4.5
    assert theme.contrast_ratio(t.text, t.bg) >= need
    assert theme.contrast_ratio(t.accent_text, t.accent) >= need
    assert theme.contrast_ratio(t.muted, t.surface) >= 4.5
    assert t.body_px >= (36 if t.name == "elder" else 24)
    assert t.target_px >= (110 if t.name == "elder" else 72)


def test_a_tap_on_a_tile_text_opens_the_tile(qtbot) -> None:
    from PySide6.QtTest import QTest

    from ui.screens.kiosk_home import KioskHomeScreen, Tile

    opened = []
    home = KioskHomeScreen("大厅", [Tile("tile.guides", lambda: opened.append(True))])
    qtbot.addWidget(home)
    home.show()
    label = home.tile_buttons["tile.guides"].findChild(QLabel)
    assert label.text() == "办事指南"
    QTest.mouseClick(label, Qt.MouseButton.LeftButton)  # the words, not the button's edge
    assert opened == [True]
