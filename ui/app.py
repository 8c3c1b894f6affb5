"""Start the Qt application for a role: fonts, theme, language, the role's window."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from kiosk.core import Core
from kiosk.logs import log_event
from ui import i18n, theme
from ui.bridge import CoreBridge
from ui.qt_app import gui_app
from ui.role_window import RoleWindow
from ui.windows import window_for_role

# Preferred CJK families, best first (HARDWARE.md §7: without one every Han is a box).
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")


def apply_fonts(app: QApplication) -> None:
    """Make a CJK font the application font. Qt takes the first of these it has; listing
    every installed family to choose costs ~10 ms of start-up. Whether one was found is
    logged with the first screen."""
    font = QFont()
    font.setFamilies(list(CJK_FAMILIES))
    app.setFont(font)


def missing_glyphs(root: QWidget) -> list[str]:
    """Characters shown in ``root``'s labels and buttons that its font cannot draw."""
    missing: set[str] = set()
    for w in root.findChildren(QLabel) + root.findChildren(QPushButton):
        metrics = QFontMetrics(w.font())
        for ch in w.text():
            if not ch.isspace() and not metrics.inFontUcs4(ord(ch)):
                missing.add(ch)
    return sorted(missing)


def create_application(argv: list[str] | None = None, *, onscreen_keyboard: bool = False) -> QApplication:
    if onscreen_keyboard:  # must be chosen before the QApplication exists
        os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    app = gui_app() if QApplication.instance() else QApplication(argv or sys.argv[:1])
    app.setApplicationName("hall-kiosk")
    apply_fonts(app)
    return app


def start_role(
    core: Core, *, fullscreen: bool, on_first_screen: Callable[[RoleWindow], None] | None = None
) -> RoleWindow:
    """Build and show the role's window; ``on_first_screen`` runs once it is painted."""
    i18n.set_language(core.settings.language)
    app = gui_app()
    theme.apply(app, theme.THEMES[core.settings.theme])
    bridge = CoreBridge(app)
    core.devices.add_listener(bridge.on_device_health)
    window = window_for_role(core, bridge)
    window.bridge = bridge

    def announce(screen: str) -> None:
        font = QFontInfo(window.font())
        if font.family() not in CJK_FAMILIES:
            log_event("no_cjk_font", font=font.family(), hint="install fonts-noto-cjk or fonts-wqy-microhei")
        log_event(
            "first_screen_shown",
            role=core.settings.role,
            screen=screen,
            font=font.family(),
            missing_glyphs="".join(missing_glyphs(window)),
        )
        if on_first_screen:
            on_first_screen(window)

    window.first_screen_shown.connect(announce)
    fit_to_screen(window)
    if fullscreen:
        window.showFullScreen()
    else:
        window.show()
    return window


def fit_to_screen(window: QWidget, screen_size=None) -> None:
    """Never larger than the screen it is on: a portrait screen gets a portrait window
    (``--demo`` opened 1600x900 on a 1080x1920 screen), and no screen can grow it past
    the edge, where 返回 and 打印 would be cut off."""
    if screen_size is None:
        if QApplication.platformName() == "offscreen":
            window.resize(1600, 900)  # no real screen (800x600 made up): the tests and tools size it
            return
        screen = window.screen() or QApplication.primaryScreen()
        avail, screen_size = screen.availableGeometry().size(), screen.geometry().size()
    else:
        avail = screen_size
    window.setMaximumSize(screen_size)
    if avail.width() >= avail.height():
        window.resize(min(1600, avail.width()), min(900, avail.height()))
    else:
        window.resize(min(900, avail.width()), min(1600, avail.height()))


def show_config_problem(reason: str, config_path: str, *, fullscreen: bool) -> QWidget:
    """The technician's configuration-problem screen as the only window."""
    from ui.screens.config_problem import ConfigProblemScreen

    gui_app().setStyleSheet(theme.style_sheet(theme.NORMAL))
    screen = ConfigProblemScreen(reason, config_path)
    if fullscreen:
        # Without a window manager (cage, Xvfb) the size is not given: take the screen's.
        screen.setGeometry(QApplication.primaryScreen().geometry())
        screen.showFullScreen()
    else:
        screen.resize(1600, 900)
        screen.show()
    return screen


def save_screenshot(window: QWidget, path: str) -> None:
    """Write what the window shows to a PNG (after pending paints)."""
    QApplication.processEvents()
    window.grab().save(path, "PNG")
    log_event("screenshot_saved", path=path)


def quit_soon(ms: int = 0) -> None:
    QTimer.singleShot(ms, gui_app().quit)
