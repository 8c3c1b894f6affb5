"""A press shows at once, readably, in every theme (issue 14: feedback within 100 ms of
every tap starts with the pressed look): a tile, a primary and a plain button change
their face while held, and their words keep the theme's contrast."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from tools.walk import text_contrast
from ui import theme
from ui.widgets.tile import TileButton

pytestmark = pytest.mark.gui


def _pixels(widget: QWidget):
    import numpy as np

    img = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    arr = np.frombuffer(img.constBits(), dtype=np.uint32, count=img.bytesPerLine() // 4 * img.height())
    return arr.reshape(img.height(), img.bytesPerLine() // 4)[:, : img.width()] & 0xFFFFFF


@pytest.mark.parametrize("name", sorted(theme.THEMES))
def test_every_kind_of_button_shows_a_readable_press(qtbot, name) -> None:
    theme.apply(QApplication.instance(), theme.THEMES[name])
    window = QWidget()
    col = QVBoxLayout(window)
    tile = TileButton([("取号", "title"), ("排队叫号", "muted")])
    primary = QPushButton("立即办理")
    primary.setProperty("role", "primary")
    plain = QPushButton("返回")
    for b in (tile, primary, plain):
        col.addWidget(b)
    qtbot.addWidget(window)
    window.resize(600, 600)
    window.show()
    qtbot.waitExposed(window)
    need = 7.0 if name in ("elder", "high_contrast") else 4.5
    try:
        for button in (tile, primary, plain):
            up = _pixels(button)
            QTest.mousePress(button, Qt.MouseButton.LeftButton, pos=QPoint(button.width() // 2, button.height() // 2))
            down = _pixels(button)
            assert (up != down).mean() > 0.5, f"{button.text() or '取号'}: no pressed look in {name}"
            ratio, fg, bg = text_contrast(down)
            assert ratio >= need, f"{button.text() or '取号'} pressed in {name}: {fg} on {bg} is {ratio:.1f}:1"
            QTest.mouseRelease(button, Qt.MouseButton.LeftButton, pos=QPoint(button.width() // 2, button.height() // 2))
            assert (_pixels(button) == up).mean() > 0.99  # released: as it was
    finally:
        theme.apply(QApplication.instance(), theme.THEMES["normal"])
