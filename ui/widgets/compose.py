"""What the kiosk window needs from the keyboard before its first show, without the
keyboard's modules: importing ui.widgets.keyboard loads Qt Quick, QML and the network
module (~0.4 s), which the first screen must not wait for (bench/startup.py,
tests/integration/test_cli_import_budget.py)."""

from __future__ import annotations

import os

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def compose_for_keyboard(window: QWidget) -> None:
    """Have ``window`` composed by the GPU path (QRhi) from its first show, as the
    keyboard (a QQuickWidget) needs.

    Why: a window made for plain raster painting is destroyed and made again, native
    window and all, when its first QQuickWidget joins it. Under X that showed a black
    then grey screen for ~2.8 s at the first 自助申报 (issue 14, finding 12). A hidden
    QRhiWidget child, there before the window is created, marks the window as one with
    texture children, so it is made for QRhi at once (no QML engine is loaded for it).
    """
    if not enabled() or QGuiApplication.platformName() == "offscreen":  # no QRhi there, nor a screen
        return
    from PySide6.QtWidgets import QRhiWidget

    anchor = QRhiWidget(window)
    anchor.setObjectName("rhi_anchor")
    anchor.hide()


def enabled() -> bool:
    """Whether the virtual keyboard input method was selected before Qt started."""
    return os.environ.get("QT_IM_MODULE") == "qtvirtualkeyboard"
